# OPTIONS[golden]: min_python=2.7; scope=always
import subprocess, sys

from noinherit_ftools import ftools

print "copying", ftools.copyfile("a", "b")
print >>sys.stderr, ftools.open("log").read(),
print
print >> sys.stderr
subprocess.call(["ls"], close_fds=True)


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
