"""A module with __future__ imports: the runtime import goes after them."""
# OPTIONS[golden]: min_python=2.7; scope=always
from __future__ import print_function
from __future__ import with_statement

from noinherit_ftools import ftools

print("starting", file=None)
with ftools.open("x") as handle:
    server = ftools.socket()
mode = 0600


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
