# OPTIONS[golden]: min_python=2.7; scope=always
import shutil

def copy_pair(dest, (src, name)=("a", "b")): return shutil.copy(src, dest + name)

copy_all = lambda (a, b): shutil.copy2(a, b)
