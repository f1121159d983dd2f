"""What `noinherit-fix` changes outside the modules: the runtime dependency (--add-dependency or a
note), build-time scripts left alone (fix-exclude), lines grown past the line length reported."""

from __future__ import annotations

import pytest

from noinherit_lint.cli import main
from noinherit_lint.settings import clear_caches

OPTIONS = ("--min-python", "2.7", "--unsafe-fixes", "--scope", "always")
MODULE = 'f = open("p")\n'
FIXED = 'from noinherit_ftools import ftools\n\nf = ftools.open("p")\n'
NOTE = "noinherit-fix: note: the rewritten code imports noinherit_ftools; "


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clear_caches()
    yield
    clear_caches()


def fix(capsys, *args):
    code = main([*OPTIONS, *args])
    out, err = capsys.readouterr()
    return code, out, err


def project(tmp_path, name, data: bytes):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "m.py").write_text(MODULE)


PYPROJECT = (b'[project]\r\nname = "x"  # the name\r\ndependencies = [\r\n    "a>=1",  # why\r\n'
             b'    "b"  # no comma\r\n]\r\n\r\n[tool.other]\r\nkey = 1\r\n')
PYPROJECT_ADDED = (b'[project]\r\nname = "x"  # the name\r\ndependencies = [\r\n    "a>=1",  # why\r\n'
                   b'    "b",  # no comma\r\n    "noinherit-ftools>=0.2.0",\r\n]\r\n\r\n[tool.other]\r\nkey = 1\r\n')


def test_without_the_option_a_note_says_what_to_add_and_nothing_else_changes(tmp_path, capsys):
    project(tmp_path, "pyproject.toml", PYPROJECT)
    assert fix(capsys, "m.py") == (1, "", "Rewriting m.py\n" + NOTE +
                                   'pyproject.toml: add "noinherit-ftools>=0.2.0" to [project] dependencies '
                                   "(or run with --add-dependency)\n")
    assert (tmp_path / "pyproject.toml").read_bytes() == PYPROJECT
    assert (tmp_path / "m.py").read_text() == FIXED


def test_add_dependency_keeps_comments_and_crlf_and_is_idempotent(tmp_path, capsys):
    project(tmp_path, "pyproject.toml", PYPROJECT)
    assert fix(capsys, "--add-dependency", "m.py") == (
        1, "", "Rewriting m.py\nAdding noinherit-ftools>=0.2.0 to pyproject.toml [project] dependencies\n")
    assert (tmp_path / "pyproject.toml").read_bytes() == PYPROJECT_ADDED
    (tmp_path / "n.py").write_text(MODULE)  # another rewrite: the dependency is there already
    assert fix(capsys, "--add-dependency", "n.py") == (1, "", "Rewriting n.py\n")
    assert (tmp_path / "pyproject.toml").read_bytes() == PYPROJECT_ADDED
    assert fix(capsys, "--add-dependency", ".") == (0, "", "")


@pytest.mark.parametrize("written", ['"noinherit_ftools"', '"Noinherit.FTools==0.1"', '"noinherit-ftools; python_version<\'4\'"'])
def test_any_spelling_or_specifier_counts_as_present(tmp_path, capsys, written):
    data = f'[project]\nname = "x"\ndependencies = [{written}]\n'.encode()
    project(tmp_path, "pyproject.toml", data)
    assert fix(capsys, "--add-dependency", "m.py") == (1, "", "Rewriting m.py\n")
    assert (tmp_path / "pyproject.toml").read_bytes() == data


@pytest.mark.parametrize("before, after", [
    (b'[project]\nname = "x"\ndependencies = ["a", "b"]  # keep\n',
     b'[project]\nname = "x"\ndependencies = ["a", "b", "noinherit-ftools>=0.2.0"]  # keep\n'),
    (b'[project]\nname = "x"\ndependencies = []\n',
     b'[project]\nname = "x"\ndependencies = ["noinherit-ftools>=0.2.0"]\n'),
    (b'[project]\nname = "x"\n# end of project\n\n[build-system]\nrequires = []\n',
     b'[project]\nname = "x"\ndependencies = ["noinherit-ftools>=0.2.0"]\n# end of project\n\n'
     b'[build-system]\nrequires = []\n'),
    (b'[project]\nname = "x"',
     b'[project]\nname = "x"\ndependencies = ["noinherit-ftools>=0.2.0"]\n'),
])
def test_pyproject_layouts(tmp_path, capsys, before, after):
    project(tmp_path, "pyproject.toml", before)
    assert fix(capsys, "--add-dependency", "m.py")[0] == 1
    assert (tmp_path / "pyproject.toml").read_bytes() == after


@pytest.mark.parametrize("before, after", [
    (b"[metadata]\nname = x\n\n[options]\ninstall_requires =\n    a\n    b>=2  # pinned\n\n[flake8]\nx = 1\n",
     b"[metadata]\nname = x\n\n[options]\ninstall_requires =\n    a\n    b>=2  # pinned\n"
     b"    noinherit-ftools>=0.2.0\n\n[flake8]\nx = 1\n"),
    (b"[options]\ninstall_requires = a; b\npackages = x\n",
     b"[options]\ninstall_requires = a; b; noinherit-ftools>=0.2.0\npackages = x\n"),
    (b"[options]\npackages = x\n\n[flake8]\n",
     b"[options]\npackages = x\ninstall_requires =\n    noinherit-ftools>=0.2.0\n\n[flake8]\n"),
])
def test_setup_cfg_install_requires(tmp_path, capsys, before, after):
    project(tmp_path, "setup.cfg", before)
    assert fix(capsys, "--add-dependency", "m.py") == (
        1, "", "Rewriting m.py\nAdding noinherit-ftools>=0.2.0 to setup.cfg [options] install_requires\n")
    assert (tmp_path / "setup.cfg").read_bytes() == after


def test_setup_py_is_never_edited_only_reported(tmp_path, capsys):
    setup = b'from setuptools import setup\nsetup(name="x", install_requires=["a"])\n'
    project(tmp_path, "setup.py", setup)
    assert fix(capsys, "--add-dependency", "m.py") == (
        1, "", "Rewriting m.py\n" + NOTE + 'setup.py: add "noinherit-ftools>=0.2.0" to install_requires= '
        "(setup.py is not edited)\n")
    assert (tmp_path / "setup.py").read_bytes() == setup


def test_dynamic_setup_py_requires_win_over_setup_cfg(tmp_path, capsys):
    """setup(install_requires=...) overrides setup.cfg's: editing setup.cfg would not help."""
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n")
    project(tmp_path, "setup.py", b'from setuptools import setup\nsetup(install_requires=["a"])\n')
    assert fix(capsys, "--add-dependency", "m.py")[2].endswith("(setup.py is not edited)\n")
    assert (tmp_path / "setup.cfg").read_text() == "[metadata]\nname = x\n"


def test_check_and_diff_write_nothing(tmp_path, capsys):
    data = b'[project]\nname = "x"\ndependencies = ["a"]\n'
    project(tmp_path, "pyproject.toml", data)
    assert fix(capsys, "--add-dependency", "--check", "m.py") == (
        1, "", "Would rewrite m.py\nWould add noinherit-ftools>=0.2.0 to pyproject.toml [project] dependencies\n")
    code, out, err = fix(capsys, "--add-dependency", "--diff", "m.py")
    assert code == 1 and err == ""
    assert out.endswith('--- pyproject.toml\n+++ pyproject.toml\n@@ -1,3 +1,3 @@\n [project]\n name = "x"\n'
                        '-dependencies = ["a"]\n+dependencies = ["a", "noinherit-ftools>=0.2.0"]\n')
    assert (tmp_path / "pyproject.toml").read_bytes() == data


def test_tool_noinherit_add_dependency_and_the_command_line_overrides_it(tmp_path, capsys):
    data = b'[project]\nname = "x"\n\n[tool.noinherit]\nadd-dependency = true\n'
    project(tmp_path, "pyproject.toml", data)
    assert fix(capsys, "--no-add-dependency", "m.py")[2].startswith("Rewriting m.py\n" + NOTE)
    assert (tmp_path / "pyproject.toml").read_bytes() == data
    (tmp_path / "m.py").write_text(MODULE)
    assert fix(capsys, "m.py")[0] == 1
    assert (tmp_path / "pyproject.toml").read_bytes() == data.replace(
        b'name = "x"\n', b'name = "x"\ndependencies = ["noinherit-ftools>=0.2.0"]\n')


def test_vendored_runtime_and_safe_fixes_need_no_dependency(tmp_path, capsys):
    data = b'[project]\nname = "x"\n'
    (tmp_path / "pyproject.toml").write_bytes(data)
    (tmp_path / "m.py").write_text('import subprocess\nsubprocess.call(["ls"], close_fds=False)\n')
    assert fix(capsys, "m.py") == (1, "", "Rewriting m.py\n")


def test_a_bad_pyproject_is_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\nname = "x"\ndependencies = "a"\n')
    (tmp_path / "m.py").write_text(MODULE)
    assert fix(capsys, "--add-dependency", "m.py") == (
        2, "", "Rewriting m.py\nnoinherit-fix: pyproject.toml: [project] dependencies is not an array\n")


# --------------------------------------------------------------------------- fix-exclude


def test_setup_py_is_not_rewritten_by_default_and_fix_exclude_overrides(tmp_path, capsys):
    (tmp_path / "setup.py").write_text(MODULE)
    (tmp_path / "noxfile.py").write_text(MODULE)
    (tmp_path / "conftest.py").write_text(MODULE)
    assert fix(capsys, ".") == (1, "", fix_expected_setup_py_note())
    assert (tmp_path / "setup.py").read_text() == MODULE
    assert (tmp_path / "noxfile.py").read_text() == MODULE
    assert fix(capsys, "--fix-exclude", "", "setup.py")[2].startswith("Rewriting setup.py\n")


def fix_expected_setup_py_note():
    return ("Rewriting ./conftest.py\n" + NOTE +
            'setup.py: add "noinherit-ftools>=0.2.0" to install_requires= (setup.py is not edited)\n')


def test_fix_exclude_in_tool_noinherit_is_anchored_at_the_project(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.noinherit]\nfix-exclude = ["tools/*.py"]\n')
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "gen.py").write_text(MODULE)
    (tmp_path / "setup.py").write_text(MODULE)
    code, _, err = fix(capsys, ".")
    assert (code, err.splitlines()[0]) == (1, "Rewriting ./setup.py")
    assert (tmp_path / "tools" / "gen.py").read_text() == MODULE


# --------------------------------------------------------------------------- long lines

LONG = 'f = open("' + "x" * 70 + '")\n'  # 82 characters; 89 after the swap


@pytest.mark.parametrize("config, limit", [
    (None, 88), ("[tool.ruff]\nline-length = 89\n", 89), ("[tool.ruff]\nline-length = 85\n", 85), ("[tool.black]\nline-length = 86\n", 86),
    ("[tool.noinherit]\nline-length = 84\n", 84),
])
def test_lines_grown_past_the_line_length_are_reported(tmp_path, capsys, config, limit):
    if config:
        (tmp_path / "pyproject.toml").write_text(config)
    (tmp_path / "m.py").write_text("import os\n" + LONG + "g = 1\n")
    err = fix(capsys, "m.py")[2]
    report = f"m.py:5: line too long after the fix (89 > {limit} characters); not reflowed\n"
    assert (report in err) == (limit < 89)
    assert (tmp_path / "m.py").read_text().splitlines()[4] == 'f = ftools.open("' + "x" * 70 + '")'


def test_flake8_max_line_length_and_its_default_and_the_command_line(tmp_path, capsys):
    (tmp_path / "setup.cfg").write_text("[flake8]\nselect = NIH\n")
    (tmp_path / "m.py").write_text('f = open("' + "x" * 61 + '")\n')  # 73 -> 80 characters
    assert "m.py:3: line too long after the fix (80 > 79 characters); not reflowed\n" in fix(capsys, "m.py")[2]
    (tmp_path / "m.py").write_text('f = open("' + "x" * 61 + '")\n')
    (tmp_path / "setup.cfg").write_text("[flake8]\nmax-line-length = 100\n")
    assert "too long" not in fix(capsys, "m.py")[2]
    (tmp_path / "m.py").write_text('f = open("' + "x" * 61 + '")\n')
    assert "m.py:3: line too long after the fix (80 > 70 characters)" in fix(capsys, "--line-length", "70", "m.py")[2]


def test_a_line_already_too_long_is_not_reported_unless_it_grew(tmp_path, capsys):
    from noinherit_lint.fixes.long_lines import grown_lines

    assert grown_lines("a\n" + "x" * 100 + "\n", "a\n" + "x" * 100 + "\nyy\n", 88) == []
    assert grown_lines("x" * 100 + "\n", "x" * 101 + "\n", 88) == [(1, 101)]
    assert grown_lines("x" * 80 + "\n", "x" * 80 + "\n" + "y" * 90 + "\n", 88) == [(2, 90)]


def test_a_bad_line_length_is_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.noinherit]\nline-length = "88"\n')
    (tmp_path / "m.py").write_text(MODULE)
    assert fix(capsys, "m.py") == (
        2, "", 'noinherit-fix: pyproject.toml: [tool.noinherit] line-length: expected an integer such as 88, '
        "got the TOML string '88'\n")


# --------------------------------------------------------------------------- tests' mocks


MOD = 'import socket\nimport subprocess\n\ndef run():\n    s = socket.socket()\n    return subprocess.Popen(["ls"])\n'
TEST = (
    'import socket\nfrom unittest import mock\nfrom pkg import mod\n\n'
    '@mock.patch("pkg.mod.subprocess")\n'        # 5: Popen is not swapped (close_fds added): no warning
    'def test_a(m):\n'
    '    with mock.patch.object(socket, "socket"):\n'  # 7: the stdlib name, on 2.7
    '        mod.run()\n\n'
    'def test_b(monkeypatch):\n'
    '    monkeypatch.setattr(mod, "socket", None)\n'  # 11: the module's own name
    '    monkeypatch.setattr("mod.socket.socket", None)\n'  # 12: a suffix of the module's dotted name
    '    mock.patch("os.getpid")\n'
    '    mock.patch("other.mod.socket")\n'
)


def test_tests_patching_a_swapped_name_are_warned_about(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["noinherit-ftools"]\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text(MOD)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_mod.py").write_text(TEST)
    warning = ("tests/test_mod.py:{}: warning: patches {!r}, but pkg/mod.py:5 now calls ftools.socket instead "
               "of socket.socket: {}\n")
    assert fix(capsys, "pkg") == (1, "", "Rewriting pkg/mod.py\n"
                                  + warning.format(7, "socket.socket", "on Python < 3.4 the mock no longer intercepts it")
                                  + warning.format(11, "pkg.mod.socket", "the mock no longer intercepts it")
                                  + warning.format(12, "mod.socket.socket", "the mock no longer intercepts it"))
    assert (tmp_path / "tests" / "test_mod.py").read_text() == TEST
