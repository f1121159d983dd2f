# OPTIONS[golden]: min_python=2.7; scope=always
import os

def check(path):
    if not os.path.exists(path):
        raise IOError, "no %s" % path; os.dup(2)
    raise ValueError, open(path).read(), None
