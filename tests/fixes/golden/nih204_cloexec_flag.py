# OPTIONS[golden]: min_python=3.8; platforms=linux
import os

r, w = os.pipe2(0)
r, w = os.pipe2(os.O_NONBLOCK)
efd = os.eventfd(0, os.EFD_NONBLOCK)
