"""NIH2xx-4xx checks never crash on odd argument shapes of the calls they match."""

import itertools

import pytest

from noinherit_lint import registry
from noinherit_lint.checker import check_source
from noinherit_lint.rules import fork, inheritable, spawn
from noinherit_lint.settings import Settings

MINE = {inheritable.__name__, spawn.__name__, fork.__name__}
QUALNAMES = sorted(
    qualname for qualname, checks in registry.BY_QUALNAME.items()
    if any(check.function.__module__ in MINE for check in checks)
)
METHODS = sorted(
    name for name, checks in registry.BY_METHOD.items() if any(check.function.__module__ in MINE for check in checks)
)
ARGUMENTS = [
    "", "*a", "**k", "0", "True", "None", "'fork'", "x, y", "0, 1, 2", "fd, 9, *rest", "fd, 9, **k",
    ", ".join(["0"] * 10), "fd, fcntl.F_DUPFD", "fd, fcntl.F_SETFD", "flags=0", "close_fds=False, *a",
    "cmd, close_fds=False, stdout=1, stdin=None, capture_output=c, input=b''",
    "p, a, e, file_actions=[(os.POSIX_SPAWN_CLOSE, 3)]", "x, y, z | w", "lambda: 0, (yield)",
]
SETTINGS = [
    Settings(min_python=(2, 7), min_python_source="test"),
    Settings(min_python=(3, 13), min_python_source="test", platforms=frozenset({"linux"})),
]
PRELUDE = (
    "import os, fcntl, socket, subprocess, pty, platform, multiprocessing, threading, socketserver\n"
    "import commands, popen2, multiprocessing.reduction, multiprocessing.context\n"
    "SCM = socket.SCM_RIGHTS\n"
    "pid = os.fork()\n"
    "if not pid:\n    pass\n"
)


@pytest.mark.parametrize("settings", SETTINGS, ids=["py27", "py313-linux"])
def test_every_matched_call_with_odd_arguments(settings):
    callees = QUALNAMES + [f"sock.{name}" for name in METHODS]
    lines = [f"def f{i}():\n    {callee}({args})\n"
             for i, (callee, args) in enumerate(itertools.product(callees, ARGUMENTS))]
    lines.append("class S(socketserver.ForkingMixIn(), socketserver.ForkingTCPServer): pass\n")
    findings = check_source(PRELUDE + "".join(lines), settings)
    assert len(callees) > 40 and findings
