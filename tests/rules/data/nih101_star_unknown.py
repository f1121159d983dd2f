# A star import from a module outside the stdlib may bind anything, `open` included: a builtin
# name is then unknown.  Module attributes still resolve.
# OPTIONS[py27]: min_python=2.7; scope=always
import shutil
from mypackage.helpers import *

open("data.txt")
shutil.copyfile("a", "b")  # NIH103: 0
