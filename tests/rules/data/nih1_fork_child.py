# NIH1xx / NIH201 in a fork child before exec: the handle is meant for the program it execs.
# OPTIONS[py27]: min_python=2.7; scope=always
# OPTIONS[py38]: min_python=3.8
import os


def setup_child(master):
    os.dup2(master, 3)  # silent: only called from the child branch below


def spawn(argv, master):
    if os.fork() == 0:
        fd = os.open("/dev/tty", os.O_RDWR)  # silent: fork child before exec
        os.close(fd)
        setup_child(master)
        os.execv(argv[0], argv)


def also_in_parent(fd):
    os.dup2(fd, 9)  # NIH201: 4 "dup2"


def spawn_and_keep(argv, fd):
    pid = os.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    also_in_parent(fd)
    return pid
