# OPTIONS[golden]: min_python=2.7; scope=always
import shutil, subprocess, sys

print "copying", shutil.copyfile("a", "b")
print >>sys.stderr, open("log").read(),
print
print >> sys.stderr
subprocess.call(["ls"])


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
