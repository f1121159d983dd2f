"""Expressions that are descriptors 0/1/2, and creations that get those numbers."""

import pytest

from noinherit_lint.analysis.std_streams import creates_std_fd, is_std_fd
from tests.analysis.helpers import call_at, index_of

HEADER = "import os, sys, pty\nfrom sys import stdout as out\n"


def target_is_std(body: str) -> bool:
    index = index_of(HEADER + body)
    call = call_at(index, "os.dup2(")
    return is_std_fd(index, call.args[1], call)


@pytest.mark.parametrize("body", [
    "os.dup2(3, 1)\n",
    "os.dup2(3, sys.stdout.fileno())\n",
    "os.dup2(3, sys.__stderr__.fileno())\n",
    "os.dup2(3, out.fileno())\n",
    "os.dup2(3, pty.STDIN_FILENO)\n",
    "def f(x):\n    fd = sys.stdout.fileno()\n    os.dup2(x, fd)\n",
    "def f(x):\n    stream = sys.stderr\n    os.dup2(x, stream.fileno())\n",
    # a parameter that every caller passes a standard stream for (gunicorn, python-daemon)
    "def redirect(stream, target):\n    os.dup2(target, stream.fileno())\n\nredirect(sys.stdout, 5)\nredirect(sys.stderr, 5)\n",
    "def redirect(stream, fd_expect):\n    fd = stream.fileno()\n    if fd == fd_expect:\n        os.dup2(7, fd)\n\n"
    "redirect(sys.stdout, 1)\nredirect(sys.stderr, 2)\n",
])
def test_standard_stream_targets(body):
    assert target_is_std(body)


@pytest.mark.parametrize("body", [
    "os.dup2(3, 10)\n",
    "def f(x, target):\n    os.dup2(x, target)\n",  # a parameter without callers in the module
    "def redirect(stream):\n    os.dup2(7, stream.fileno())\n\nredirect(sys.stdout)\nredirect(open('log'))\n",
    "def f(x, log):\n    os.dup2(x, log.fileno())\n",
    "def f(x):\n    fd = sys.stdout.fileno()\n    fd = 9\n    os.dup2(x, fd)\n",
])
def test_other_targets(body):
    assert not target_is_std(body)


def creation_is_std(body: str, marker: str, occurrence: int = 0) -> bool:
    index = index_of(HEADER + body)
    return creates_std_fd(index, call_at(index, marker, occurrence))


@pytest.mark.parametrize("body, marker, occurrence", [
    # supervisor's daemonize
    ("def d():\n    os.close(0)\n    sys.stdin = open('/dev/null')\n    os.close(1)\n"
     "    sys.stdout = open('/dev/null', 'w')\n", "open(", 1),
    ("def d():\n    os.close(0)\n    sys.stdin = open('/dev/null')\n", "open(", 0),
    # gunicorn's daemonize
    ("def d():\n    os.closerange(0, 3)\n    fd_null = os.open('/dev/null', os.O_RDWR)\n", "os.open(", 0),
    ("from os import closerange\ndef d():\n    closerange(0, 3)\n    a = os.open('/dev/null', os.O_RDWR)\n"
     "    b = os.open('/dev/null', os.O_RDWR)\n", "os.open(", 1),
])
def test_creations_that_get_a_standard_number(body, marker, occurrence):
    assert creation_is_std(body, marker, occurrence)


@pytest.mark.parametrize("body, marker, occurrence", [
    ("def d():\n    fd = os.open('/dev/null', os.O_RDWR)\n", "os.open(", 0),
    ("def d():\n    os.close(5)\n    fd = os.open('/dev/null', os.O_RDWR)\n", "os.open(", 0),
    # one std fd closed, reopened by the first creation: the second is not a std fd
    ("def d():\n    os.close(0)\n    a = open('/dev/null')\n    b = open('/dev/null')\n", "open(", 1),
    ("def d():\n    os.closerange(3, 256)\n    fd = os.open('/dev/null', os.O_RDWR)\n", "os.open(", 0),
])
def test_creations_that_do_not(body, marker, occurrence):
    assert not creation_is_std(body, marker, occurrence)
