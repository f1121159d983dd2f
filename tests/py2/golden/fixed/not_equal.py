# OPTIONS[golden]: min_python=2.7; scope=always
from noinherit_ftools import ftools
import os

if os.open("p", os.O_RDONLY | ftools.O_CLOEXEC) <> -1: r, w = ftools.pipe()
while 1 <> 2 and ftools.pipe() <> None:
    break
