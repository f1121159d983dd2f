# Every spawn of this module closes every descriptor in the child: NIH1xx stay silent here.
# OPTIONS[py27]: min_python=2.7; scope=always
import os


class Process(object):
    def __init__(self):
        self.log = open("process.log", "a")  # silent: no child of this module can see it
        self.r, self.w = os.pipe()  # silent

    def spawn(self, argv):
        pid = os.fork()
        if pid == 0:
            os.dup2(self.w, 1)
            os.closerange(3, 65536)
            os.execv(argv[0], argv)
        return pid
