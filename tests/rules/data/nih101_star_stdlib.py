# Star imports of stdlib modules: gzip and tarfile export their own open; io and codecs export
# theirs (still NIH101); math exports none, so builtin open stays builtin.
# OPTIONS[py27]: min_python=2.7; scope=always
from math import *


def uses_builtin():
    open("data.txt")  # NIH101: 4


# A thread of this module that spawns: a handle another thread holds open, however briefly, can reach
# its child (the "threads" case of the lifetime rule), so every creation above is reported.
import subprocess as _subprocess  # noqa: E402
import threading as _threading  # noqa: E402



def _build():
    _subprocess.call(["make"], close_fds=False)  # NIH301: 4


_threading.Thread(target=_build).start()
