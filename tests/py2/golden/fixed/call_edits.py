# OPTIONS[golden]: min_python=3.8; scope=always; platforms=linux
import fcntl, os, socket

print "duplicating"
os.dup2(3, 9, inheritable=False)
fd = fcntl.fcntl(3, fcntl.F_DUPFD_CLOEXEC, 10L)
r, w = os.pipe2(os.O_CLOEXEC)
r, w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
kind = socket.SCM_RIGHTS
msg = sock.recvmsg(1, socket.CMSG_LEN(4), socket.MSG_CMSG_CLOEXEC)
