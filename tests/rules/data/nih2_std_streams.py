# Standard streams: children are meant to share descriptors 0, 1 and 2.
# OPTIONS[py27]: min_python=2.7; scope=always
# OPTIONS[py38]: min_python=3.8
import os
import sys


def daemonize():
    os.close(0)
    sys.stdin = open("/dev/null")  # silent: this is descriptor 0 (NIH101 only at py27 today)
    os.close(1)
    sys.stdout = open("/dev/null", "w")  # silent: descriptor 1


def redirect_all():
    os.closerange(0, 3)
    fd_null = os.open(os.devnull, os.O_RDWR)  # silent: descriptor 0
    os.set_inheritable(fd_null, True)  # silent: it is fd 0 (NIH202 today)
    os.dup2(fd_null, 1)
    os.dup2(fd_null, 2)


def redirect(stream, target):
    os.dup2(target, stream.fileno())  # silent: every caller passes sys.stdout / sys.stderr


redirect(sys.stdout, 5)
redirect(sys.stderr, 5)


def log_to(path):
    fd = sys.stdout.fileno()
    target = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    os.dup2(target, fd)  # silent: fd holds sys.stdout.fileno()
    os.close(target)
