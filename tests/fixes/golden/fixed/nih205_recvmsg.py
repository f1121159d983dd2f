# OPTIONS[golden]: min_python=3.8; platforms=linux
import socket

def receive(sock):
    msg, ancdata, flags, addr = sock.recvmsg(1, socket.CMSG_LEN(4), socket.MSG_CMSG_CLOEXEC)
    msg, ancdata, flags, addr = sock.recvmsg(1, socket.CMSG_LEN(4), socket.MSG_PEEK | socket.MSG_CMSG_CLOEXEC)
    for level, kind, payload in ancdata:
        if kind == socket.SCM_RIGHTS:
            return payload
