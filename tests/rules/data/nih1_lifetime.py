# NIH1xx: report a handle only when a child can be started while it is open, and say which case.
# OPTIONS[py27]: min_python=2.7; scope=always
import logging
import os
import socket
import subprocess


def read_config():
    # short-lived, no spawn can see it (the reproduction): silent
    with open("setup.cfg") as f:
        cfg = f.read()
    subprocess.call(["make"], close_fds=True)
    return cfg


def touch(path):
    open(path, "w").close()  # silent: closed in the same statement


def probe(path):
    fd = os.open(path, os.O_RDONLY)
    os.close(fd)  # silent: closed before anything spawns
    subprocess.call(["ls"], close_fds=True)


def run_logged(cmd, log):
    with open(log, "w") as out:  # NIH101: 9 "a child started while it is open (subprocess.call() at line 29)"
        subprocess.call(cmd, stdout=out, close_fds=True)


def between_open_and_close(path):
    handle = open(path)  # NIH101: 13 "a child started while it is open (os.system() at line 34)"
    os.system("sync")  # NIH302: 4
    handle.close()


class Client(object):
    def connect(self, address):
        self.sock = socket.socket()  # NIH104: 20 "it outlives this function (stored in self.sock)"
        self.sock.connect(address)

    def log_to(self, path):
        logging.getLogger().addHandler(logging.StreamHandler(open(path, "a")))  # NIH101: 61 "it outlives this function (passed to logging.StreamHandler())"


def opener(path):
    return open(path, "rb")  # NIH101: 11 "it outlives this function (returned to the caller)"


def listener(port):
    sock = socket.socket()  # NIH104: 11 "it outlives this function (a listening socket)"
    sock.bind(("", port))
    sock.listen(5)
    return 0


def stream(path):
    with open(path) as f:  # NIH101: 9 "it outlives this function (open across a yield in the with block)"
        for line in f:
            yield line
