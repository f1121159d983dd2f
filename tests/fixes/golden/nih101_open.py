"""NIH101: builtin open/file, io.open, codecs.open; calls inside expressions; multi-line calls."""
# OPTIONS[golden]: min_python=2.7
from __future__ import print_function

import codecs
import io
import subprocess

data = open("in.txt").read()
with open(
    "out.txt",  # where the report goes
    "w",
) as out:
    subprocess.call(["tool"], stdout=out, close_fds=True)
legacy = file("old.txt")
text = io.open("a.txt", encoding="utf-8").read().splitlines()
notes = codecs.open("n.txt", "r", "utf-8")
lines = [line for line in open("x") if line]
fd_wrapped = open(3)  # an existing descriptor: not flagged
kept = open("kept.txt")  # noqa: NIH101


# a thread of this module that starts a child: the handles above can reach it
import os as _os  # noqa: E402
import threading as _threading  # noqa: E402

_threading.Thread(target=lambda: _os.posix_spawn("/bin/true", ["true"], {}, file_actions=[(_os.POSIX_SPAWN_CLOSE, 3)])).start()
