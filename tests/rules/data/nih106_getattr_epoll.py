# `epoll = getattr(select, "epoll")` is select.epoll, and so is `getattr(select, "epoll")()` called directly.
# OPTIONS[py27]: min_python=2.7; scope=always
import select

epoll = getattr(select, "epoll")
EP = getattr(select, "epoll")()  # NIH106: 5 "it outlives the module code (kept in a module global)"


class Loop(object):
    def __init__(self):
        self.poller = epoll()  # NIH106: 22 "it outlives this function (stored in self.poller)"
        self.direct = getattr(select, "epoll")()  # NIH106: 22 "it outlives this function (stored in self.direct)"
        self.fallback = getattr(select, "epoll", None)()  # NIH106: 24 "select.epoll() creates a descriptor"
        self.not_a_descriptor = getattr(select, "select")  # silent: not called
