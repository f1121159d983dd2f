# NIH205: descriptors received over SCM_RIGHTS arrive inheritable.
# OPTIONS[all]: min_python=3.9
# OPTIONS[linux]: min_python=3.9; platforms=linux
import socket
import socket as so
import multiprocessing.reduction
import multiprocessing.reduction as red
from socket import recv_fds
from socket import recv_fds as rf
from multiprocessing.reduction import recvfds
from multiprocessing.reduction import recvfds as rfds
from socket import MSG_CMSG_CLOEXEC

socket.recv_fds(sock, 1, 1)  # NIH205: 0 "recv_fds ignores its flags"
so.recv_fds(sock, 1, 1, socket.MSG_CMSG_CLOEXEC)  # NIH205: 0
recv_fds(sock, 1, 1)  # NIH205: 0
rf(sock, 1, 1)  # NIH205: 0
multiprocessing.reduction.recvfds(sock, 1)  # NIH205: 0
red.recvfds(sock, 1)  # NIH205: 0
recvfds(sock, 1)  # NIH205: 0
rfds(sock, 1)  # NIH205: 0

# recvmsg in a module that uses SCM_RIGHTS
SIZE = socket.CMSG_LEN(4)
msg, anc, flags, addr = sock.recvmsg(1, SIZE)  # NIH205: 24 "sock.recvmsg() without MSG_CMSG_CLOEXEC receives SCM_RIGHTS descriptors"
sock.recvmsg(1, SIZE, socket.MSG_PEEK)  # NIH205: 0
sock.recvmsg_into([buf], SIZE)  # NIH205: 0
x = "ñ"; conn.recvmsg(1, SIZE, 0)  # NIH205: 10
for level, kind, data in anc:
    if kind == socket.SCM_RIGHTS:
        pass

# negatives
sock.recvmsg(1, SIZE, socket.MSG_CMSG_CLOEXEC)
sock.recvmsg(1, SIZE, MSG_CMSG_CLOEXEC | socket.MSG_PEEK)
sock.recvmsg(1)
sock.recvmsg(*args)


def shadowed(recv_fds, socket):
    recv_fds(sock, 1, 1)
    socket.recv_fds(sock, 1, 1)
