# OPTIONS[golden]: min_python=2.7; scope=always
import subprocess, sys

from noinherit_ftools import ftools

print "copying", ftools.copyfile("a", "b")
print >>sys.stderr, ftools.open("log").read(),
print
print >> sys.stderr
subprocess.call(["ls"], close_fds=True)
