"""flake8 and noinherit-fix agree for every setting: the fixer changes exactly the lines of the
fixable findings that flake8 reports, and both say the same about bad or unreadable settings.

Each case writes configuration files into a fresh copy of one small tree, then runs the real
``flake8`` (no --select: the configuration decides) and ``noinherit-fix --diff`` in its root.
Every case also changes what flake8 reports compared with no configuration at all, unless it
says it must not (``same_as_default``), so a setting that both tools ignore cannot pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Set, Tuple

import pytest

from tests.fast import fast_subset

SPAWNING = """\
import os, socket, subprocess, threading
f = open("p")
fd = os.open("p", os.O_RDONLY)
r, w = os.pipe2(0)
msg = sock.recvmsg(1, socket.CMSG_LEN(4 * socket.SCM_RIGHTS))
subprocess.Popen(["x"], stdout=subprocess.PIPE, close_fds=True)


def work():  # a thread that starts a child (NIH302 < 3.4): the handles above can reach it
    os.system("make")


threading.Thread(target=work).start()
"""
TREE = {
    "app/m.py": SPAWNING,             # NIH101, NIH102, NIH204, NIH205, NIH303 (windows, <= 3.6)
    "app/tests/test_m.py": SPAWNING,
    "app/lib.py": 'data = open("q")\n',  # neither spawns nor uses threads: NIH101 only with scope always
}
# Codes whose findings in TREE are always fixed; NIH205 is fixed only when platforms is linux.
FIXABLE = {"NIH101", "NIH102", "NIH204"}
FLAKE8_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):\d+: (?P<code>NIH\d+) ")
PY2_SETUP = "print 'building'\nfrom setuptools import setup\nsetup(name='x')\n"


class Case(NamedTuple):
    files: Dict[str, str]
    flake8_args: Tuple[str, ...] = ()
    fixer_args: Tuple[str, ...] = ()
    linux: bool = False  # NIH205 is fixable
    same_as_default: bool = False
    fixer_exit: Optional[int] = None  # None: 1 if it changed something, else 0


CASES = {
    "requires-python": Case({"pyproject.toml": '[project]\nrequires-python = ">=3.8"\n'}),
    "requires-python pre-release": Case({"pyproject.toml": '[project]\nrequires-python = ">=3.8.0rc1"\n'}),
    "requires-python unreadable": Case({"pyproject.toml": '[project]\nrequires-python = ">=3.8.*"\n'},
                                       same_as_default=True),
    "setup.cfg python_requires": Case({"setup.cfg": "[options]\npython_requires = >=3.6\n"}),
    "setup.py python_requires": Case({"setup.py": "from setuptools import setup\nsetup(python_requires='>=3.5')\n"}),
    # setup.py in Python 2 syntax: read by the Python 2 front end (both tools), no min-python from it
    "setup.py in Python 2": Case({"setup.py": PY2_SETUP}, same_as_default=True),
    "[tool.noinherit] min-python": Case({"pyproject.toml": '[tool.noinherit]\nmin-python = "3.8"\n'}),
    "[tool.noinherit] scope": Case({"pyproject.toml": '[tool.noinherit]\nscope = "always"\n'}),
    "[tool.noinherit] platforms": Case({"pyproject.toml": '[tool.noinherit]\nplatforms = ["linux"]\n'}, linux=True),
    "[tool.noinherit] select": Case({"pyproject.toml": '[tool.noinherit]\nselect = ["NIH1"]\n'}),
    "[tool.noinherit] ignore": Case({"pyproject.toml": '[tool.noinherit]\nignore = "NIH10, NIH3"\n'}),
    "[tool.noinherit] beats requires-python": Case(
        {"pyproject.toml": '[project]\nrequires-python = ">=3.8"\n[tool.noinherit]\nmin-python = "3.3"\n'
                           'scope = "always"\n'}),
    "setup.cfg nih-min-python": Case({"setup.cfg": "[flake8]\nnih-min-python = 3.8\n"}),
    "tox.ini nih-scope": Case({"tox.ini": "[flake8]\nnih-scope = always\n"}),
    ".flake8 nih-platforms": Case({".flake8": "[flake8]\nnih-platforms = linux\n"}, linux=True),
    "nih_min_python with underscores": Case({"setup.cfg": "[flake8]\nnih_min_python = 3.8\n"}),
    "flake8 file beats [tool.noinherit]": Case(
        {"setup.cfg": "[flake8]\nnih-min-python = 3.8\n",
         "pyproject.toml": '[tool.noinherit]\nmin-python = "2.7"\nscope = "always"\n'}),
    "setup.cfg before tox.ini": Case({"setup.cfg": "[flake8]\nnih-min-python = 3.8\n",
                                      "tox.ini": "[flake8]\nnih-scope = always\n"}),
    "exclude": Case({"setup.cfg": "[flake8]\nexclude = tests\n"}),
    "exclude with a path": Case({"setup.cfg": "[flake8]\nexclude = ./app/tests/,*.txt\n"}),
    "extend-exclude": Case({"tox.ini": "[flake8]\nextend-exclude = m.py\n"}),
    "per-file-ignores": Case({".flake8": "[flake8]\nper-file-ignores =\n    app/tests/*: NIH1\n    m.py: NIH204\n"}),
    "per-file-ignores longest pattern": Case(
        {"setup.cfg": "[flake8]\nper-file-ignores =\n    *.py: NIH1\n    app/tests/test_m.py: NIH204\n"}),
    "extend-ignore": Case({"setup.cfg": "[flake8]\nextend-ignore = NIH204,E501\n"}),
    "ignore": Case({"setup.cfg": "[flake8]\nignore = NIH1\n"}),
    "select": Case({"setup.cfg": "[flake8]\nselect = E,NIH10\n"}),
    "select and ignore, longest wins": Case({"setup.cfg": "[flake8]\nselect = NIH\nignore = NIH10\n"}),
    "extend-select with select": Case({"setup.cfg": "[flake8]\nselect = E\nextend-select = NIH102\n"}),
    "command line": Case({}, ("--nih-min-python", "3.8", "--nih-scope", "always"),
                         ("--min-python", "3.8", "--scope", "always")),
    "command line beats the files": Case(
        {"setup.cfg": "[flake8]\nnih-min-python = 3.8\n", "pyproject.toml": '[tool.noinherit]\nscope = "always"\n'},
        ("--nih-min-python", "2.7", "--nih-scope", "module"), ("--min-python", "2.7", "--scope", "module"),
        same_as_default=True),
    "command line select and ignore": Case({"setup.cfg": "[flake8]\nselect = NIH2\n"},
                                           ("--select", "NIH1", "--ignore", "NIH102"),
                                           ("--select", "NIH1", "--ignore", "NIH102")),
    "command line exclude": Case({"setup.cfg": "[flake8]\nexclude = lib.py\n"}, ("--exclude", "tests"),
                                 ("--exclude", "tests")),
    "command line extend-exclude": Case({}, ("--extend-exclude", "lib.py,tests"), ("--extend-exclude", "lib.py,tests")),
    "nested project": Case({"pyproject.toml": '[tool.noinherit]\nscope = "always"\n',
                            "app/tests/pyproject.toml": '[project]\nrequires-python = ">=3.8"\n'}),
}

ERROR_CASES = {
    "min-python as a TOML float": {"pyproject.toml": "[tool.noinherit]\nmin-python = 3.10\n"},
    "requires-python as a number": {"pyproject.toml": "[project]\nrequires-python = 3.8\n"},
    "unknown code in [tool.noinherit]": {"pyproject.toml": '[tool.noinherit]\nignore = ["NIH999"]\n'},
    "unknown key": {"pyproject.toml": '[tool.noinherit]\nmin_python = "3.8"\n'},
    "not TOML": {"pyproject.toml": "[tool.noinherit\n"},
    "unknown code in extend-ignore": {"setup.cfg": "[flake8]\nextend-ignore = NIH11\n"},
    "unknown code in per-file-ignores": {".flake8": "[flake8]\nper-file-ignores =\n    tests/*: F401, NIH9\n"},
    "bad nih-scope": {"tox.ini": "[flake8]\nnih-scope = sometimes\n"},
    "bad project below": {"app/tests/pyproject.toml": '[tool.noinherit]\nplatforms = "beos"\n'},
}


def _tree(root: Path, files: Dict[str, str]) -> None:
    for name, text in {**TREE, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _run(root: Path, *command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(root)}  # no ~/.config of the machine's user
    return subprocess.run([sys.executable, *command], cwd=root, capture_output=True, text=True,
                          timeout=300, env=env)


def flake8(root: Path, *args: str) -> Tuple[Set[Tuple[str, int, str]], subprocess.CompletedProcess]:
    result = _run(root, "-m", "flake8", *args, ".")
    found = set()
    for line in result.stdout.splitlines():
        match = FLAKE8_LINE.match(line)
        if match:
            found.add((os.path.normpath(match["path"]), int(match["line"]), match["code"]))
    return found, result


def fixed_lines(root: Path, *args: str) -> Tuple[Set[Tuple[str, int]], subprocess.CompletedProcess]:
    """(file, line) of every line `noinherit-fix --diff` changes or removes (old numbering)."""
    result = _run(root, "-m", "noinherit_lint.cli", "--unsafe-fixes", "--diff", *args, ".")
    changed: Set[Tuple[str, int]] = set()
    path, line = "", 0
    for text in result.stdout.splitlines():
        if text.startswith("--- "):
            path = os.path.normpath(text[4:])
        elif text.startswith("+++ "):
            continue
        elif text.startswith("@@"):
            line = int(re.match(r"@@ -(\d+)", text).group(1))
        elif text.startswith("-"):
            changed.add((path, line))
            line += 1
        elif text.startswith(" "):
            line += 1
    return changed, result


def _messages(stderr: str, prefix: str) -> List[str]:
    """Our lines on stderr about settings, without the tool's prefix (not the fixer's note on the
    runtime dependency, which is about what it changed, not about settings)."""
    return sorted(line[len(prefix):] for line in stderr.splitlines()
                  if line.startswith(prefix) and not line.startswith(prefix + "note: the rewritten code imports"))


@pytest.fixture(scope="module")
def default_findings(tmp_path_factory):
    root = tmp_path_factory.mktemp("default")
    _tree(root, {})
    found, result = flake8(root)
    assert found and "Traceback" not in result.stderr
    return found


# The fast loop's cases: each kind of source, precedence, codes, files and projects once.
FAST_CASES = ("requires-python pre-release", "[tool.noinherit] platforms", "flake8 file beats [tool.noinherit]",
              "per-file-ignores longest pattern", "select and ignore, longest wins", "exclude with a path",
              "command line beats the files", "nested project")
FAST_ERROR_CASES = ("unknown code in per-file-ignores", "bad project below")


@pytest.mark.parametrize("name", fast_subset(CASES, FAST_CASES))
def test_flake8_and_the_fixer_agree(name, tmp_path, default_findings):
    case = CASES[name]
    _tree(tmp_path, case.files)
    reported, lint = flake8(tmp_path, *case.flake8_args)
    changed, fix = fixed_lines(tmp_path, *case.fixer_args)
    assert "Traceback" not in lint.stderr + fix.stderr
    fixable = FIXABLE | ({"NIH205"} if case.linux else set())
    assert changed == {(path, line) for path, line, code in reported if code in fixable}
    assert (reported == default_findings) == case.same_as_default, reported
    assert _messages(lint.stderr, "flake8: noinherit-lint: ") == _messages(fix.stderr, "noinherit-fix: ")
    assert fix.returncode == (case.fixer_exit if case.fixer_exit is not None else 1 if changed else 0)


@pytest.mark.parametrize("name", fast_subset(ERROR_CASES, FAST_ERROR_CASES))
def test_both_tools_refuse_bad_settings_with_the_same_line(name, tmp_path):
    _tree(tmp_path, ERROR_CASES[name])
    reported, lint = flake8(tmp_path)
    changed, fix = fixed_lines(tmp_path)
    assert (lint.returncode, fix.returncode) == (2, 2)
    assert (reported, changed) == (set(), set())
    errors = _messages(lint.stderr, "flake8: noinherit-lint: ")
    assert len(errors) == 1 and errors == _messages(fix.stderr, "noinherit-fix: "), lint.stderr + fix.stderr
    assert "Traceback" not in lint.stderr + fix.stderr


@pytest.mark.slow  # worker pools in both tools
def test_an_unreadable_specifier_is_one_warning_in_both(tmp_path):
    _tree(tmp_path, {"pyproject.toml": '[project]\nrequires-python = ">=3.8.*"\n'})
    warning = ("warning: pyproject.toml: [project] requires-python: cannot read '>=3.8.*' (a .* suffix is "
               "allowed only after == or !=); ignored")
    _, lint = flake8(tmp_path, "-j", "2")
    _, fix = fixed_lines(tmp_path, "-j", "2")
    assert _messages(lint.stderr, "flake8: noinherit-lint: ") == [warning]
    assert _messages(fix.stderr, "noinherit-fix: ") == [warning]
