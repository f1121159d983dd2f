# NIH1xx: a handle kept on self in setUp() and closed by the class's tearDown() (or an addCleanup in
# setUp) is open for one test; it is reported only when a method of the class spawns meanwhile.
# OPTIONS[py27]: min_python=2.7; scope=always
import os
import socket
import unittest


class ServerTest(unittest.TestCase):
    def setUp(self):
        self.listener = socket.socket()  # silent: closed in tearDown(), no method of the class spawns
        self.listener.listen(1)
        self.stream = Wrapper(socket.socket())  # silent: its wrapper is closed in tearDown()
        self.other = socket.socket()  # silent: addCleanup closes it
        self.addCleanup(self.other.close)
        self.kept = socket.socket()  # NIH104: 20 "it outlives this function (stored in self.kept)"

    def tearDown(self):
        if hasattr(self, "listener"):
            self.listener.close()
        self.stream.close()

    def test_connect(self):
        self.assertTrue(self.listener)


class SpawningTest(unittest.TestCase):
    def setUp(self):
        self.log = open("log.txt", "w")  # NIH101: 19 "a child started while it is open (os.system() at line 35) gets it"

    def tearDown(self):
        self.log.close()

    def test_sync(self):
        os.system("sync")  # NIH302: 8


class NotAFixture(object):
    def setup(self):
        self.sock = socket.socket()  # NIH104: 20 "stored in self.sock"

    def tearDown(self):
        self.sock.close()


class Wrapper(object):
    def __init__(self, sock):
        self.sock = sock

    def close(self):
        self.sock.close()
