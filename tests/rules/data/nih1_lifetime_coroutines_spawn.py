# NIH1xx: a coroutine suspended while a handle is open, in a module that spawns: the event loop may
# run the spawn meanwhile.
# OPTIONS[py27]: min_python=2.7; scope=always
import socket
import subprocess

from tornado import gen


@gen.coroutine
def fetch(port):
    sock = socket.socket()  # NIH104: 11 "it outlives this function (open across an await, while the event loop may run subprocess.Popen() at line 20)"
    yield gen.sleep(1)
    sock.close()


@gen.coroutine
def build():
    yield gen.moment
    subprocess.Popen(["make"], close_fds=False)  # NIH301: 4
