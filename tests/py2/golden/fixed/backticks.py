# OPTIONS[golden]: min_python=2.7; scope=always
from noinherit_ftools import ftools
import os

fd = os.open("p", os.O_RDONLY | ftools.O_CLOEXEC)
label = `ftools.dup(fd)` + " " + `fd`
