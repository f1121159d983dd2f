# `epoll = getattr(select, "epoll")` is select.epoll.
# OPTIONS[py27]: min_python=2.7; scope=always
import select

epoll = getattr(select, "epoll")


class Loop(object):
    def __init__(self):
        self.poller = epoll()  # NIH106: 22 "it outlives this function (stored in self.poller)"
