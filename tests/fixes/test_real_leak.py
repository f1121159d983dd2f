"""A rewritten Python 2/3 program really stops leaking handles into close_fds=False children.

The program creates a file (open), a raw descriptor (os.open), a socket, a pipe and a dup, then
starts a child with ``subprocess.Popen(..., close_fds=False)``; the child reports which of those
exact objects (same st_dev/st_ino at the same descriptor number) it received.  On Python 2.7 the
original leaks all five; after ``noinherit-fix --vendor ftools.py --select NIH1`` (the Popen call is
left as it is on purpose) it leaks none.  The rewritten program also still runs on Python 3.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from noinherit_lint.cli import main
from noinherit_lint.settings import clear_caches

PROGRAM = r'''from __future__ import print_function
import os
import socket
import subprocess
import sys

CHILD = """
import os, sys
leaked = []
for item in sys.argv[1:]:
    name, fd, dev, ino = item.split(":")
    try:
        st = os.fstat(int(fd))
    except OSError:
        continue
    if (st.st_dev, st.st_ino) == (int(dev), int(ino)):
        leaked.append(name)
print(",".join(leaked))
"""


def describe(name, fd):
    st = os.fstat(fd)
    return "%s:%d:%d:%d" % (name, fd, st.st_dev, st.st_ino)


def main(folder):
    log = open(os.path.join(folder, "log.txt"), "w")
    raw = os.open(os.path.join(folder, "raw.txt"), os.O_RDWR | os.O_CREAT)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    r, w = os.pipe()
    copy = os.dup(raw)
    handles = [describe("open", log.fileno()), describe("os.open", raw), describe("socket", sock.fileno()),
               describe("pipe", r), describe("dup", copy)]
    child = subprocess.Popen([sys.executable, "-c", CHILD] + handles, close_fds=False, stdout=subprocess.PIPE)
    print(child.communicate()[0].decode().strip())


main(sys.argv[1])
'''
ALL = "open,os.open,socket,pipe,dup"


def _pyenv_python(version: str):
    root = os.environ.get("PYENV_ROOT")
    if not root and shutil.which("pyenv"):
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
    if not root:
        return None
    versions = sorted(Path(root, "versions").glob(version + ".*"))
    pythons = [v / "bin" / "python" for v in versions if (v / "bin" / "python").exists()]
    return str(pythons[-1]) if pythons else None


PY27 = _pyenv_python("2.7")


def _run(python, script, folder):
    result = subprocess.run([python, str(script), str(folder)], capture_output=True, text=True, cwd=folder,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.skipif(sys.platform == "win32", reason="descriptor identity via os.fstat is a POSIX test")
@pytest.mark.skipif(PY27 is None, reason="Python 2.7 is not installed (pyenv versions 2.7.*)")
def test_rewritten_program_stops_leaking_on_python27(tmp_path, capsys):
    clear_caches()
    script = tmp_path / "leaky.py"
    script.write_text(PROGRAM)
    assert _run(PY27, script, tmp_path) == ALL  # the leak is real

    code = main(["--min-python", "2.7", "--select", "NIH1", "--unsafe-fixes", "--vendor", str(tmp_path / "ftools.py"), str(script)])
    assert code == 1, capsys.readouterr().err
    fixed = script.read_text()
    assert "import ftools\n" in fixed and "close_fds=False" in fixed
    for call in ("ftools.open(", "| ftools.O_CLOEXEC)", "ftools.socket(", "ftools.pipe()", "ftools.dup("):
        assert call in fixed

    assert _run(PY27, script, tmp_path) == ""  # nothing leaks any more
    assert _run(sys.executable, script, tmp_path) == ""  # and it still runs on Python 3
