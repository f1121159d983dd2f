# -*- coding: latin-1 -*-
# OPTIONS[golden]: min_python=2.7; scope=always
"""Résumé à copier."""
from noinherit_ftools import ftools
print "résumé", ftools.copy("résumé.txt", "b")


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
