# NIH101: closefd=False is only allowed with a descriptor (a file name raises ValueError), so
# such a call wraps an fd and creates nothing.  Found in sh 2.2.2: `fdopen(handler, "w",
# closefd=False)` with `from io import open as fdopen`.
# OPTIONS[py27]: min_python=2.7; scope=always
import io
from io import open as fdopen

handler = 3
fdopen(handler, "w", closefd=False)
io.open(handler, "w", closefd=0)
open(handler, "w", -1, None, None, None, False)
io.FileIO(handler, "w", False)
io.FileIO(handler, closefd=False)

# closefd=True, a non-literal closefd, or closefd in another position are still reported.
fdopen(handler, "w", closefd=True)  # NIH101: 0
open(handler, "w", closefd=keep)  # NIH101: 0
open(handler, "w", -1, None, None, False)  # NIH101: 0
io.FileIO(handler, "w", True)  # NIH101: 0


# A thread of this module that spawns: a handle another thread holds open, however briefly, can reach
# its child (the "threads" case of the lifetime rule), so every creation above is reported.
import subprocess as _subprocess  # noqa: E402
import threading as _threading  # noqa: E402



def _build():
    _subprocess.call(["make"], close_fds=False)  # NIH301: 4


_threading.Thread(target=_build).start()
