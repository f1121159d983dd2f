# OPTIONS[golden]: min_python=2.7; scope=always
import os

from noinherit_ftools import ftools

def check(path):
    if not os.path.exists(path):
        raise IOError, "no %s" % path; ftools.dup(2)
    raise ValueError, ftools.open(path).read(), None


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
