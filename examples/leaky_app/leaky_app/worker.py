"""A small Python 2/3 program that leaks handles into the children it starts."""
import logging
import os
import shutil
import socket
import subprocess
import threading

log = logging.getLogger(__name__)
log.addHandler(logging.FileHandler("worker.log"))


def copy_result(src, dst):
    shutil.copyfile(src, dst)


def serve(port):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", port))
    listener.listen(5)
    return listener


def run_job(path):
    with open(path, "w") as out:
        out.write("started\n")
        subprocess.call(["sleep", "60"], close_fds=False)


def redirect_output(path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    os.dup2(fd, 10)
    os.system("long-running-tool --log-fd 10")


def start():
    threading.Thread(target=run_job, args=("job.txt",)).start()
