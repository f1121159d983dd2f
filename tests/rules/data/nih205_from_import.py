# `from socket import SCM_RIGHTS` is enough to know the module receives descriptors.
import socket
from socket import SCM_RIGHTS  # noqa: F401


def receive(sock):
    return sock.recvmsg(1, socket.CMSG_LEN(4))  # NIH205: 11 "MSG_CMSG_CLOEXEC"
