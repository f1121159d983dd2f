# `name = None` next to an import of it means "that import, or nothing" (issue 10 misses).
# OPTIONS[py27]: min_python=2.7
import threading

subprocess = None
try:
    import subprocess
except ImportError:
    pass
try:
    import pty
except ImportError:
    pty = None

threading.Thread(target=lambda: subprocess.call(["true"], close_fds=True)).start()


def spawn_shell():
    pid, fd = pty.fork()  # NIH401: 14 "in a module that uses threads"
    return pid, fd


def read_state():
    # the module spawns (subprocess) and its threads spawn: reported with scope=module
    with open("state") as f:  # NIH101: 9 "another thread of this module may start a child while it is open"
        return f.read()
