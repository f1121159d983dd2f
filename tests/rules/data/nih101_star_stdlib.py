# Star imports of stdlib modules: gzip and tarfile export their own open; io and codecs export
# theirs (still NIH101); math exports none, so builtin open stays builtin.
# OPTIONS[py27]: min_python=2.7; scope=always
from math import *


def uses_builtin():
    open("data.txt")  # NIH101: 4
