"""NIH2xx/NIH301 against real child processes (Linux, this interpreter).

For each pattern: the rule reports it; run as written, a child started without close_fds holds
the descriptor; after `noinherit-fix` (the codemod consuming the finding's `Fix`), it does not.
Report-only patterns are checked to leak and to be left unchanged by the codemod.
"""

import os
import subprocess
import sys
import textwrap

import pytest

from noinherit_lint.checker import check_source
from noinherit_lint.fixes.source import fix_source
from noinherit_lint.settings import Settings

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux descriptors")

# unsafe fixes too: these programs start a child to see the leak, which makes their fixes unsafe
LINUX_38 = Settings(min_python=(3, 8), min_python_source="test", platforms=frozenset({"linux"}), unsafe_fixes=True)

PRELUDE = """\
import array, fcntl, os, socket, subprocess, sys
src = os.open(os.devnull, os.O_RDONLY)
"""
# The child proves it holds the very same open file (device and inode), not just some fd number.
CHILD = (
    "import os, sys\n"
    "fd, dev, ino = map(int, sys.argv[1:])\n"
    "try:\n    st = os.fstat(fd)\nexcept OSError:\n    sys.exit(3)\n"
    "sys.exit(0 if (st.st_dev, st.st_ino) == (dev, ino) else 3)\n"
)
SPAWN_WITH_SPAWNV = """
st = os.fstat(fd)
argv = [sys.executable, "-c", CHILD, str(fd), str(st.st_dev), str(st.st_ino)]
rc = os.spawnv(os.P_WAIT, sys.executable, argv)
print("inherited" if rc == 0 else "not inherited")
"""
SPAWN_WITH_POPEN = """
st = os.fstat(fd)
argv = [sys.executable, "-c", CHILD, str(fd), str(st.st_dev), str(st.st_ino)]
rc = subprocess.call(argv, close_fds=False)
print("inherited" if rc == 0 else "not inherited")
"""

FIXABLE = {
    "NIH201 dup2": ("os.dup2(src, 40)\nfd = 40\n", "NIH201"),
    "NIH203 F_DUPFD": ("fd = fcntl.fcntl(src, fcntl.F_DUPFD, 50)\n", "NIH203"),
    "NIH204 pipe2": ("fd, w = os.pipe2(os.O_NONBLOCK)\n", "NIH204"),
    "NIH204 memfd_create": ('fd = os.memfd_create("nih", os.MFD_ALLOW_SEALING)\n', "NIH204"),
    "NIH204 eventfd": ("fd = os.eventfd(0, os.EFD_NONBLOCK)\n", "NIH204"),
    "NIH205 recvmsg": (
        "a, b = socket.socketpair(socket.AF_UNIX)\n"
        'a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [src]))])\n'
        "msg, anc, flags, addr = b.recvmsg(1, socket.CMSG_LEN(4))\n"
        'fd = array.array("i", anc[0][2])[0]\n',
        "NIH205",
    ),
}
NEEDS = {"NIH204 memfd_create": "memfd_create", "NIH204 eventfd": "eventfd"}

REPORT_ONLY = {
    "NIH202 set_inheritable": ("os.set_inheritable(src, True)\nfd = src\n", "NIH202"),
    "NIH202 F_SETFD": ("fcntl.fcntl(src, fcntl.F_SETFD, 0)\nfd = src\n", "NIH202"),
    "NIH205 recv_fds": (
        "a, b = socket.socketpair(socket.AF_UNIX)\n"
        "socket.send_fds(a, [b'x'], [src])\n"
        "msg, fds, flags, addr = socket.recv_fds(b, 1, 1)\n"
        "fd = fds[0]\n",
        "NIH205",
    ),
}


def program(snippet: str, spawn: str = SPAWN_WITH_SPAWNV) -> str:
    return PRELUDE + f"CHILD = {CHILD!r}\n" + snippet + spawn


def run(source: str) -> str:
    result = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def reported(source: str, code: str, snippet: str) -> bool:
    first_line = PRELUDE.count("\n") + 2  # the CHILD line comes first
    last_line = first_line + snippet.count("\n") - 1
    return any(
        f.code == code and first_line <= f.line <= last_line for f in check_source(source, LINUX_38)
    )


@pytest.mark.parametrize("name", sorted(FIXABLE))
def test_fix_stops_the_leak(name):
    if name in NEEDS and not hasattr(os, NEEDS[name]):
        pytest.skip(f"os.{NEEDS[name]} missing on this interpreter")
    snippet, code = FIXABLE[name]
    source = program(snippet)
    assert reported(source, code, snippet)
    assert run(source) == "inherited"
    fixed = fix_source(source, LINUX_38)
    assert [f.code for f in fixed.fixed] == [code], fixed.not_fixed
    assert not reported(fixed.source, code, snippet)
    assert run(fixed.source) == "not inherited"


@pytest.mark.parametrize("name", sorted(REPORT_ONLY))
def test_report_only_patterns_leak_and_are_left_alone(name):
    snippet, code = REPORT_ONLY[name]
    if "recv_fds" in snippet and not hasattr(__import__("socket"), "recv_fds"):
        pytest.skip("socket.recv_fds needs 3.9+")
    source = program(snippet)
    assert reported(source, code, snippet)
    assert run(source) == "inherited"
    assert not fix_source(source, LINUX_38).changed


def test_close_fds_fix_stops_the_leak():
    """NIH301: the descriptor is inheritable (NIH203 is not fixed here); close_fds=True keeps it out."""
    snippet = "fd = fcntl.fcntl(src, fcntl.F_DUPFD, 50)\n"
    source = program(snippet, SPAWN_WITH_POPEN)
    assert run(source) == "inherited"
    only_nih301 = Settings(min_python=(3, 8), min_python_source="test", platforms=frozenset({"linux"}),
                           select=("NIH301",), unsafe_fixes=True)
    fixed = fix_source(source, only_nih301)
    assert [f.code for f in fixed.fixed] == ["NIH301"]
    assert "close_fds=True" in fixed.source and "F_DUPFD," in fixed.source
    assert run(fixed.source) == "not inherited"


def test_dup2_onto_a_standard_stream_is_not_reported():
    source = textwrap.dedent("""\
        import os, sys
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    """)
    assert check_source(source, LINUX_38) == []
