# OPTIONS[golden]: min_python=2.7; scope=always
import os

def check(path):
    if not os.path.exists(path):
        raise IOError, "no %s" % path; os.dup(2)
    raise ValueError, open(path).read(), None


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
