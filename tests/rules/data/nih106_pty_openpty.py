# `pty.openpty()` creates the same inheritable pair as `os.openpty()` on Python < 3.4.
# OPTIONS[py27]: min_python=2.7; scope=always
import pty


class Terminal(object):
    def __init__(self):
        self.master, self.slave = pty.openpty()  # NIH106: 34 "it outlives this function (stored in self.master, self.slave)"
