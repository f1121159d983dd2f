# Conditional imports between SocketServer and socketserver resolve to both names.
# OPTIONS[py38]: min_python=3.8
try:
    import SocketServer as socketserver
except ImportError:
    import socketserver


class Server(socketserver.ForkingMixIn, socketserver.TCPServer):  # NIH403: 13
    pass
