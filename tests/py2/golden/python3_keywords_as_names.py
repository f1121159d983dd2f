# OPTIONS[golden]: min_python=2.7; scope=always
import shutil

def copy(src, dst, async=False):
    nonlocal = shutil.copyfile(src, dst)
    return nonlocal if async else None
print copy
