"""The flake8 plugin through the real `flake8` command: noqa, columns, options, config files, errors.

Every test runs flake8 in a subprocess in its own temporary folder (flake8 reads setup.cfg /
tox.ini / .flake8 from the working folder, the plugin reads the nearest pyproject.toml).
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import List, Tuple

import pytest

from noinherit_lint import __version__
from noinherit_lint.settings import clear_caches

REPO = Path(__file__).resolve().parents[1]
FLAKE8 = [sys.executable, "-m", "flake8"]
# flake8 with only its own plugins and this one: other installed plugins (flake8-bugbear hits
# and pyflakes hit RecursionError on the deep-expression file) must not decide what it shows.
ONLY_NIH = [sys.executable, "-c", textwrap.dedent("""
    import sys
    from flake8.main.cli import main
    from flake8.plugins import finder
    found = finder.find_plugins
    finder.find_plugins = lambda cfg, opts: [
        p for p in found(cfg, opts) if p.package in ("pycodestyle", "flake8", "noinherit-lint")
    ]
    sys.exit(main(sys.argv[1:]))
""")]
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<text>.*)$")

# One line that makes the module spawn from a thread (a posix_spawn that closes only fd 3, so no
# rule reports it): every handle the test's code opens, however briefly, can reach that child.
SPAWNS = ('import os as _os, threading as _threading; _threading.Thread(target=lambda: _os.posix_spawn('
          '"/bin/true", ["true"], {}, file_actions=[(_os.POSIX_SPAWN_CLOSE, 3)])).start()\n')


@pytest.fixture(autouse=True)
def _fresh_settings_caches():
    clear_caches()
    yield
    clear_caches()


def run(cwd: Path, *args: str, command: List[str] = FLAKE8) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, "--select", "NIH", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
    )


def findings(result: subprocess.CompletedProcess) -> List[Tuple[str, int, int, str]]:
    out = []
    for line in result.stdout.splitlines():
        match = LINE.match(line)
        assert match, f"not a flake8 line: {line!r}\n{result.stderr}"
        out.append((match["path"], int(match["line"]), int(match["col"]), match["code"]))
    return out


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- noqa


def test_noqa_suppresses_by_code_and_prefix_but_not_by_another_family(tmp_path):
    write(tmp_path, "m.py", SPAWNS + textwrap.dedent("""\
        open("a")
        open("b")  # noqa
        open("c")  # noqa: NIH101
        open("d")  # noqa:NIH1
        open("e")  # noqa: NIH2
        open("f")  # noqa: E501
        open("g")  # NOQA:NIH102,NIH101
    """))
    result = run(tmp_path, "m.py")
    assert findings(result) == [("m.py", 2, 1, "NIH101"), ("m.py", 6, 1, "NIH101"), ("m.py", 7, 1, "NIH101")]
    assert result.returncode == 1


# --------------------------------------------------------------------------- columns


def test_columns_are_byte_columns_after_non_ascii_text(tmp_path):
    # flake8 prints the UTF-8 byte column + 1: "héllo→" is 6 characters but 9 bytes.
    write(tmp_path, "m.py", SPAWNS + 'x = "héllo→"; f = open("p")\n# ünïcödé\n'
          'λ = 1; os = __import__("os"); import shutil; shutil.copy("a", "b")\n')
    result = run(tmp_path, "m.py")
    assert findings(result) == [("m.py", 2, 22, "NIH101"), ("m.py", 4, 47, "NIH103")]


def test_message_text(tmp_path):
    write(tmp_path, "m.py", SPAWNS + 'open("p")\n')
    assumed = run(tmp_path, "m.py").stdout.strip()
    assert assumed == (
        "m.py:2:1: NIH101 open() creates a handle that child processes inherit on Python < 3.4: another "
        "thread of this module may start a child while it is open; use ftools.open() (min-python 2.7 assumed: set requires-python, [tool.noinherit] min-python "
        "or --nih-min-python)"
    )
    explicit = run(tmp_path, "--nih-min-python", "3.3", "m.py").stdout.strip()
    assert explicit == (
        "m.py:2:1: NIH101 open() creates a handle that child processes inherit on Python < 3.4: another "
        "thread of this module may start a child while it is open; use ftools.open()"
    )


# --------------------------------------------------------------------------- options


def test_min_python_on_the_command_line(tmp_path):
    write(tmp_path, "m.py", SPAWNS + 'open("p")\nimport os\nos.dup2(5, 9)\n')
    assert [f[3] for f in findings(run(tmp_path, "--nih-min-python", "2.7", "m.py"))] == ["NIH101", "NIH201"]
    assert [f[3] for f in findings(run(tmp_path, "--nih-min-python=3.3", "m.py"))] == ["NIH101", "NIH201"]
    assert [f[3] for f in findings(run(tmp_path, "--nih-min-python", "3.4", "m.py"))] == ["NIH201"]


def test_scope_on_the_command_line(tmp_path):
    write(tmp_path, "lib.py", 'h = open("p")\n')  # neither spawns nor uses threads
    assert findings(run(tmp_path, "lib.py")) == []
    assert findings(run(tmp_path, "--nih-scope", "module", "lib.py")) == []
    assert findings(run(tmp_path, "--nih-scope", "always", "lib.py")) == [("lib.py", 1, 5, "NIH101")]


THREADED_POPEN = """\
import subprocess
import threading
subprocess.Popen(["x"], stdout=subprocess.PIPE, close_fds=True)
threading.Thread(target=lambda: subprocess.call(["make"], close_fds=True)).start()  # a thread that spawns
"""


def test_platforms_on_the_command_line(tmp_path):
    write(tmp_path, "m.py", THREADED_POPEN)
    args = ("--nih-min-python", "3.6", "m.py")
    assert findings(run(tmp_path, *args)) == [("m.py", 3, 1, "NIH303")]
    assert findings(run(tmp_path, "--nih-platforms", "linux,macos", *args)) == []
    assert findings(run(tmp_path, "--nih-platforms", "Windows", *args)) == [("m.py", 3, 1, "NIH303")]


@pytest.mark.slow
@pytest.mark.parametrize("config_file", ["setup.cfg", "tox.ini", ".flake8"])
def test_options_from_flake8_config_files(tmp_path, config_file):
    write(tmp_path, "lib.py", 'h = open("p")\n')
    write(tmp_path, "threaded.py", THREADED_POPEN)
    write(tmp_path, config_file, "[flake8]\nnih-scope = always\nnih-min-python = 3.3\nnih-platforms = linux\n")
    assert findings(run(tmp_path, "lib.py", "threaded.py")) == [("lib.py", 1, 5, "NIH101")]
    write(tmp_path, config_file, "[flake8]\nnih-scope = always\nnih-min-python = 3.6\n")
    assert findings(run(tmp_path, "lib.py", "threaded.py")) == [("threaded.py", 3, 1, "NIH303")]
    # the command line wins over the config file
    assert findings(run(tmp_path, "--nih-scope", "module", "--nih-min-python", "2.7", "lib.py")) == []


@pytest.mark.slow
def test_tool_noinherit_table_and_requires_python(tmp_path):
    project = tmp_path / "project"
    write(project, "pkg/lib.py", 'h = open("p")\n')
    write(project, "pyproject.toml", '[project]\nname = "p"\nrequires-python = ">=3.5"\n')
    assert findings(run(tmp_path, "--nih-scope", "always", "project")) == []
    write(project, "pyproject.toml", '[project]\nname = "p"\nrequires-python = ">=2.7"\n')
    result = run(tmp_path, "--nih-scope", "always", "project")
    assert findings(result) == [("project/pkg/lib.py", 1, 5, "NIH101")]
    assert "assumed" not in result.stdout
    write(project, "pyproject.toml",
          '[project]\nname = "p"\nrequires-python = ">=3.8"\n[tool.noinherit]\nmin-python = "3.3"\nscope = "always"\n')
    assert findings(run(tmp_path, "project")) == [("project/pkg/lib.py", 1, 5, "NIH101")]
    # an explicit option beats [tool.noinherit]
    assert findings(run(tmp_path, "--nih-min-python", "3.4", "project")) == []


def test_setup_cfg_and_setup_py_python_requires(tmp_path):
    write(tmp_path, "a/setup.cfg", "[options]\npython_requires = >=3.6\n")
    write(tmp_path, "a/lib.py", 'h = open("p")\n')
    write(tmp_path, "b/setup.py", 'from setuptools import setup\nsetup(name="b", python_requires=">=2.7, !=3.0.*")\n')
    write(tmp_path, "b/lib.py", 'h = open("p")\n')
    assert findings(run(tmp_path, "--nih-scope", "always", "a", "b")) == [("b/lib.py", 1, 5, "NIH101")]


# --------------------------------------------------------------------------- bad values


@pytest.mark.parametrize("args, option", [
    (("--nih-min-python", "3.x"), "--nih-min-python"),
    (("--nih-min-python", "4.0"), "--nih-min-python"),
    (("--nih-platforms", "linux,bsd"), "--nih-platforms"),
    (("--nih-scope", "sometimes"), "--nih-scope"),
])
def test_bad_option_is_one_clear_line_and_exit_2(tmp_path, args, option):
    write(tmp_path, "m.py", SPAWNS + 'open("p")\n')
    result = run(tmp_path, *args, "m.py")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"flake8: noinherit-lint: {option}: expected "), lines[0]
    assert repr(args[1]) in lines[0]


def test_bad_config_file_value_is_one_clear_line(tmp_path):
    write(tmp_path, "m.py", SPAWNS)
    write(tmp_path, "setup.cfg", "[flake8]\nnih-scope = sometimes\n")
    result = run(tmp_path, "m.py")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "flake8: noinherit-lint: setup.cfg: [flake8] nih-scope: expected 'module' or 'always', got 'sometimes'"
    ]


def test_bad_tool_noinherit_value_is_one_clear_line(tmp_path):
    write(tmp_path, "m.py", SPAWNS)
    write(tmp_path, "pyproject.toml", '[tool.noinherit]\nmin-python = "two"\n')
    result = run(tmp_path, "m.py")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "flake8: noinherit-lint: pyproject.toml: [tool.noinherit] min-python: expected a version like 2.7 or 3.8, "
        "got 'two'"
    ]


def test_bad_project_below_the_working_folder_is_one_line_up_front(tmp_path):
    """Projects of every file flake8 will check are read before any file is: one line per problem."""
    write(tmp_path, "sub/pyproject.toml", '[tool.noinherit]\nscope = "never"\n')
    for index in range(3):
        write(tmp_path, f"sub/m{index}.py", SPAWNS)
    result = run(tmp_path, "-j", "2", "sub")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "flake8: noinherit-lint: sub/pyproject.toml: [tool.noinherit] scope: expected 'module' or 'always', "
        "got 'never'"
    ]


# --------------------------------------------------------------------------- flake8 integration


def test_version_lists_the_plugin(tmp_path):
    result = subprocess.run([*FLAKE8, "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert f"noinherit-lint: {__version__}" in result.stdout
    assert __version__ == "0.1.0"


def test_deep_expressions_are_reported_without_recursion_error(tmp_path):
    terms = " + ".join(["1"] * 900)
    nested = "len(" * 150 + 'open("b")' + ")" * 150
    write(tmp_path, "deep.py", SPAWNS + f'x = open("a").read() + {terms}\ny = {nested}\nz = {terms} + len(open("c"))\n')
    result = run(tmp_path, "deep.py", command=ONLY_NIH)
    assert "RecursionError" not in result.stderr and "failed during execution" not in result.stdout + result.stderr
    assert findings(result) == [
        ("deep.py", 2, 5, "NIH101"), ("deep.py", 3, 5 + 4 * 150, "NIH101"), ("deep.py", 4, 5 + 4 * 900 + 4, "NIH101"),
    ]


def test_parallel_jobs_give_the_same_findings(tmp_path):
    for index in range(4):
        write(tmp_path, f"m{index}.py", SPAWNS + 'open("p")\n' * (index + 1))
    serial = run(tmp_path, "-j", "1", ".", "--nih-min-python", "3.3")
    parallel = run(tmp_path, "-j", "2", ".", "--nih-min-python", "3.3")
    assert sorted(findings(serial)) == sorted(findings(parallel))
    assert len(findings(serial)) == 1 + 2 + 3 + 4


def test_bundled_example_reports_the_expected_findings():
    result = run(REPO, "examples/leaky_app")
    worker = "examples/leaky_app/leaky_app/worker.py"
    assert findings(result) == [
        (worker, 10, 16, "NIH105"),  # logging.FileHandler("worker.log")
        (worker, 14, 5, "NIH103"),   # shutil.copyfile(src, dst)
        (worker, 18, 16, "NIH104"),  # socket.socket(...)
        (worker, 25, 10, "NIH101"),  # open(path, "w")
        (worker, 27, 9, "NIH301"),   # subprocess.call(..., close_fds=False)
        (worker, 31, 10, "NIH102"),  # os.open(path, os.O_WRONLY | os.O_CREAT)
        (worker, 32, 5, "NIH201"),   # os.dup2(fd, 10)
        (worker, 33, 5, "NIH302"),   # os.system(...)
    ]
    # requires-python = ">=2.7" in the example's pyproject.toml: no "assumed" hint
    assert "assumed" not in result.stdout
    assert result.returncode == 1
