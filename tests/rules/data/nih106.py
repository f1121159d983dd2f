# NIH106: os.pipe/dup/openpty (fixable), select.epoll (report-only); kqueue cannot leak.
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py30]: min_python=3.0
# OPTIONS[py313]: min_python=3.13; scope=always
import os
import os as o
import select
import select as sel
from subprocess import Popen

r, w = os.pipe()  # NIH106[py27,py30]: 7 "os.pipe() creates descriptors that child processes inherit"
fd = os.dup(r)  # NIH106[py27,py30]: 5
master, slave = os.openpty()  # NIH106[py27,py30]: 16
r, w = o.pipe()  # NIH106[py27,py30]: 7
ep = select.epoll()  # NIH106[py27,py30]: 5 "set FD_CLOEXEC on its fileno() (no automatic fix)"
kq = sel.kqueue()  # not flagged: a kqueue descriptor is not inherited by fork


def from_import():
    from os import pipe, dup
    from select import epoll
    pipe()  # NIH106[py27,py30]: 4
    dup(0)  # NIH106[py27,py30]: 4
    epoll()  # NIH106[py27,py30]: 4


def from_import_as():
    from os import openpty as make_pty
    from select import kqueue as kq
    make_pty()  # NIH106[py27,py30]: 4
    kq()  # not flagged: kqueue


# not flagged: other creators are NIH2xx or not creators
os.fdopen(r)
os.close(w)
select.select([], [], [], 0)
select.poll()


# A thread of this module that spawns: a handle another thread holds open, however briefly, can reach
# its child (the "threads" case of the lifetime rule), so every creation above is reported.
import subprocess as _subprocess  # noqa: E402
import threading as _threading  # noqa: E402



def _build():
    _subprocess.call(["make"], close_fds=False)  # NIH301: 4


_threading.Thread(target=_build).start()
