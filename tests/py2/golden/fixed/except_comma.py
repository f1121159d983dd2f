# OPTIONS[golden]: min_python=2.7; scope=always
import os, socket

from noinherit_ftools import ftools

try:
    s = ftools.socket()
except socket.error, e: log = ftools.open("error.log", "a")
try:
    fd = os.open("p", os.O_RDONLY | ftools.O_CLOEXEC)
except OSError, (errno, message): r, w = ftools.pipe()
except (IOError, ValueError), err:
    raise
