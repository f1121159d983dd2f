"""Every spawn of the module closes every descriptor in the child."""

import pytest

from noinherit_lint.analysis.closes_all import every_spawn_closes_all
from tests.analysis.helpers import index_of

HEADER = "import os, pty, subprocess, resource\n"
FORK_CLOSE_EXEC = ("def spawn(argv):\n    pid = os.fork()\n    if pid == 0:\n        os.closerange(3, 1024)\n"
                   "        os.execv(argv[0], argv)\n    return pid\n")


def closes_all(body: str, default: bool = False) -> bool:
    return every_spawn_closes_all(index_of(HEADER + body), close_fds_default=default)


@pytest.mark.parametrize("body", [
    FORK_CLOSE_EXEC,
    # ptyprocess: closerange between pass_fds, in a loop; pty.fork; CHILD constant
    "CHILD = 0\ndef spawn(argv, keep):\n    pid, fd = pty.fork()\n    if pid == CHILD:\n"
    "        for lo, hi in zip([2] + keep, keep + [1024]):\n            os.closerange(lo + 1, hi)\n"
    "        os.execv(argv[0], argv)\n    return pid, fd\n",
    # sh: close every fd listed in /dev/fd
    "def spawn(argv):\n    pid = os.fork()\n    if pid == 0:\n        for fd in set(map(int, os.listdir('/dev/fd'))) - {0, 1, 2}:\n"
    "            os.close(fd)\n        os.execv(argv[0], argv)\n",
    FORK_CLOSE_EXEC + "def run(cmd):\n    return subprocess.call(cmd, close_fds=True)\n",
])
def test_every_spawn_closes(body):
    assert closes_all(body)


@pytest.mark.parametrize("body", [
    "",  # no spawn at all: nothing to judge
    FORK_CLOSE_EXEC + "def other():\n    os.system('ls')\n",
    FORK_CLOSE_EXEC + "def run(cmd):\n    return subprocess.call(cmd)\n",
    "def spawn(argv):\n    pid = os.fork()\n    if pid == 0:\n        os.execv(argv[0], argv)\n",  # no close
    "def spawn(argv):\n    pid = os.fork()\n    if pid == 0:\n        os.closerange(5, 1024)\n        os.execv(argv[0], argv)\n",
    "def reexec(argv):\n    os.execv(argv[0], argv)\n",  # an exec outside a child
    # closerange from a computed start, in no loop; os.close of a name that is no loop variable
    "def spawn(argv, lo):\n    pid = os.fork()\n    if pid == 0:\n        os.closerange(lo, 1024)\n        os.execv(argv[0], argv)\n",
    "def spawn(argv, fd):\n    pid = os.fork()\n    if pid == 0:\n        for i in range(3):\n            pass\n"
    "        os.close(fd)\n        os.execv(argv[0], argv)\n",
])
def test_some_spawn_does_not(body):
    assert not closes_all(body)


def test_subprocess_default_closes_from_python_3_2():
    body = "def run(cmd):\n    return subprocess.call(cmd)\n"
    assert closes_all(body, default=True) and not closes_all(body, default=False)
