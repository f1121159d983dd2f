"""Starts children while it holds a descriptor they were not meant to get.

    python -m noinherit_ftools.sanitizer examples/sanitizer_demo.py

reports each spawn that passes it (README, "Runtime sanitizer").  Python 2.7 and 3.x, POSIX.
"""
import os
import subprocess
import sys


def start_worker(status_fd):
    # The worker writes its status to descriptor 50: dup2 makes that copy inheritable.
    os.dup2(status_fd, 50)
    return subprocess.Popen([sys.executable, "-c", "pass"], close_fds=False)


def main():
    read_end, write_end = os.pipe()
    worker = start_worker(write_end)
    os.system("true")  # the shell gets every inheritable descriptor: 50 as well
    worker.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
