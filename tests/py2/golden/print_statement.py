# OPTIONS[golden]: min_python=2.7; scope=always
import shutil, subprocess, sys

print "copying", shutil.copyfile("a", "b")
print >>sys.stderr, open("log").read(),
print
print >> sys.stderr
subprocess.call(["ls"])
