# `from socket import SCM_RIGHTS` is enough to know the module receives descriptors.
import socket
from socket import SCM_RIGHTS  # noqa: F401


def receive(sock):
    # expect-message: MSG_CMSG_CLOEXEC
    return sock.recvmsg(1, socket.CMSG_LEN(4))  # NIH205: 11
