# OPTIONS[golden]: min_python=2.7; scope=always
import os

from noinherit_ftools import ftools

fd = os.open("p", os.O_RDONLY | ftools.O_CLOEXEC)
label = `ftools.dup(fd)` + " " + `fd`
