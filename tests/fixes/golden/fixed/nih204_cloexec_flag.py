# OPTIONS[golden]: min_python=3.8; platforms=linux
import os

r, w = os.pipe2(os.O_CLOEXEC)
r, w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
efd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
