"""The settings loader (`configuration`, `projects`, `flake8_config`): precedence, strict types,
one line per problem naming the file and key.  End-to-end agreement of flake8 and the fixer is
in test_settings_agreement.py."""

from __future__ import annotations

import os

import pytest

from noinherit_lint import projects
from noinherit_lint.configuration import CommandLine, Configuration
from noinherit_lint.flake8_config import CodeChoice, find_config_file, read_flake8_config
from noinherit_lint.settings import Settings, SettingsError, clear_caches
from tests.nested import nested_folders

NAMES = {"min-python": "--min-python", "platforms": "--platforms", "scope": "--scope",
         "runtime-module": "--runtime-module", "select": "--select", "ignore": "--ignore"}


@pytest.fixture(autouse=True)
def project(tmp_path, monkeypatch):
    """A working folder `proj` whose parent is $HOME, so no configuration file above is read."""
    clear_caches()
    folder = tmp_path / "proj"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(folder)
    yield folder
    clear_caches()


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def settings(path="m.py", **given) -> Settings:
    return Configuration.for_command(CommandLine(**given), NAMES).settings_for(path)


def problems(path="m.py"):
    report = Configuration.for_command(CommandLine(), NAMES).check_projects([path])
    return report.errors, report.warnings


# --------------------------------------------------------------------------- precedence


def test_defaults_without_any_file():
    found = settings()
    assert (found.min_python, found.min_python_assumed, found.platforms, found.scope) == (
        (2, 7), True, {"linux", "macos", "windows"}, "module")
    assert problems() == ([], [])


LAYERS = [
    # (file, text, the min-python it gives); each layer beats every layer after it
    ("setup.cfg", "[flake8]\nnih-min-python = 3.9\n", (3, 9)),
    ("pyproject.toml", '[tool.noinherit]\nmin-python = "3.7"\n', (3, 7)),
    ("pyproject.toml", '[project]\nrequires-python = ">=3.6"\n', (3, 6)),
    ("setup.cfg", "[options]\npython_requires = >=3.5\n", (3, 5)),
    ("setup.py", "setup(python_requires='>=3.4')\n", (3, 4)),
]


@pytest.mark.parametrize("top", range(len(LAYERS)))
def test_each_source_beats_the_ones_below_it(project, top):
    texts = {}
    for name, text, _ in reversed(LAYERS[top:]):
        texts[name] = texts.get(name, "") + text
    for name, text in texts.items():
        write(project, name, text)
    assert settings().min_python == LAYERS[top][2]
    assert settings(min_python="3.10").min_python == (3, 10)  # the command line beats them all


def test_sources_are_named_for_messages(project):
    write(project, "pyproject.toml", '[project]\nrequires-python = ">=3.8.0rc1"\n')
    assert settings().min_python_source == "pyproject.toml: [project] requires-python '>=3.8.0rc1'"
    assert settings(min_python="3.9").min_python_source == "--min-python"


def test_a_pre_release_requires_python_is_read(project):
    """Defect: ">=3.8.0rc1" was not read, and the messages then said to set requires-python."""
    write(project, "pyproject.toml", '[project]\nrequires-python = ">=3.8.0rc1"\n')
    found = settings()
    assert (found.min_python, found.min_python_assumed) == ((3, 8), False)


def test_an_unreadable_specifier_is_a_warning_and_the_next_source_is_used(project):
    """Defect: ">=3.8.*" silently became min-python 2.0."""
    write(project, "pyproject.toml", '[project]\nrequires-python = ">=3.8.*"\n')
    write(project, "setup.cfg", "[options]\npython_requires = >=3.6\n")
    assert settings().min_python == (3, 6)
    assert problems() == ([], [
        "pyproject.toml: [project] requires-python: cannot read '>=3.8.*' (a .* suffix is allowed only "
        "after == or !=); ignored"])
    (project / "setup.cfg").unlink()
    clear_caches()
    assert settings().min_python_assumed


def test_a_python_2_setup_py_declares_nothing(project):
    """Defect: a setup.py Python 3 cannot parse made every file refused."""
    write(project, "setup.py", "print 'hello'\nsetup(python_requires='>=3.6')\n")
    assert problems() == ([], [])
    assert settings().min_python_assumed
    write(project, "pyproject.toml", '[project]\nrequires-python = ">=3.8"\n')
    clear_caches()
    assert settings().min_python == (3, 8)


def test_setup_py_is_never_executed(project):
    write(project, "setup.py", "import sys\nsys.exit('must not run')\nsetup(name='x', python_requires='>=3.7')\n")
    assert settings().min_python == (3, 7)


def test_nearest_project_wins_and_deep_trees_do_not_recurse(project):
    write(project, "pyproject.toml", '[tool.noinherit]\nscope = "always"\n')
    with nested_folders(project, 1000) as deep:
        assert settings(os.path.join(deep, "m.py")).scope == "always"
    write(project, "sub/setup.cfg", "[metadata]\nname = sub\n")
    assert settings(str(project / "sub" / "m.py")).scope == "module"  # sub is its own project


def test_flake8_file_value_beats_tool_table_and_is_named(project):
    write(project, "tox.ini", "[flake8]\nnih_scope = always\n")
    write(project, "pyproject.toml", '[tool.noinherit]\nscope = "module"\n')
    assert settings().scope == "always"
    write(project, "tox.ini", "[flake8]\nnih-scope = sometimes\n")
    with pytest.raises(SettingsError) as info:
        settings()
    assert str(info.value) == "tox.ini: [flake8] nih-scope: expected 'module' or 'always', got 'sometimes'"


# --------------------------------------------------------------------------- strict types (issue 12)


def _error(project, toml: str) -> str:
    write(project, "pyproject.toml", toml)
    clear_caches()
    errors, _ = problems()
    assert len(errors) == 1, errors
    with pytest.raises(SettingsError) as info:
        settings()
    assert str(info.value) == errors[0]
    return errors[0]


def test_a_toml_float_min_python_says_to_quote_it(project):
    """Defect: min-python = 3.10 was read as 3.1."""
    assert _error(project, "[tool.noinherit]\nmin-python = 3.10\n") == (
        'pyproject.toml: [tool.noinherit] min-python: expected a string such as "3.10", got the TOML float 3.1 '
        '(an unquoted 3.10 is the number 3.1 in TOML: quote the version, as in min-python = "3.10")')


def test_a_wrongly_typed_requires_python_is_an_error_not_a_fallback(project):
    """Defect: requires-python = 3.8 silently fell back to 2.7."""
    assert _error(project, "[project]\nrequires-python = 3.8\n") == (
        'pyproject.toml: [project] requires-python: expected a string such as ">=3.8", got the TOML float 3.8')


@pytest.mark.parametrize("toml, message", [
    ("[tool.noinherit]\nscope = true\n", "[tool.noinherit] scope: expected a string such as \"always\", got the "
                                         "TOML boolean true"),
    ("[tool.noinherit]\nplatforms = [\"linux\", 3]\n", "[tool.noinherit] platforms: expected an array of strings, "
                                                      "but it holds the TOML integer 3"),
    ("[tool.noinherit]\nselect = {a = 1}\n", "[tool.noinherit] select: expected a string or an array of strings, "
                                             "got a TOML table"),
    ("[tool.noinherit]\nruntime-module = 1979-05-27\n", "[tool.noinherit] runtime-module: expected a string such as "
                                                        "\"pkg.ftools\", got a TOML date/time"),
    ("[tool.noinherit]\nmin-python = " + "9" * 400 + "\n",
     "[tool.noinherit] min-python: expected a string such as \"3.10\", got the TOML integer"),
    ("[tool.noinherit]\nmin-python = \"3." + "9" * 5000 + "\"\n",
     "[tool.noinherit] min-python: expected a version like 2.7 or 3.8, got '3.999"),
    ("[tool.noinherit]\nselect = [" + "[" * 100 + "]" * 100 + "]\n",
     "[tool.noinherit] select: expected an array of strings, but it holds a TOML array of 1 items"),
    ("x = " + "[" * 5000 + "]" * 5000 + "\n", "not valid TOML (nested too deeply)"),
    ("x = " + "1" * 5000 + "\n", "not valid TOML"),
    ("[tool.noinherit\n", "not valid TOML (Expected ']' at the end of a table declaration (at line 1, column 16))"),
    ("tool = 1\n", "[tool.noinherit] must be a table, got the TOML integer 1"),
    ("[tool]\nnoinherit = \"x\"\n", "[tool.noinherit] must be a table, got the TOML string 'x'"),
    ("project = []\n", "[project] must be a table, got a TOML array of 0 items"),
    ("[tool.noinherit]\nmin_python = \"3.8\"\n", "[tool.noinherit] unknown key 'min_python' (did you mean "
                                               "'min-python'? known: min-python, platforms, scope, runtime-module, "
                                               "select, ignore, per-file-ignores, unsafe-fixes, add-dependency, fix-exclude, line-length)"),
    ("[tool.noinherit]\nunsafe-fixes = \"true\"\n", "[tool.noinherit] unsafe-fixes: expected a boolean (true or "
                                                    "false, unquoted), got the TOML string 'true'"),
    ("[tool.noinherit]\nignore = [\"NIH999\"]\n", "[tool.noinherit] ignore: unknown code 'NIH999' (the codes are "
                                                 "NIH000..NIH403, or a prefix such as NIH1)"),
    ("[tool.noinherit]\nselect = \"E501\"\n", "[tool.noinherit] select: unknown code 'E501'"),
])
def test_every_value_is_checked_and_named(project, toml, message):
    """Defect: wrong types, 5,000-digit numbers and deep arrays gave tracebacks."""
    error = _error(project, toml)
    assert error.startswith("pyproject.toml: " + message), error
    assert "\n" not in error and len(error) < 300


def test_tool_values_are_parsed(project):
    write(project, "pyproject.toml", '[tool.noinherit]\nmin-python = "3.3"\nplatforms = ["Linux", "windows"]\n'
                                     'scope = "always"\nruntime-module = ".ftools"\nselect = "nih1,NIH2"\n'
                                     'ignore = ["NIH102"]\n')
    found = settings()
    assert (found.min_python, found.platforms, found.scope, found.runtime_module, found.select, found.ignore) == (
        (3, 3), {"linux", "windows"}, "always", ".ftools", ("NIH1", "NIH2"), ("NIH102",))
    assert found.selects("NIH101") and not found.selects("NIH102") and not found.selects("NIH301")


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize("given, message", [
    ({"select": "NIH1,NIH999"}, "--select: unknown code 'NIH999'"),
    ({"ignore": "E501"}, "--ignore: unknown code 'E501'"),
    ({"select": "nih101"}, "--select: unknown code 'nih101'"),  # codes are case-sensitive, as in flake8
])
def test_unknown_codes_on_the_command_line_are_errors(given, message):
    with pytest.raises(SettingsError, match=message):
        Configuration.for_command(CommandLine(**given), NAMES)


def test_flake8_file_codes_of_other_plugins_pass_but_unknown_nih_codes_do_not(project):
    write(project, "setup.cfg", "[flake8]\nextend-ignore = E501, B950, NIH2\nper-file-ignores = t/*: F401\n")
    Configuration.for_command(CommandLine(), NAMES)
    write(project, "setup.cfg", "[flake8]\nper-file-ignores = t/*: NIH7\n")
    with pytest.raises(SettingsError, match=r"^setup.cfg: \[flake8\] per-file-ignores: unknown code 'NIH7'"):
        Configuration.for_command(CommandLine(), NAMES)
    write(project, "setup.cfg", "[flake8]\nignore = nih101\n")
    with pytest.raises(SettingsError, match=r"^setup.cfg: \[flake8\] ignore: 'nih101' is not an error code$"):
        Configuration.for_command(CommandLine(), NAMES)


def test_per_file_ignores_longest_matching_pattern_wins(project):
    write(project, "setup.cfg", "[flake8]\nper-file-ignores =\n  *.py: NIH1\n  tests/*: NIH2\n  tests/x.py: NIH3\n")
    configuration = Configuration.for_command(CommandLine(), NAMES)

    def ignored(path):
        return {code for code in ("NIH101", "NIH201", "NIH301") if not configuration.settings_for(path).selects(code)}

    assert ignored("m.py") == {"NIH101"}
    assert ignored("tests/y.py") == {"NIH201"}  # "tests/*" is longer than "*.py": only its codes apply
    assert ignored("tests/x.py") == {"NIH301"}


def test_command_line_select_replaces_the_files_select(project):
    write(project, "setup.cfg", "[flake8]\nselect = NIH2\nextend-ignore = NIH101\n")
    assert settings().selects("NIH201") and not settings().selects("NIH102")
    chosen = settings(select="NIH1")
    assert chosen.selects("NIH102") and not chosen.selects("NIH101") and not chosen.selects("NIH201")


def test_code_choice_is_flake8s_decision():
    assert CodeChoice().selects("NIH101")
    assert not CodeChoice(select=("E", "F")).selects("NIH101")
    assert CodeChoice(select=("E",), extend_select=("NIH1",)).selects("NIH101")
    assert not CodeChoice(ignore=("NIH",)).selects("NIH101")
    assert CodeChoice(select=("NIH10",), ignore=("NIH1",)).selects("NIH101")  # longest prefix wins
    assert not CodeChoice().ignoring(["NIH1"]).selects("NIH101")


# --------------------------------------------------------------------------- the flake8 file


def test_flake8_file_discovery_order_and_unparseable_candidates(project):
    write(project, ".flake8", "[flake8]\nnih-scope = always\n")
    write(project, "tox.ini", "[tox]\nenvlist = py3\n")  # no [flake8] section: not a flake8 file
    assert find_config_file(".") == str(project / ".flake8")
    write(project, "setup.cfg", "not an ini file\n")  # unparseable: skipped, as flake8 does
    assert find_config_file(".") == str(project / ".flake8")
    write(project, "setup.cfg", "[flake8]\n")
    assert find_config_file(".") == str(project / "setup.cfg")
    nested = project / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config_file(str(nested)) == str(project / "setup.cfg")


def test_flake8_file_exclude_is_relative_to_its_folder(project, monkeypatch):
    write(project, "setup.cfg", "[flake8]\nexclude = ./build/,docs\nextend-exclude = *.pyi\n")
    monkeypatch.chdir(project / ".." )
    os.makedirs(project / "sub", exist_ok=True)
    config = read_flake8_config(str(project))
    assert config.paths("exclude") == (str(project / "build"), "docs")
    configuration = Configuration.for_command(CommandLine(), NAMES, config)
    assert configuration.exclude == (str(project / "build"), "docs", "*.pyi")
    defaults = Configuration.for_command(CommandLine(extend_exclude="x"), NAMES, read_flake8_config(str(project / "sub"), isolated=True))
    assert defaults.exclude[-2:] == ("*.egg", "x")  # flake8's default list, then the extension


def test_project_problems_are_collected_once_per_project(project):
    write(project, "a/pyproject.toml", "[tool.noinherit]\nscope = 1\n")
    write(project, "b/pyproject.toml", '[project]\nrequires-python = "3.8"\n')
    report = Configuration.for_command(CommandLine(), NAMES).check_projects(
        [f"{folder}/m{index}.py" for folder in "ab" for index in range(50)])
    assert report.errors == ["a/pyproject.toml: [tool.noinherit] scope: expected a string such as \"always\", "
                             "got the TOML integer 1"]
    assert report.warnings == ["b/pyproject.toml: [project] requires-python: cannot read '3.8' (an operator such "
                               "as >= is missing); ignored"]
    assert projects.load_project.cache_info().currsize == 2
