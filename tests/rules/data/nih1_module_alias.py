# Module-level aliases bound once by assignment (the 2007 proposal's own module does both).
# OPTIONS[py27]: min_python=2.7; scope=always
import os
import shutil
import threading

builtin_open = open
move = shutil.move


def open_log(path):
    return builtin_open(path, "a")  # NIH101: 11 "returned to the caller"


def publish(src, dst):
    # a copy's files live only during the call: reported because a thread of this module spawns
    move(src, dst)  # NIH103: 4 "another thread of this module may start a child during the copy"


threading.Thread(target=lambda: os.system("make")).start()  # NIH302: 32
