# OPTIONS[golden]: min_python=2.7; scope=always
import os

fd = os.open("p", os.O_RDONLY)
label = `os.dup(fd)` + " " + `fd`
