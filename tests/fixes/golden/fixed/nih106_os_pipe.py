# OPTIONS[golden]: min_python=2.7; scope=always

from noinherit_ftools import ftools

r, w = ftools.pipe()
copy = ftools.dup(r)
master, slave = ftools.openpty()
