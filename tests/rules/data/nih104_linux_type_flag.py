# NIH104: on Linux only, socket.socket(family, type) keeps its callee and gets ftools.SOCK_CLOEXEC
# in its type (a safe fix: a mock of the module's socket still intercepts the call); a type that
# already has SOCK_CLOEXEC is created non-inheritable, atomically.
# OPTIONS[linux27]: min_python=2.7; platforms=linux
import socket
import subprocess

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # NIH104[linux27]: 11 "add ftools.SOCK_CLOEXEC to its type"
atomic = socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
subprocess.call(["ls"], close_fds=True)
