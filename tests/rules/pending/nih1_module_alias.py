# Module-level aliases bound once by assignment (the 2007 proposal's own module does both).
# OPTIONS[py27]: min_python=2.7; scope=always
import shutil

builtin_open = open
move = shutil.move


def open_log(path):
    # expect-message: returned to the caller
    return builtin_open(path, "a")  # NIH101: 11


def publish(src, dst):
    move(src, dst)  # NIH103: 4
