# OPTIONS[golden]: min_python=2.7; scope=always

from noinherit_ftools import ftools
def copy(src, dst, async=False):
    nonlocal = ftools.copyfile(src, dst)
    return nonlocal if async else None
print copy
