# Everything named `open` here is not builtin open: no NIH101, under any setting.
# OPTIONS[py27]: min_python=2.7; scope=always
# OPTIONS[py33]: min_python=3.3
import gzip
import pathlib
import subprocess


def local_def():
    def open(p):
        return p

    open("x")


def parameter(open):
    open("x")


def keyword_only(*, file=None):
    file("x")


def assignment():
    open = gzip.open
    open("x")


def for_target(openers):
    for open in openers:
        open("x")


def with_target(ctx):
    with ctx as open:
        open("x")


def except_target():
    try:
        pass
    except Exception as open:
        open("x")


def walrus(items):
    if (open := items[0]):
        open("x")


def comprehension(openers):
    return [open("x") for open in openers]


lam = lambda open: open("x")


class Methods:
    def open(self, p):
        return p

    def use(self):
        self.open("x")
        type(self).open(self, "x")

    result = open("class-level: the method above")


def gzip_open():
    gzip.open("x")


def path_open():
    pathlib.Path("x").open()
    pathlib.Path("x").open("rb")


def from_gzip():
    from gzip import open
    open("x")


def star_gzip():
    from tarfile import *
    open("x")


def from_os_is_os_open():
    from os import open
    open("x", 0)  # NIH102[py27,py33]: 4


# A thread of this module that spawns: a handle another thread holds open, however briefly, can reach
# its child (the "threads" case of the lifetime rule), so every creation above is reported.
import subprocess as _subprocess  # noqa: E402
import threading as _threading  # noqa: E402



def _build():
    _subprocess.call(["make"], close_fds=False)  # NIH301: 4


_threading.Thread(target=_build).start()
