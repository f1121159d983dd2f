# FD_CLOEXEC set on the next statements: the non-atomic pattern, reported only where a thread
# that spawns may run meanwhile (nih1_cloexec_after_threads.py).
# OPTIONS[py27]: min_python=2.7; scope=always
import fcntl
import os
import socket


def close_on_exec(fd):
    flags = fcntl.fcntl(fd, fcntl.F_GETFD)
    fcntl.fcntl(fd, fcntl.F_SETFD, flags | fcntl.FD_CLOEXEC)


def make_pipe():
    r, w = os.pipe()  # silent: marked right below, and no thread of this module spawns
    fcntl.fcntl(r, fcntl.F_SETFD, fcntl.FD_CLOEXEC)
    fcntl.fcntl(w, fcntl.F_SETFD, fcntl.FD_CLOEXEC)
    return r, w


class Waker(object):
    def __init__(self):
        self.pipe = pair = os.pipe()  # silent: close_on_exec in the loop below
        for p in pair:
            close_on_exec(p)
        self.sock = socket.socket()  # silent
        _setCloseOnExec(self.sock.fileno())


def _setCloseOnExec(fd):
    close_on_exec(fd)
