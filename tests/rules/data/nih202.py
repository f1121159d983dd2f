# NIH202: handles made inheritable explicitly.
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py38]: min_python=3.8; platforms=linux,windows
import os
import os as o
import fcntl
import fcntl as fc
import socket
from os import set_inheritable
from os import set_inheritable as si
from os import set_handle_inheritable as shi
from fcntl import fcntl as fcntl_call, F_SETFD, FD_CLOEXEC
from fcntl import F_SETFD as SETFD

os.set_inheritable(fd, True)  # NIH202: 0 "os.set_inheritable(..., True) makes the handle inheritable by every child process"
o.set_inheritable(fd, True)  # NIH202: 0
set_inheritable(fd, True)  # NIH202: 0
si(fd, 1)  # NIH202: 0
os.set_handle_inheritable(h, True)  # NIH202: 0
shi(h, True)  # NIH202: 0
sock = socket.socket()
sock.set_inheritable(True)  # NIH202: 0
socket.socket().set_inheritable(True)  # NIH202: 0
x = "ü"; self.listener.set_inheritable(True)  # NIH202: 10

# fcntl F_SETFD clearing FD_CLOEXEC
fcntl.fcntl(fd, fcntl.F_SETFD, 0)  # NIH202: 0
fc.fcntl(fd, fc.F_SETFD, flags & ~fc.FD_CLOEXEC)  # NIH202: 0
fcntl_call(fd, F_SETFD, flags & ~FD_CLOEXEC)  # NIH202: 0
fcntl_call(fd, SETFD)  # NIH202: 0
fcntl.fcntl(fd, fcntl.F_SETFD, ~1 & flags)  # NIH202: 0

# negatives
os.set_inheritable(fd, False)
sock.set_inheritable(False)
os.set_inheritable(fd, flag)
sock.set_inheritable(fd, True)
os.set_handle_inheritable(h, 0)
fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.FD_CLOEXEC)
fcntl.fcntl(fd, fcntl.F_SETFD, flags | fcntl.FD_CLOEXEC)
fcntl.fcntl(fd, fcntl.F_SETFD, flags)
fcntl.fcntl(fd, fcntl.F_GETFD)
fcntl.fcntl(fd, fcntl.F_SETFL, 0)


def shadowed(set_inheritable, fcntl):
    set_inheritable(fd, True)
    fcntl.fcntl(fd, fcntl.F_SETFD, 0)
