# Handles that cannot leak: kqueue (not inherited by fork), SOCK_CLOEXEC in the type, wrapping an fd.
# OPTIONS[py27]: min_python=2.7; scope=always
import io
import select
import socket


class Poller(object):
    def __init__(self):
        self.kq = select.kqueue()  # silent: kqueue descriptors are never inherited


def notify_socket():
    return socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)  # silent


class Stream(object):
    def __init__(self, fd):
        self.fd = fd
        self.fio = io.FileIO(self.fd, "r+")  # silent: wraps an existing descriptor
        self.reader = io.open(fd, "rb", 0)  # silent


def wrap(x):
    if isinstance(x, int):
        return open(x)  # silent: x is a descriptor here
    return open(x)  # NIH101: 11 "returned to the caller"
