# OPTIONS[golden]: min_python=3.8; scope=always; platforms=linux
import fcntl, os, socket

print "duplicating"
os.dup2(3, 9)
fd = fcntl.fcntl(3, fcntl.F_DUPFD, 10L)
r, w = os.pipe2(0L)
r, w = os.pipe2(os.O_NONBLOCK)
kind = socket.SCM_RIGHTS
msg = sock.recvmsg(1, socket.CMSG_LEN(4))
