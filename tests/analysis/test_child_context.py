"""Fork-child code before exec: branches, child-only helpers, preexec_fn."""

import pytest

from noinherit_lint.fork_child import in_child
from tests.analysis.helpers import call_at, index_of

HEADER = "import os, pty, subprocess\n"


def child(body: str, marker: str, occurrence: int = 0) -> bool:
    index = index_of(HEADER + body)
    return in_child(index, call_at(index, marker, occurrence))


@pytest.mark.parametrize("body", [
    # the reproduction
    "if os.fork() == 0:\n    fd = os.open('/dev/tty', os.O_RDWR)\n    os.close(fd)\n    os.execv('/bin/sh', ['sh'])\n",
    "pid = os.fork()\nif pid == 0:\n    fd = os.open('/dev/tty', os.O_RDWR)\n    os.execv('/bin/sh', ['sh'])\n",
    "def f():\n    pid = os.fork()\n    if not pid:\n        fd = os.open('/dev/tty', os.O_RDWR)\n",
    "def f():\n    pid = os.fork()\n    if pid:\n        return pid\n    else:\n        fd = os.open('/dev/tty', os.O_RDWR)\n",
    "def f():\n    pid, master = pty.fork()\n    if pid > 0:\n        return pid\n    fd = os.open('/dev/tty', os.O_RDWR)\n"
    "    os.execvp('sh', ['sh'])\n",
    "CHILD = 0\ndef f():\n    pid = os.fork()\n    if pid == CHILD:\n        fd = os.open('/dev/tty', os.O_RDWR)\n",
    "class P:\n    def start(self):\n        self.pid = os.fork()\n        if self.pid == 0:\n"
    "            fd = os.open('/dev/tty', os.O_RDWR)\n",
])
def test_creation_in_a_child_branch(body):
    assert child(body, "os.open(")


def test_a_helper_called_only_from_the_child_branch_is_child_code():
    body = ("def setup_child(m):\n    os.dup2(m, 0)\n\n"
            "def spawn():\n    pid = os.fork()\n    if pid == 0:\n        setup_child(5)\n        os.execv('x', ['x'])\n")
    assert child(body, "os.dup2(")


def test_helpers_of_helpers_are_child_code_too():
    body = ("def tty():\n    fd = os.open('/dev/tty', os.O_RDWR)\n\ndef setup_child():\n    tty()\n\n"
            "def spawn():\n    if os.fork() == 0:\n        setup_child()\n        os.execv('x', ['x'])\n")
    assert child(body, "os.open(")


@pytest.mark.parametrize("body", [
    # a fork in a nested function: its own pid test
    "def outer():\n    def inner():\n        pid = os.fork()\n        if pid == 0:\n"
    "            fd = os.open('/dev/tty', os.O_RDWR)\n    return inner\n",
    # forks in two functions, each testing its own pid
    "def a():\n    pid = os.fork()\n    if pid:\n        return pid\n\n"
    "def b():\n    pid = os.fork()\n    if pid == 0:\n        fd = os.open('/dev/tty', os.O_RDWR)\n",
    # a fork at module level, next to a function that forks too
    "def f():\n    return os.fork()\n\npid = os.fork()\nif pid == 0:\n    fd = os.open('/dev/tty', os.O_RDWR)\n",
])
def test_each_forking_function_tests_its_own_pid(body):
    assert child(body, "os.open(")


@pytest.mark.parametrize("body", [
    # the pid of another function
    "def a():\n    pid = os.fork()\n    return pid\n\n"
    "def b(pid):\n    if pid == 0:\n        fd = os.open('/dev/tty', os.O_RDWR)\n",
    # a nested function of the forking one does not see its pid test as its own
    "def f():\n    pid = os.fork()\n    def g():\n        if pid == 0:\n"
    "            fd = os.open('/dev/tty', os.O_RDWR)\n    return g\n",
])
def test_a_pid_counts_only_where_it_was_assigned(body):
    assert not child(body, "os.open(")


def test_a_method_called_as_self_name_only_from_the_child_is_child_code():
    # `other.setup()` elsewhere is another object's method: not a call of this one
    body = ("class P:\n    def setup(self):\n        os.dup2(3, 0)\n\n"
            "    def spawn(self, other):\n        other.setup()\n        if os.fork() == 0:\n"
            "            self.setup()\n            os.execv('x', ['x'])\n")
    assert child(body, "os.dup2(")


def test_preexec_fn_runs_in_the_child():
    body = ("def f():\n    def pef():\n        with open('foo', 'w') as fh:\n            fh.write('x')\n"
            "    subprocess.Popen(['ls'], preexec_fn=pef)\n")
    assert child(body, "open(")


@pytest.mark.parametrize("body, marker", [
    # the parent branch
    ("pid = os.fork()\nif pid == 0:\n    os.execv('x', ['x'])\nelse:\n    fd = os.open('a', os.O_RDONLY)\n", "os.open("),
    # a daemon carrying on after the parent exits (no exec): the program itself, not a child
    ("def daemonize():\n    if os.fork():\n        os._exit(0)\n    os.setsid()\n    fd = os.open('/dev/null', os.O_RDWR)\n",
     "os.open("),
    # a helper also called outside the child
    ("def setup(m):\n    os.dup2(m, 9)\n\ndef spawn():\n    if os.fork() == 0:\n        setup(5)\n"
     "        os.execv('x', ['x'])\n    setup(6)\n", "os.dup2("),
    # no fork in the module
    ("pid = 0\nif pid == 0:\n    fd = os.open('a', os.O_RDONLY)\n", "os.open("),
    # a name that is not the fork's result
    ("pid = os.fork()\nother = 1\nif other == 0:\n    fd = os.open('a', os.O_RDONLY)\n", "os.open("),
])
def test_not_child_code(body, marker):
    assert not child(body, marker)
