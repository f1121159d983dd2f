# `Popen(cmd, **kwargs)` with `kwargs = dict(stdin=PIPE, ...)` in the same function: one helper
# decides "redirected" for NIH301 and NIH303 alike (today NIH301 says "may be", NIH303 "not").
# OPTIONS[win27]: min_python=2.7; platforms=windows
import subprocess
import threading


def background():
    subprocess.call(["ping", "localhost"], close_fds=True)


threading.Thread(target=background).start()


def start(cmd):
    kwargs = dict(stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return subprocess.Popen(cmd, **kwargs)  # NIH301: 11 "close_fds=True raises ValueError with redirected stdio on Windows"; NIH303: 11
