# OPTIONS[golden]: min_python=2.7; scope=always
import os

r, w = os.pipe()
copy = os.dup(r)
master, slave = os.openpty()
