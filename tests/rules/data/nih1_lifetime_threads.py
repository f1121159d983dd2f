# NIH1xx, the third case: short-lived, but this module starts threads that spawn.
# OPTIONS[py27]: min_python=2.7; scope=always
import subprocess
import threading


def build():
    subprocess.call(["make"], close_fds=False)  # NIH301: 4


threading.Thread(target=build).start()


def read_version():
    with open("VERSION") as f:  # NIH101: 9 "another thread of this module may start a child while it is open"
        return f.read()
