# NIH104: on Linux only, socket.socket(family, type) keeps its callee and gets ftools.SOCK_CLOEXEC
# in its type (a safe fix: a mock of the module's socket still intercepts the call); a type that
# already has SOCK_CLOEXEC is created non-inheritable, atomically.  The spawn does not close
# descriptors (a close_fds=True spawn would make every NIH1xx of the module silent).
# OPTIONS[linux27]: min_python=2.7; platforms=linux
import os
import socket

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # NIH104[linux27]: 11 "a child started while it is open (os.system() at line 11) gets it; add ftools.SOCK_CLOEXEC to its type"
atomic = socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
os.system("ls")  # NIH302[linux27]: 0
