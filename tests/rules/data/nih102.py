# NIH102: os.open whose flags lack O_CLOEXEC / O_NOINHERIT.
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py33]: min_python=3.3; scope=always
# OPTIONS[py34]: min_python=3.4
import os
import os as o
import threading  # the module uses threads: scope=module reports too

p = "data.txt"

# the four import styles
os.open(p, os.O_RDONLY)  # NIH102[py27,py33]: 0 "os.open() creates a descriptor that child processes inherit on Python < 3.4: it outlives the module code (a descriptor dropped without a close: it stays open), so a child started later gets it; add ftools.O_CLOEXEC to its flags"
o.open(p, o.O_WRONLY | o.O_CREAT, 0o644)  # NIH102[py27,py33]: 0


def from_import():
    from os import open, O_RDWR
    open(p, O_RDWR)  # NIH102[py27,py33]: 4


def from_import_as():
    from os import open as os_open, O_RDWR as RW
    fd = os_open(p, RW)  # NIH102[py27,py33]: 9


# literals, operators and keywords
os.open(p, 0)  # NIH102[py27,py33]: 0
os.open(path=p, flags=os.O_RDONLY | 0)  # NIH102[py27,py33]: 0
os.open(p, os.O_RDWR | getattr(os, "O_BINARY", 0))  # NIH102[py27,py33]: 0

# not flagged: a cloexec flag is there, in any spelling
os.open(p, os.O_RDONLY | os.O_CLOEXEC)
os.open(p, os.O_RDONLY | os.O_NOINHERIT)
os.open(p, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
o.open(p, o.O_WRONLY | o.O_CREAT | o.O_CLOEXEC, 0o644)

# a module constant bound once to os.O_* names is read as those names
flags = os.O_RDONLY
os.open(p, flags)  # NIH102[py27,py33]: 0

# not flagged: flags computed elsewhere, or not visible
os.open(p, compute_flags())
os.open(*("a", 0))


# A thread of this module that spawns: a handle another thread holds open, however briefly, can reach
# its child (the "threads" case of the lifetime rule), so every creation above is reported.
import subprocess as _subprocess  # noqa: E402
import threading as _threading  # noqa: E402



def _build():
    _subprocess.call(["make"], close_fds=False)  # NIH301: 4


_threading.Thread(target=_build).start()
