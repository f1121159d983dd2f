# OPTIONS[golden]: min_python=2.7; scope=always
import shutil, subprocess

subprocess.call(["tar", `1`], cwd=shutil.copy("a", "b"))
subprocess.check_call(
    ["ls", 0777],
    cwd=shutil.copy2("a", "b"),  # where
)
subprocess.call(["ls"], close_fds=False); print "done"


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
