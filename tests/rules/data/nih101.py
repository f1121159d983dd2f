# NIH101: builtin open/file, io.open, codecs.open, io.FileIO with a path.
# OPTIONS[py27]: min_python=2.7; scope=always
# OPTIONS[py33]: min_python=3.3
# OPTIONS[py34]: min_python=3.4
# OPTIONS[py38]: min_python=3.8; scope=always
import subprocess  # the module spawns: scope=module reports too
import io
import io as io_alias
import codecs
import codecs as cd
import sys

path = "data.txt"

# builtin open / file (Python 2) and the builtins module in both spellings
open(path)  # NIH101[py27,py33]: 0 "open() creates a handle that child processes inherit on Python < 3.4: another thread of this module may start a child while it is open; use ftools.open()"
with open(path, "w") as out: pass  # NIH101[py27,py33]: 5
file(path)  # NIH101[py27,py33]: 0
data = open(path).read()  # NIH101[py27,py33]: 7
import builtins
import __builtin__
builtins.open(path)  # NIH101[py27,py33]: 0
__builtin__.open(path)  # NIH101[py27,py33]: 0
open(*sys.argv[1:])  # NIH101[py27,py33]: 0
open(**{"file": path})  # NIH101[py27,py33]: 0

# io.open in the four import styles
io.open(path)  # NIH101[py27,py33]: 0 "use ftools.io_open()"
io_alias.open(path)  # NIH101[py27,py33]: 0


def io_from_import():
    from io import open
    open(path)  # NIH101[py27,py33]: 4


def io_from_import_as():
    from io import open as io_open
    io_open(path)  # NIH101[py27,py33]: 4


# codecs.open in the four import styles
codecs.open(path, "r", "utf-8")  # NIH101[py27,py33]: 0 "use ftools.codecs_open()"
cd.open(path)  # NIH101[py27,py33]: 0


def codecs_from_import():
    from codecs import open
    open(filename=path)  # NIH101[py27,py33]: 4


def codecs_from_import_as():
    from codecs import open as copen
    copen(path)  # NIH101[py27,py33]: 4


# io.FileIO (report-only) in the four import styles
io.FileIO(path)  # NIH101[py27,py33]: 0 "open it with ftools.io_open(path, mode, 0) (no automatic fix)"
io_alias.FileIO(path, "w")  # NIH101[py27,py33]: 0


def fileio_from_import():
    from io import FileIO
    FileIO(path)  # NIH101[py27,py33]: 4


def fileio_from_import_as():
    from io import FileIO as RawFile
    RawFile(file=path)  # NIH101[py27,py33]: 4


# not flagged: wrapping an existing descriptor, an opener
open(0)
open(-1)
open(3, "rb")
open(sys.stdout.fileno(), "w", closefd=False)
io.open(path, opener=lambda p, f: 3)
io.FileIO(out.fileno())
codecs.open
x = [open]


# A thread of this module that spawns: a handle another thread holds open, however briefly, can reach
# its child (the "threads" case of the lifetime rule), so every creation above is reported.
import subprocess as _subprocess  # noqa: E402
import threading as _threading  # noqa: E402



def _build():
    _subprocess.call(["make"], close_fds=False)  # NIH301: 4


_threading.Thread(target=_build).start()
