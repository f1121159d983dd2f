# OPTIONS[golden]: min_python=2.7
import socket
import threading

from noinherit_ftools import ftools

server = ftools.socket(socket.AF_INET, socket.SOCK_STREAM)
client = ftools.create_connection(("localhost", 80), timeout=5)
left, right = ftools.socketpair()
copy = ftools.fromfd(3, socket.AF_INET, socket.SOCK_STREAM)
