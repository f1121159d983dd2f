# OPTIONS[golden]: min_python=2.7; scope=always

from noinherit_ftools import ftools


def copy_pair(dest, (src, name)=("a", "b")): return ftools.copy(src, dest + name)

copy_all = lambda (a, b): ftools.copy2(a, b)


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
