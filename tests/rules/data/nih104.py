# NIH104: sockets (four functions fixable) and the stdlib servers (report-only).
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py34]: min_python=3.4
import socket
import socket as s
import subprocess

socket.socket()  # NIH104[py27]: 0 "socket.socket() creates a socket that child processes inherit"
socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # NIH104[py27]: 0
socket.create_connection(("localhost", 80))  # NIH104[py27]: 0
a, b = socket.socketpair()  # NIH104[py27]: 7
socket.fromfd(3, socket.AF_INET, socket.SOCK_STREAM)  # NIH104[py27]: 0
s.socket(s.AF_UNIX)  # NIH104[py27]: 0
s.create_connection(("localhost", 80))  # NIH104[py27]: 0


def from_import():
    from socket import socket, socketpair
    socket()  # NIH104[py27]: 4
    socketpair()  # NIH104[py27]: 4


def from_import_as():
    from socket import socket as Sock, fromfd as ff
    Sock()  # NIH104[py27]: 4
    ff(3, 2, 1)  # NIH104[py27]: 4


# servers, Python 2 and 3 names, conditional import
try:
    import SocketServer
except ImportError:
    import socketserver as SocketServer
import BaseHTTPServer
import SimpleXMLRPCServer
from http.server import HTTPServer as H3

SocketServer.TCPServer(("", 0), None)  # NIH104[py27]: 0 "creates a listening socket that child processes inherit on Python < 3.4: it outlives the module code (a logging handler or server, kept open for the life of the program), so a child started later gets it; make it non-inheritable in server_bind()"
SocketServer.UDPServer(("", 0), None)  # NIH104[py27]: 0
SocketServer.ThreadingTCPServer(("", 0), None)  # NIH104[py27]: 0
BaseHTTPServer.HTTPServer(("", 0), None)  # NIH104[py27]: 0
SimpleXMLRPCServer.SimpleXMLRPCServer(("", 0))  # NIH104[py27]: 0
H3(("", 0), None)  # NIH104[py27]: 0

try:
    from SocketServer import UnixStreamServer as USS
except ImportError:
    from socketserver import UnixStreamServer as USS
USS("/tmp/sock", None)  # NIH104[py27]: 0

# not flagged: methods and other modules
sock = socket.socket  # a reference, not a call
conn.socket()
ssl_sock.accept()
socket.getaddrinfo("localhost", 80)
SocketServer.BaseRequestHandler


# A thread of this module that spawns: a handle another thread holds open, however briefly, can reach
# its child (the "threads" case of the lifetime rule), so every creation above is reported.
import subprocess as _subprocess  # noqa: E402
import threading as _threading  # noqa: E402



def _build():
    _subprocess.call(["make"], close_fds=False)  # NIH301: 4


_threading.Thread(target=_build).start()
