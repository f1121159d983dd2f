# OPTIONS[golden]: min_python=2.7
import socket
import threading

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client = socket.create_connection(("localhost", 80), timeout=5)
left, right = socket.socketpair()
copy = socket.fromfd(3, socket.AF_INET, socket.SOCK_STREAM)
