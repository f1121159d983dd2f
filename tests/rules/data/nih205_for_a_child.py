# NIH205: descriptors received in a module that spawns with os.posix_spawn may be meant for the
# spawned program: the MSG_CMSG_CLOEXEC fix is offered, but unsafe.
# OPTIONS[linux]: min_python=3.9; platforms=linux
import os
import socket

msg, ancdata, flags, addr = sock.recvmsg(1024, socket.CMSG_LEN(16))  # NIH205: 28 "receives SCM_RIGHTS descriptors"
fds = [data for level, kind, data in ancdata if kind == socket.SCM_RIGHTS]
sock.recvmsg(1024, socket.CMSG_LEN(16), socket.MSG_CMSG_CLOEXEC)
os.posix_spawn("/usr/bin/tool", ["tool"], os.environ)  # NIH302: 0
