# OPTIONS[golden]: min_python=2.7; scope=always

from noinherit_ftools import ftools
def copy_pair(dest, (src, name)=("a", "b")): return ftools.copy(src, dest + name)

copy_all = lambda (a, b): ftools.copy2(a, b)
