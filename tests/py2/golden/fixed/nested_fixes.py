# OPTIONS[golden]: min_python=2.7; scope=always
import subprocess

from noinherit_ftools import ftools

subprocess.call(["tar", `1`], cwd=ftools.copy("a", "b"), close_fds=True)
subprocess.check_call(
    ["ls", 0777],
    cwd=ftools.copy2("a", "b"),  # where
    close_fds=True,
)
subprocess.call(["ls"], close_fds=True); print "done"


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
