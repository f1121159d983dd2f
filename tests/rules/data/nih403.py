# NIH403: forking socketservers, called or subclassed; Python 2 and 3 names.
# (min-python 3.4+: below that NIH104 also reports the servers)
# OPTIONS[py34]: min_python=3.4
# OPTIONS[py38]: min_python=3.8
import socketserver
import socketserver as ss
import SocketServer
from socketserver import ForkingMixIn, ForkingTCPServer
from socketserver import ForkingUDPServer as FU
from socketserver import TCPServer, ThreadingMixIn

server = socketserver.ForkingTCPServer(addr, Handler)  # NIH403: 9 "handles each request in a forked child that holds the listening socket"
ss.ForkingUDPServer(addr, Handler)  # NIH403: 0
ForkingTCPServer(addr, Handler)  # NIH403: 0
FU(addr, Handler)  # NIH403: 0
SocketServer.ForkingTCPServer(addr, Handler)  # NIH403: 0


class A(socketserver.ForkingMixIn, TCPServer):  # NIH403: 8
    pass


class B(ForkingMixIn, TCPServer):  # NIH403: 8
    pass


class C(SocketServer.ForkingMixIn, SocketServer.TCPServer):  # NIH403: 8
    pass


class D(ss.ForkingTCPServer):  # NIH403: 8
    pass


# negatives
class E(ThreadingMixIn, TCPServer):
    pass


def shadowed(ForkingMixIn):
    class F(ForkingMixIn, TCPServer):
        pass
    return F
