# OPTIONS[golden]: min_python=2.7; scope=always

from noinherit_ftools import ftools


def copy(src, dst, async=False):
    nonlocal = ftools.copyfile(src, dst)
    return nonlocal if async else None
print copy


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
