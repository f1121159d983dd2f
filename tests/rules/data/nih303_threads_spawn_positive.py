# NIH303 where a thread of the module spawns while the main thread does.
# OPTIONS[win27]: min_python=2.7; platforms=windows
import subprocess
import threading


def background():
    subprocess.call(["ping", "localhost"], close_fds=True)


threading.Thread(target=background).start()


def capture(cmd):
    return subprocess.Popen(cmd, stdout=subprocess.PIPE).communicate()[0]  # NIH301: 11; NIH303: 11
