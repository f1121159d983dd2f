# NIH201: os.dup2 onto a descriptor that is not a standard stream.
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py34]: min_python=3.4
# OPTIONS[py38-linux]: min_python=3.8; platforms=linux
import os
import os as o
import sys
import pty
from os import dup2
from os import dup2 as d2
from sys import stdout

# the four import styles
os.dup2(a, 9)  # NIH201[py27]: 0 "set close-on-exec on it (inheritable=False needs Python 3.4+)"; NIH201[py34,py38-linux]: 0 "; pass inheritable=False"
o.dup2(a, 9)  # NIH201: 0
dup2(a, 9)  # NIH201: 0
d2(a, 9)  # NIH201: 0
fd = os.dup2(a, b)  # NIH201: 5
os.dup2(a, fd2=9)  # NIH201: 0
x = "é"; os.dup2(a, 9)  # NIH201: 10
os.dup2(a, 9, inheritable=True)  # NIH201: 0 "pass inheritable=False, or pass it to the one child that needs it with pass_fds="
os.dup2(a, 9, True)  # NIH201: 0

# standard streams are what dup2 is for
os.dup2(a, 0)
os.dup2(a, 1)
d2(a, 2)
os.dup2(a, sys.stdout.fileno())
os.dup2(a, sys.__stderr__.fileno())
os.dup2(a, stdout.fileno())
os.dup2(a, pty.STDIN_FILENO)

# not inheritable, or not judged
os.dup2(a, 9, inheritable=False)
os.dup2(a, 9, False)
os.dup2(a, 9, inheritable=flag)
os.dup2(*pair)


# shadowing
def shadowed(os, dup2):
    os.dup2(a, 9)
    dup2(a, 9)


class Wrapper:
    def dup2(self, a, b):
        return self.dup2(a, b)


def rebinding():
    d2 = print
    d2(a, 9)


# fork child before exec: the descriptor is meant for the program it execs (not reported)
pid = os.fork()
if pid == 0:
    os.dup2(a, 5)
