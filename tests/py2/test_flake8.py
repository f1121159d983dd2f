"""`flake8 --select NIH` on files that are not Python 3 (the mechanism: noinherit_lint/flake8_python2.py).

Real flake8 runs, in a subprocess: serial, ``-j 2`` (forked workers) and ``-j 2`` under the spawn
start method (workers that load the plugin afresh, as on macOS, Windows and Python >= 3.14's
forkserver).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PYTHON2 = textwrap.dedent("""\
    import os, subprocess
    print "starting"
    log = open("app.log", "a")
    try:
        os.dup2(log.fileno(), 9)
    except OSError, e:
        print >>sys.stderr, e
    subprocess.call(["ls"], stdout=log)
    f = open("x")  # noqa: NIH101
    import socket
""")
BROKEN = "import os\nx = (\n"
PYTHON3 = "import os\nf = open('x')\n"

SPAWN = ("import multiprocessing, sys; multiprocessing.set_start_method('spawn'); "
         "from flake8.main.cli import main; sys.exit(main())")

RUNNERS = {
    "serial": ([sys.executable, "-m", "flake8"], ["-j", "1"]),
    "-j 2, fork": ([sys.executable, "-m", "flake8"], ["-j", "2"]),
    "-j 2, spawn": ([sys.executable, "-c", SPAWN], ["-j", "2"]),
}
PARALLEL = pytest.mark.slow  # the worker pools take a few seconds each


def flake8(tmp_path, runner, *args):
    command, jobs = RUNNERS[runner]
    result = subprocess.run([*command, *jobs, "--nih-min-python", "2.7", "--nih-scope", "always", *args],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, sorted(result.stdout.splitlines())


@pytest.fixture
def files(tmp_path):
    (tmp_path / "legacy.py").write_text(PYTHON2)
    (tmp_path / "broken.py").write_text(BROKEN)
    (tmp_path / "modern.py").write_text(PYTHON3)
    return tmp_path


@pytest.mark.parametrize("runner", [
    "serial", pytest.param("-j 2, fork", marks=PARALLEL), pytest.param("-j 2, spawn", marks=PARALLEL)])
def test_select_nih_reports_python_2_files_and_unparsable_ones(files, runner):
    code, lines = flake8(files, runner, "--select", "NIH", "legacy.py", "broken.py", "modern.py")
    assert code == 1
    assert [line.split(" ")[0] + " " + line.split(" ")[1] for line in lines] == [
        "broken.py:2:5: NIH001",
        "legacy.py:3:7: NIH101",
        "legacy.py:5:5: NIH201",
        "legacy.py:8:1: NIH301",
        "modern.py:2:5: NIH101",
    ]
    nih001 = next(line for line in lines if "NIH001" in line)
    assert nih001 == "broken.py:2:5: NIH001 cannot parse (as Python 3 and 2.7: line 2: '(' was never closed)"


@pytest.mark.parametrize("runner", ["serial", pytest.param("-j 2, spawn", marks=PARALLEL)])
def test_other_codes_see_nothing_new(files, runner):
    """With --select E,F our codes are filtered out, and pyflakes still gets no tree for a Python 2
    file: legacy.py never uses `socket`, and no F401 says so (modern.py's unused `os` is reported)."""
    code, lines = flake8(files, runner, "--select", "E,F", "legacy.py", "broken.py", "modern.py")
    assert code == 1
    assert [line.split(": ")[0] + ": " + line.split(": ")[1].split(" ")[0] for line in lines] == [
        "broken.py:2:6: E999",
        "legacy.py:2:2: E999",
        "modern.py:1:1: F401",
    ]


def test_default_selection_shows_both_e999_and_our_findings(files):
    code, lines = flake8(files, "serial", "legacy.py")
    assert code == 1
    assert [line.split(" ")[1] for line in lines] == ["E999", "NIH101", "NIH201", "NIH301"]


@pytest.mark.parametrize("options, pyproject, expected", [
    (["--select", "NIH001"], None, ["broken.py:2:5: NIH001"]),
    (["--select", "NIH0"], None, ["broken.py:2:5: NIH001"]),
    (["--select", "NIH", "--extend-ignore", "NIH001"], None, ["legacy.py:3:7: NIH101"]),
    (["--select", "NIH1"], None, ["legacy.py:3:7: NIH101"]),
    (["--select", "NIH"], '[tool.noinherit]\nignore = ["NIH001"]\n', ["legacy.py:3:7: NIH101"]),
    (["--select", "NIH"], '[tool.noinherit]\nselect = ["NIH0"]\n', ["broken.py:2:5: NIH001"]),
])
def test_nih001_is_a_code_like_the_others(files, options, pyproject, expected):
    """NIH001 is selected and ignored by flake8's options and by [tool.noinherit], as any code."""
    if pyproject:
        (files / "pyproject.toml").write_text(pyproject)
    code, lines = flake8(files, "serial", *options, "legacy.py", "broken.py")
    assert code == 1
    assert [" ".join(line.split(" ")[:2]) for line in lines if "NIH201" not in line and "NIH301" not in line] \
        == expected


def test_a_syntax_error_from_another_plugin_is_not_taken_for_a_python_2_file(tmp_path):
    """Only the SyntaxError of flake8's own parse makes our plugin read the file as Python 2."""
    (tmp_path / "raising.py").write_text(textwrap.dedent("""\
        class Raising:
            def __init__(self, tree):
                pass
            def run(self):
                raise SyntaxError("a plugin bug")
                yield
    """))
    (tmp_path / "setup.cfg").write_text(
        "[flake8:local-plugins]\nextension =\n    XRA = raising:Raising\npaths = .\n")
    (tmp_path / "modern.py").write_text(PYTHON3)
    result = subprocess.run([sys.executable, "-m", "flake8", "--select", "NIH,E", "--nih-min-python", "2.7",
                             "--nih-scope", "always", "modern.py"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    nih = [line for line in result.stdout.splitlines() if "NIH" in line]
    # our finding may come before the raising plugin or not at all, but never twice, never NIH001
    assert len(nih) <= 1 and not any("NIH001" in line for line in nih), result.stdout


def test_install_is_idempotent():
    from flake8.checker import FileChecker
    from flake8.processor import FileProcessor

    from noinherit_lint import flake8_python2
    from noinherit_lint.plugin import Plugin

    assert flake8_python2.install(Plugin)
    wrapped = (FileChecker.run_ast_checks, FileProcessor.build_ast)
    assert flake8_python2.install(Plugin)
    assert (FileChecker.run_ast_checks, FileProcessor.build_ast) == wrapped
