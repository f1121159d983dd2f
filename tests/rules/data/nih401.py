# NIH401: fork in a module that uses threads (any min-python).
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py312]: min_python=3.12; platforms=linux
import threading
import os
import os as o
import pty
import pty as p
from os import fork, forkpty
from os import fork as f
from pty import fork as ptyfork

pid = os.fork()  # NIH401: 6 "gives the child a copy of every handle (close-on-exec does not apply)"
o.fork()  # NIH401: 0
fork()  # NIH401: 0
f()  # NIH401: 0
pid, fd = os.forkpty()  # NIH401: 10
forkpty()  # NIH401: 0
pty.fork()  # NIH401: 0
p.fork()  # NIH401: 0
ptyfork()  # NIH401: 0
x = "é"; os.fork()  # NIH401: 10

# negatives
os.register_at_fork(after_in_child=reset)


def shadowed(os, fork):
    os.fork()
    fork()


class Server:
    def fork(self):
        return self.fork()
