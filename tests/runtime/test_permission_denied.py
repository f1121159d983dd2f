"""Permission denied, for real: as an unprivileged user, ftools raises what the stdlib raises.

Root opens a mode-000 file anyway, so the differential checks elsewhere cannot reach EACCES.  Here a
child process drops to the `nobody` uid before it compares each ftools creator with the stdlib call
it replaces, on every interpreter that `pyenv versions --bare` lists.
"""

import json
import os
import subprocess

import pytest

from tests.runtime.interpreters import EXPECTED, FAST, installed_interpreters

RUNTIME = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                       "runtime")

CHILD = r'''
import codecs, io, json, os, shutil, sys
sys.path.insert(0, sys.argv[1])
import ftools
locked, folder = sys.argv[2], sys.argv[3]
# The interpreters live under /root, which `nobody` cannot read: import now what may be imported
# lazily later (by ftools or the stdlib), then drop privileges.
import errno, fcntl, socket, stat, threading, encodings.utf_8
os.setgid(65534)
os.setuid(65534)

def outcome(call):
    try:
        result = call()
    except Exception as exc:
        return [type(exc).__name__, getattr(exc, "errno", None), str(exc)]
    return ["no error", None, repr(type(result))]

pairs = {
    "open": (lambda: open(locked), lambda: ftools.open(locked)),
    "open-w": (lambda: open(locked, "w"), lambda: ftools.open(locked, "w")),
    "io_open": (lambda: io.open(locked), lambda: ftools.io_open(locked)),
    "codecs_open": (lambda: codecs.open(locked, "r", "utf-8"), lambda: ftools.codecs_open(locked, "r", "utf-8")),
    "os_open": (lambda: os.open(locked, os.O_RDONLY), lambda: ftools.os_open(locked, os.O_RDONLY)),
    "copyfile-src": (lambda: shutil.copyfile(locked, os.path.join(folder, "a")),
                     lambda: ftools.copyfile(locked, os.path.join(folder, "b"))),
}
print(json.dumps(dict((name, [outcome(std), outcome(ours)]) for name, (std, ours) in pairs.items())))
'''


def _interpreters():
    found = installed_interpreters()
    return [pytest.param(found.get(v), id=v,
                         marks=[pytest.mark.skipif(v not in found, reason="Python %s is not installed" % v)]
                         + ([] if v in FAST else [pytest.mark.slow]))
            for v in EXPECTED]


@pytest.mark.skipif(not hasattr(os, "setuid") or os.geteuid() != 0,
                    reason="needs root to switch to the nobody user")
@pytest.mark.parametrize("python", _interpreters())
def test_permission_denied_matches_the_stdlib(tmp_path, python):
    os.chmod(str(tmp_path), 0o777)
    locked = tmp_path / "locked.txt"
    locked.write_text("secret")
    os.chmod(str(locked), 0)
    done = subprocess.run([python, "-c", CHILD, RUNTIME, str(locked), str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for name, (stdlib, ours) in results.items():
        assert stdlib[0] != "no error", (name, stdlib)  # the case really is permission denied
        assert stdlib[1] == 13, (name, stdlib)  # EACCES
        assert ours == stdlib, name
