# Subclassing a threading server mixin counts as using threads.
# OPTIONS[module]: min_python=2.7; scope=module
import SocketServer


class Server(SocketServer.ThreadingMixIn, SocketServer.TCPServer):
    pass


log = open("a")  # NIH101: 6
