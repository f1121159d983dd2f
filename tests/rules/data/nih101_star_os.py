# `from os import *` rebinds open to os.open (NIH102, not NIH101); a later star import of a
# module that does not export open changes nothing.
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py36]: min_python=3.6
from os import *
from subprocess import *

fd = open("data.txt", O_RDONLY)  # NIH102[py27]: 5
fd = open("data.txt", O_RDONLY | O_CLOEXEC)
r, w = pipe()  # NIH106[py27]: 7
copy = dup(fd)  # NIH106[py27]: 7
