"""Bad input for `noinherit-fix`, `flake8 --select NIH` and `noinherit-lint check`: each case is
processed correctly, or gives ONE clear line naming the file and the right exit code; no
traceback; nothing is damaged (bytes compared before and after).  The check prints flake8's line
(and exits 2 where it could not read the file)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest

from tests.fixes.handmade import SPAWNING_THREAD
from tests.integration.conftest import flake8_nih, stdlib_dir, tool

pytestmark = pytest.mark.slow  # see README: Development

# The inputs' handles are ones a child can reach (NIH1xx are silent on short-lived handles): a
# module global, or a short-lived handle in a module whose thread spawns (SPAWNING_THREAD).
NIH101 = "NIH101 open() creates a handle that child processes inherit on Python < 3.4: "
FLAKE8_NIH101 = NIH101 + ("it outlives the module code (kept in a module global), so a child started later "
                          "gets it; use ftools.open()")


def flake8_nih101_owned(callee: str) -> str:
    """The handle given to `callee`, whose result a module global keeps (analysis/owners.py)."""
    return NIH101 + (f"it outlives the module code (owned by {callee}(): kept in a module global), so a child "
                     "started later gets it; use ftools.open()")
IMPORT = b"from noinherit_ftools import ftools\n"


def _fix(*args: str, cwd: Path, user: Optional[int] = None) -> subprocess.CompletedProcess:
    if user is None:
        command = tool("noinherit-fix") + ["--unsafe-fixes", "--min-python", "2.7", *args]
    else:  # load everything as root, then drop privileges before reading any user file
        command = [sys.executable, "-c",
                   "import os, sys, tokenize, tempfile, libcst, noinherit_lint.cli as cli\n"
                   f"os.setgid({user}); os.setuid({user})\n"
                   "sys.exit(cli.main(sys.argv[1:]))",
                   "--min-python", "2.7", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def _flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(flake8_nih("--nih-min-python", "2.7", *args), cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def _deep_strings(count: int) -> bytes:
    lines = [b"import subprocess\n", b"x = f(open(p), (\n"]
    lines += [b'    "line %d\\n"\n' % i for i in range(count)]
    lines.append(b"))\n")
    return b"".join(lines) + SPAWNING_THREAD.encode()


@dataclass
class Case:
    """`make(folder)` creates the input and returns the path to pass; the expectations follow."""

    name: str
    make: Callable[[Path], str]
    fix_exit: int
    fix_line: Optional[str]  # regex of the one stderr line ({path} = the path); None: no output
    fixed: Optional[bytes] = None  # the file's exact bytes after the fix (None: unchanged)
    flake8_exit: int = 0
    flake8_line: Optional[str] = None  # regex of the one stdout line
    check_exit: Optional[int] = None  # `noinherit-lint check` (None: flake8's); its line is flake8's


def _file(name: str, data: bytes) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        (folder / name).write_bytes(data)
        return name
    return make


def _dir_named_x_py(folder: Path) -> str:
    (folder / "x.py").mkdir()
    (folder / "x.py" / "inner.py").write_bytes(b"import subprocess\nh = open(p)\n")
    return "x.py"


def _symlink_loop(folder: Path) -> str:
    os.symlink("loop2.py", folder / "loop1.py")
    os.symlink("loop1.py", folder / "loop2.py")
    return "loop1.py"


def _unreadable_even_as_root(folder: Path) -> str:
    if not os.path.exists("/proc/self/mem"):
        pytest.skip("needs Linux /proc/self/mem (open succeeds, read fails with EIO, even as root)")
    os.symlink("/proc/self/mem", folder / "mem.py")
    return "mem.py"


def _pydoc_topics_with_leak(folder: Path) -> str:
    """The stdlib's pydoc_data/topics.py (thousands of adjacent literals) inside a call to which
    a leaky open() is also passed."""
    source = (stdlib_dir("3.13") / "pydoc_data" / "topics.py").read_text(encoding="utf-8")
    source = source.replace("topics = {", "import subprocess\ntopics = merge(open('p'), {", 1)
    assert source.endswith("}\n")
    (folder / "topics.py").write_text(source[:-2] + "})\n" + SPAWNING_THREAD, encoding="utf-8")
    return "topics.py"


BOM_LEAK = b"\xef\xbb\xbfimport subprocess\nx = open('p')\n"
DEEP = _deep_strings(2000)

CASES = [
    Case("empty", _file("empty.py", b""), 0, None),
    Case("only-comments", _file("c.py", b"# one\n#two\n\n# three"), 0, None),
    Case("bom", _file("bom.py", BOM_LEAK), 1, r"Rewriting {path}",
         fixed=b"\xef\xbb\xbfimport subprocess\n\n" + IMPORT + b"\nx = ftools.open('p')\n",
         flake8_exit=1, flake8_line=r"{path}:2:5: " + re.escape(FLAKE8_NIH101)),
    Case("nul-byte", _file("nul.py", b"import subprocess\nx = 1\0\nopen('p')\n"), 2,
         r"{path}: cannot parse \(as Python 3 and 2\.7: line 2: source code string cannot contain "
         r"null bytes\); not changed",
         # never passed silently: one NIH001 at the NUL byte (flake8's column: 1-based bytes)
         flake8_exit=1, flake8_line=r"{path}:2:6: NIH001 cannot parse \(as Python 3 and 2\.7: line 2: "
                                    r"source code string cannot contain null bytes\)"),
    Case("invalid-utf8", _file("latin.py", b"import subprocess\nx = 'caf\xe9'\nh = open('p')\n"), 2,
         r"{path}: cannot decode as utf-8 at byte 26 \(.+\); not changed",
         # flake8 reads undecodable bytes as latin-1; no Python loads them: NIH001 at the byte
         flake8_exit=1, flake8_line=r"{path}:2:9: NIH001 cannot parse \(as Python 3 and 2\.7: line 2: non-UTF-8 byte "
                                    r"0xe9 \(invalid continuation byte\), but no encoding declared\)"),
    Case("dir-named-x.py", _dir_named_x_py, 1, r"Rewriting x\.py/inner\.py",
         flake8_exit=1, flake8_line=r"x\.py/inner\.py:2:5: " + re.escape(FLAKE8_NIH101)),
    # flake8 never calls a plugin for a file it cannot open (E902 only): NIH002 says so (issue 9)
    Case("symlink-loop", _symlink_loop, 2,
         r"{path}: cannot read \(Too many levels of symbolic links\); not changed",
         flake8_exit=1, flake8_line=r"{path}:1:1: NIH002 cannot read \(OSError: \[Errno 40\] Too many "
                                    r"levels of symbolic links: '{path}'\)", check_exit=2),
    Case("unreadable", _unreadable_even_as_root, 2,
         r"{path}: cannot read \(Input/output error\); not changed",
         flake8_exit=1, flake8_line=r"{path}:1:1: NIH002 cannot read \(OSError: \[Errno 5\] Input/output error\)",
         check_exit=2),
    Case("missing", lambda folder: "missing.py", 2, r"{path}: no such file or directory",
         flake8_exit=1, flake8_line=r"{path}:1:1: NIH002 cannot read \(FileNotFoundError: \[Errno 2\] No such "
                                    r"file or directory: '{path}'\)", check_exit=2),
    Case("deep-adjacent-strings", _file("deep.py", DEEP), 1, r"Rewriting {path}",
         fixed=DEEP.replace(b"import subprocess\n", b"import subprocess\n\n" + IMPORT + b"\n", 1)
         .replace(b"f(open(p)", b"f(ftools.open(p)"),
         flake8_exit=1, flake8_line=r"{path}:2:7: " + re.escape(flake8_nih101_owned("f"))),
    Case("pydoc-topics", _pydoc_topics_with_leak, 1, r"Rewriting {path}",
         flake8_exit=1, flake8_line=r"{path}:5:16: " + re.escape(flake8_nih101_owned("merge"))),
]


def _state(folder: Path) -> dict:
    state = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            state[path] = ("link", os.readlink(path))
        elif path.is_file():
            state[path] = path.read_bytes()
    return state


def _one_line(output: str, pattern: Optional[str], path: str) -> None:
    lines = output.splitlines()
    if pattern is None:
        assert lines == [], output
    else:
        assert len(lines) == 1, output
        assert re.fullmatch(pattern.format(path=re.escape(path)), lines[0]), lines[0]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_noinherit_fix(case, tmp_path):
    path = case.make(tmp_path)
    before = _state(tmp_path)
    result = _fix(path, cwd=tmp_path)
    assert result.returncode == case.fix_exit, result.stderr
    assert result.stdout == ""
    _one_line(result.stderr, case.fix_line, path)
    after = _state(tmp_path)
    changed = {p for p in before if after.get(p) != before[p]}
    assert set(after) == set(before), "files appeared or disappeared"
    if case.fix_exit != 1:
        assert not changed
    elif case.fixed is not None:
        assert changed == {tmp_path / path} and after[tmp_path / path] == case.fixed
    else:  # rewritten: only the leaky call and the import differ, and it still compiles
        (target,) = changed
        old, new = before[target].decode("utf-8"), after[target].decode("utf-8")
        assert new.replace("\nfrom noinherit_ftools import ftools\n\n", "", 1) \
            .replace("ftools.open(", "open(") == old
        compile(new, str(target), "exec")
        again = _fix(path, cwd=tmp_path)
        assert again.returncode == 0 and again.stderr == "" and _state(tmp_path) == after


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_flake8(case, tmp_path):
    path = case.make(tmp_path)
    before = _state(tmp_path)
    result = _flake8(path, cwd=tmp_path)
    assert "Traceback" not in result.stderr and "PluginExecutionFailed" not in result.stderr, \
        result.stderr
    assert result.returncode == case.flake8_exit, result.stdout + result.stderr
    _one_line(result.stdout, case.flake8_line, path)
    assert _state(tmp_path) == before


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_check(case, tmp_path):
    path = case.make(tmp_path)
    before = _state(tmp_path)
    result = subprocess.run(tool("noinherit-lint") + ["check", "--no-cache", "--min-python", "2.7", path],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    expected = case.flake8_exit if case.check_exit is None else case.check_exit
    assert result.returncode == expected, result.stdout + result.stderr
    if case.flake8_line is not None:
        code = re.search(r"NIH\d{3}", case.flake8_line).group(0)
        assert result.stdout.endswith(f" [{code}]\n"), result.stdout  # then flake8's line
    _one_line(re.sub(r" \[NIH\d{3}\]$", "", result.stdout, flags=re.M), case.flake8_line, path)
    assert _state(tmp_path) == before


def test_all_at_once_one_line_per_bad_file_and_the_rest_still_fixed(tmp_path):
    paths = [case.make(tmp_path) for case in CASES if case.name not in ("pydoc-topics", "unreadable")]
    good = tmp_path / "good.py"
    good.write_bytes(b"import subprocess\nh = open('log')\n")
    result = _fix(".", *paths, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    refusals = [line for line in result.stderr.splitlines() if not line.startswith("Rewriting ")]
    # One line each for: NUL byte, invalid UTF-8, symlink loop, missing (the walk of "." skips
    # symlinks, so the loop is reported once, for the explicit path).
    assert len(refusals) == 4, result.stderr
    assert good.read_bytes() == b"import subprocess\n\n" + IMPORT + b"\nh = ftools.open('log')\n"


@pytest.fixture
def world_searchable_folder():
    folder = Path(tempfile.mkdtemp(prefix="nih-unreadable-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_chmod_000_file_as_unprivileged_user(world_searchable_folder):
    """A file without read permission; when running as root, privileges are dropped first."""
    folder = world_searchable_folder
    source = folder / "secret.py"
    source.write_bytes(b"import subprocess\nh = open('p')\n")
    source.chmod(0)
    user = None
    if os.geteuid() == 0:
        if not hasattr(os, "setuid"):
            pytest.skip("running as root without os.setuid")
        user = 65534  # nobody
        for parent in folder.parents:
            if not os.stat(parent).st_mode & 0o001:
                pytest.skip(f"{parent} is not searchable by an unprivileged user")
    result = _fix("secret.py", cwd=folder, user=user)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["secret.py: cannot read (Permission denied); not changed"]
    source.chmod(0o644)
    assert source.read_bytes() == b"import subprocess\nh = open('p')\n"
