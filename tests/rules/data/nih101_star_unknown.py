# A star import from a module outside the stdlib may bind anything, `open` included: a builtin
# name is then unknown.  Module attributes still resolve.
# OPTIONS[py27]: min_python=2.7; scope=always
import shutil
from mypackage.helpers import *

open("data.txt")
shutil.copyfile("a", "b")  # NIH103: 0


# A thread of this module that spawns: a handle another thread holds open, however briefly, can reach
# its child (the "threads" case of the lifetime rule), so every creation above is reported.
import subprocess as _subprocess  # noqa: E402
import threading as _threading  # noqa: E402



def _build():
    _subprocess.call(["make"], close_fds=False)  # NIH301: 4


_threading.Thread(target=_build).start()
