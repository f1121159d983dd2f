"""FD_CLOEXEC set on a new handle by the next statements."""

import pytest

from noinherit_lint.analysis.cloexec import cloexec_after
from tests.analysis.helpers import call_at, index_of

HEADER = "import os, fcntl, socket\nfrom fcntl import F_SETFD, FD_CLOEXEC\n"


def marked(body: str, marker: str):
    index = index_of(HEADER + body)
    return cloexec_after(index, call_at(index, marker))


@pytest.mark.parametrize("body, marker, names", [
    ("r, w = os.pipe()\nfcntl.fcntl(r, fcntl.F_SETFD, fcntl.FD_CLOEXEC)\nfcntl.fcntl(w, F_SETFD, FD_CLOEXEC)\n",
     "os.pipe(", {"r", "w"}),
    ("fd = os.open('a', os.O_RDONLY)\nflags = fcntl.fcntl(fd, fcntl.F_GETFD)\n"
     "fcntl.fcntl(fd, fcntl.F_SETFD, flags | fcntl.FD_CLOEXEC)\n", "os.open(", {"fd"}),
    ("fd = os.open('a', os.O_RDONLY)\nfcntl.fcntl(fd, fcntl.F_SETFD, 1)\n", "os.open(", {"fd"}),
    # twisted's spelling, tornado's, on fileno()
    ("s = socket.socket()\n_setCloseOnExec(s.fileno())\n", "socket.socket(", {"s"}),
    ("s = socket.socket()\nset_close_exec(s.fileno())\n", "socket.socket(", {"s"}),
    ("s = socket.socket()\ns.set_inheritable(False)\n", "socket.socket(", {"s"}),
    ("fd = os.dup(1)\nos.set_inheritable(fd, False)\n", "os.dup(", {"fd"}),
    # tornado: created in a try, marked after it
    ("def f(af):\n    for x in af:\n        try:\n            sock = socket.socket(x)\n        except OSError:\n"
     "            continue\n        set_close_exec(sock.fileno())\n", "socket.socket(", {"sock"}),
])
def test_marked(body, marker, names):
    assert marked(body, marker) == names


def test_gunicorn_marks_the_pair_in_a_loop_and_both_targets_name_it():
    body = ("class A:\n    def init(self):\n        self.PIPE = pair = os.pipe()\n        for p in pair:\n"
            "            set_non_blocking(p)\n            close_on_exec(p)\n")
    assert marked(body, "os.pipe(") == {"self.PIPE", "pair"}


@pytest.mark.parametrize("body, marker", [
    ("r, w = os.pipe()\n", "os.pipe("),
    ("fd = os.open('a', os.O_RDONLY)\nfcntl.fcntl(fd, fcntl.F_SETFD, 0)\n", "os.open("),
    ("fd = os.open('a', os.O_RDONLY)\nfcntl.fcntl(fd, fcntl.F_SETFD, flags & ~fcntl.FD_CLOEXEC)\n", "os.open("),
    ("fd = os.open('a', os.O_RDONLY)\nclose_on_exec(other)\n", "os.open("),
    ("fd = os.open('a', os.O_RDONLY)\na()\nb()\nc()\nd()\ne()\nclose_on_exec(fd)\n", "os.open("),  # too late
    ("s = socket.socket()\ns.set_inheritable(True)\n", "socket.socket("),
    ("print(os.pipe())\n", "os.pipe("),
])
def test_not_marked(body, marker):
    assert marked(body, marker) is None
