# `os.open(path, flags)` with flags built in the same function or a module constant of os.O_* names;
# the 2007 prototype builds its flags this way (its FD_CLOEXEC on the next statement is the
# cloexec-after pattern, nih1_cloexec_after*.py).
# OPTIONS[py27]: min_python=2.7; scope=always
import os

APPEND = os.O_WRONLY | os.O_APPEND | os.O_CREAT


def prototype_open(path, exclusive):
    flags = os.O_RDWR | os.O_CREAT
    if exclusive:
        flags |= os.O_EXCL
    fd = os.open(path, flags)  # NIH102: 9 "returned to the caller"
    return fd


def append_to(path):
    return os.open(path, APPEND)  # NIH102: 11 "returned to the caller"


def with_cloexec(path):
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    return os.open(path, flags)  # silent: the flags hold O_CLOEXEC


def unknown(path, flags):
    return os.open(path, flags)  # silent: a parameter, not judged
