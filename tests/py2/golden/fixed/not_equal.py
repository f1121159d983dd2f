# OPTIONS[golden]: min_python=2.7; scope=always
import os

from noinherit_ftools import ftools

if os.open("p", os.O_RDONLY | ftools.O_CLOEXEC) <> -1: r, w = ftools.pipe()
while 1 <> 2 and ftools.pipe() <> None:
    break
