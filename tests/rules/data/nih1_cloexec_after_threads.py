# FD_CLOEXEC set afterwards in a module whose threads spawn: the window races.
# OPTIONS[py27]: min_python=2.7; scope=always
import fcntl
import os
import subprocess
import threading


def worker():
    subprocess.call(["true"], close_fds=False)  # NIH301: 4


threading.Thread(target=worker).start()


def make_pipe():
    r, w = os.pipe()  # NIH106: 11 "another thread may start a child between os.pipe() and setting FD_CLOEXEC; use ftools.pipe()"
    fcntl.fcntl(r, fcntl.F_SETFD, fcntl.FD_CLOEXEC)
    fcntl.fcntl(w, fcntl.F_SETFD, fcntl.FD_CLOEXEC)
    return r, w
