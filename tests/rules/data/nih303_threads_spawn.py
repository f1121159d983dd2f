# NIH303 needs another thread that spawns (bpo-19764), not just `threading.Event()`: silent here
# (NIH301 is about close_fds on 2.7 and stays).
# OPTIONS[win27]: min_python=2.7; platforms=windows
import subprocess
import threading

ready = threading.Event()


def capture(cmd):
    return subprocess.Popen(cmd, stdout=subprocess.PIPE).communicate()[0]  # NIH301: 11
