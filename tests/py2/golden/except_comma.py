# OPTIONS[golden]: min_python=2.7; scope=always
import os, socket

try:
    s = socket.socket()
except socket.error, e: log = open("error.log", "a")
try:
    fd = os.open("p", os.O_RDONLY)
except OSError, (errno, message): r, w = os.pipe()
except (IOError, ValueError), err:
    raise
