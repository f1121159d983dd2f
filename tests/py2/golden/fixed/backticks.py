# OPTIONS[golden]: min_python=2.7; scope=always
from noinherit_ftools import ftools
import os

fd = ftools.os_open("p", os.O_RDONLY)
label = `ftools.dup(fd)` + " " + `fd`
