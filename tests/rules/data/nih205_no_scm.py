# recvmsg in a module that never mentions SCM_RIGHTS receives no descriptors: not flagged.
import socket

data, anc, flags, addr = sock.recvmsg(1024, socket.CMSG_SPACE(16))
