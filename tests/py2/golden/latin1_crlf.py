# -*- coding: latin-1 -*-
# OPTIONS[golden]: min_python=2.7; scope=always
"""Résumé à copier."""
import shutil
print "résumé", shutil.copy("résumé.txt", "b")


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
