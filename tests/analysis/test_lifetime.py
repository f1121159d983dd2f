"""Handle lifetime: which of the three hazard cases (or none) a creation call is."""

import pytest

from noinherit_lint.analysis.lifetime import Lifetime, classify
from tests.analysis.helpers import call_at, index_of

HEADER = "import subprocess, os, socket, logging, threading, contextlib\n"


def verdict(body: str, marker: str):
    index = index_of(HEADER + body)
    return classify(index, call_at(index, marker))


@pytest.mark.parametrize("body, marker, how", [
    # a spawn inside the with body
    ("def f(log):\n    with open(log, 'w') as out:\n        subprocess.call(['x'], stdout=out)\n",
     "open(", "subprocess.call() at line 4"),
    # between creation and close() in the same function
    ("def f():\n    fh = open('a')\n    os.system('ls')\n    fh.close()\n", "open(", "os.system() at line 4"),
    # through a function of the module that spawns
    ("def run():\n    subprocess.call(['git'])\n\ndef f():\n    fh = open('a')\n    run()\n    fh.close()\n",
     "open(", "run() at line 7"),
    # through a method of the same class
    ("class C:\n    def go(self):\n        os.spawnv(os.P_WAIT, 'x', ['x'])\n"
     "    def f(self):\n        with open('a') as fh:\n            self.go()\n", "open(", "self.go() at line 7"),
    # the handle is an argument of the spawn
    ("def f():\n    subprocess.call(['x'], stdout=open('log', 'w'))\n", "open(", "passed to subprocess.call()"),
])
def test_spawn_in_lifetime(body, marker, how):
    result = verdict(body, marker)
    assert (result.lifetime, result.how) == (Lifetime.SPAWN_IN_LIFETIME, how)
    assert result.spawn is not None


@pytest.mark.parametrize("body, marker, how", [
    ("class C:\n    def f(self):\n        self.sock = socket.socket()\n", "socket.socket(", "stored in self.sock"),
    ("def f(d):\n    d['k'] = open('a')\n", "open(", "stored in a container"),
    ("log = open('app.log', 'a')\n", "open(", "kept in a module global"),
    ("def f():\n    global LOG\n    LOG = open('a')\n", "open(", "kept in a global"),
    ("def f():\n    return open('a')\n", "open(", "returned to the caller"),
    ("def f():\n    fh = open('a')\n    return fh\n", "open(", "returned to the caller"),
    ("def f():\n    r, w = os.pipe()\n    return r, w\n", "os.pipe(", "returned to the caller"),
    ("def f():\n    h = logging.StreamHandler(open('a', 'a'))\n", "open(", "passed to logging.StreamHandler()"),
    ("def f(items):\n    s = socket.socket()\n    items.append(s)\n", "socket.socket(", "passed to items.append()"),
    ("def f():\n    s = socket.socket()\n    s.bind(('', 0))\n    s.listen(5)\n", "socket.socket(", "a listening socket"),
    ("def f():\n    fd = os.open('a', os.O_RDONLY)\n    os.write(fd, b'x')\n", "os.open(",
     "a descriptor never closed in this function"),
    ("def f():\n    with open('a') as fh:\n        for line in fh:\n            yield line\n", "open(",
     "open across a yield in the with block"),
    ("def f():\n    s = socket.socket()\n    def close():\n        s.close()\n    return close\n", "socket.socket(",
     "captured by a nested function"),
    ("class C:\n    def f(self, factory):\n        s = socket.socket()\n        self.t = factory(s)\n",
     "socket.socket(", "passed to factory() and stored in self.t"),
    ("def f():\n    return logging.FileHandler('a.log')\n", "logging.FileHandler(",
     "a logging handler or server, kept open for the life of the program"),
])
def test_escapes(body, marker, how):
    result = verdict(body, marker)
    assert (result.lifetime, result.how) == (Lifetime.ESCAPES, how)


@pytest.mark.parametrize("body, marker", [
    # the reproduction: read a config, spawn later, no threads
    ("def f():\n    with open('setup.cfg') as fh:\n        cfg = fh.read()\n"
     "    subprocess.call(['x'], close_fds=True)\n", "open("),
    ("def f():\n    data = open('a').read()\n    os.system('ls')\n", "open("),
    ("def f():\n    fh = open('a')\n    fh.close()\n    os.system('ls')\n", "open("),
    ("def f():\n    fd = os.open('a', os.O_RDONLY)\n    os.close(fd)\n    os.system('ls')\n", "os.open("),
    ("def f():\n    s = socket.socket()\n    s.listen(1)\n    c, _ = s.accept()\n    s.close()\n    return c\n",
     "socket.socket("),
    # a close() in an except handler does not end the lifetime, but nothing spawns anyway
    ("def f():\n    s = socket.socket()\n    try:\n        s.connect(('h', 1))\n    except OSError:\n"
     "        s.close()\n        raise\n    s.close()\n", "socket.socket("),
    ("def f():\n    with contextlib.closing(socket.socket()) as s:\n        s.connect(('h', 1))\n", "socket.socket("),
    # passed to a function (not a constructor): used, not kept
    ("def f(path):\n    return parse(open(path))\n\ndef parse(fh):\n    return fh.read()\n", "open("),
    # a test method that writes a file and then runs the code under test
    ("class T:\n    def test_x(self):\n        with open('a', 'w') as fh:\n            fh.write('x')\n"
     "        self.assertTrue(True)\n", "open("),
])
def test_short_lived(body, marker):
    assert verdict(body, marker).lifetime is Lifetime.SHORT_LIVED


def test_short_lived_in_a_module_whose_threads_spawn_is_the_threads_case():
    body = ("def worker():\n    subprocess.call(['x'])\n\nthreading.Thread(target=worker).start()\n\n"
            "def f():\n    with open('a') as fh:\n        return fh.read()\n")
    result = verdict(body, "open(")
    assert (result.lifetime, result.how) == (Lifetime.THREADS, "this module starts threads that spawn")


def test_threads_that_do_not_spawn_leave_it_short_lived():
    body = ("def worker():\n    print('hi')\n\nthreading.Thread(target=worker).start()\nE = threading.Event()\n\n"
            "def f():\n    with open('a') as fh:\n        return fh.read()\n")
    assert verdict(body, "open(").lifetime is Lifetime.SHORT_LIVED


def test_a_spawn_after_the_with_block_is_outside_the_lifetime():
    body = "def f():\n    with open('a') as fh:\n        fh.read()\n    subprocess.call(['x'])\n"
    assert verdict(body, "open(").lifetime is Lifetime.SHORT_LIVED


def test_a_lambda_is_not_followed():
    result = verdict("f = lambda p: open(p)\n", "open(")
    assert result.lifetime is Lifetime.UNKNOWN


@pytest.mark.parametrize("callback, lifetime, how", [
    # used while open, closed after: the callback holds a closed handle
    ("        return fh.read()\n", Lifetime.SHORT_LIVED, "closed in this function"),
    # a callback that spawns while it is open keeps it a hazard
    ("        os.system('ls')\n        return fh\n", Lifetime.SPAWN_IN_LIFETIME, "os.system() at line 5"),
])
def test_a_handle_captured_by_a_callback_and_closed_later(callback, lifetime, how):
    body = "def f(loop):\n    fh = open('a')\n    def later():\n" + callback + \
        "    loop.call_soon(later)\n    fh.close()\n"
    result = verdict(body, "open(")
    assert (result.lifetime, result.how) == (lifetime, how)
