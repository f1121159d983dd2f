# NIH1xx: a coroutine suspended while a handle is open lets the event loop run the module's other
# code; that is a hazard only when the module spawns somewhere.  A generator's yield (a
# @contextmanager) hands the handle's lifetime to the caller: always reported.
# OPTIONS[py27]: min_python=2.7; scope=always
import contextlib
import os
import socket

from tornado import gen


class Client(object):
    @gen.coroutine
    def fetch(self, port):
        stream = Wrapper(socket.socket())  # silent: the module never spawns
        yield stream.connect(("127.0.0.1", port))
        stream.close()

    async def ping(self, port):
        sock = socket.socket()  # silent: the module never spawns
        await connect(sock, port)
        sock.close()


@contextlib.contextmanager
def tunnel(port):
    sock = socket.socket()  # NIH104: 11 "it outlives this function (open across a yield)"
    yield port
    sock.close()


def handlers(loop):
    client, server = socket.socketpair()  # silent: the callback is used while open, then both close
    try:
        def on_read(fd, events):
            fd.recv(1024)
        loop.add_handler(client, on_read)
        loop.start()
    finally:
        client.close()
        server.close()


def keeps_callback(loop):
    sock = socket.socket()  # NIH104: 11 "it outlives this function (captured by a nested function)"

    def later():
        return sock.recv(1)
    loop.call_later(1, later)


def closes_with_helper(manager):
    r, w = os.pipe()  # silent: a close helper closes both ends
    os.write(w, b"x")
    manager.close_fd(r)
    manager.close_fd(w)


async def connect(sock, port):
    sock.connect(("127.0.0.1", port))


class Wrapper(object):
    def __init__(self, sock):
        self.sock = sock


def owned_by_a_local(port):
    sock = socket.socket()  # silent: its owner is closed before anything spawns
    stream = Wrapper(sock)
    stream.sock.connect(("127.0.0.1", port))
    stream.close()


class Pool(object):
    def add(self, port):
        sock = socket.socket()  # NIH104: 15 "it outlives this function (stored in self.stream)"
        stream = Wrapper(sock)
        self.stream = stream
