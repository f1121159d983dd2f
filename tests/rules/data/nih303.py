# NIH303: Windows before 3.7, redirected stdio in a module whose threads spawn.
# OPTIONS[py27-win]: min_python=2.7; platforms=windows
# OPTIONS[py36-all]: min_python=3.6
# OPTIONS[py37-win]: min_python=3.7; platforms=windows
# OPTIONS[py36-posix]: min_python=3.6; platforms=linux,macos
import threading
import subprocess
import subprocess as sp
from subprocess import Popen, check_output, PIPE
from subprocess import run as R

subprocess.Popen(cmd, stdout=subprocess.PIPE)  # NIH303[py27-win,py36-all]: 0 "use ftools.Popen, which holds a spawn lock"; NIH301[py27-win]: 0
sp.call(cmd, stdin=f)  # NIH303[py27-win,py36-all]: 0; NIH301[py27-win]: 0
Popen(cmd, stderr=PIPE, close_fds=False)  # NIH303[py27-win,py36-all]: 0; NIH301: 0
check_output(cmd)  # NIH303[py27-win,py36-all]: 0; NIH301[py27-win]: 0
R(cmd, capture_output=True)  # NIH303[py27-win,py36-all]: 0; NIH301[py27-win]: 0
R(cmd, input=b"data")  # NIH303[py27-win,py36-all]: 0; NIH301[py27-win]: 0
subprocess.Popen(cmd, None, None, None, PIPE)  # NIH303[py27-win,py36-all]: 0; NIH301[py27-win]: 0

# negatives: nothing redirected
subprocess.Popen(cmd)  # NIH301[py27-win]: 0
subprocess.Popen(cmd, stdout=None)  # NIH301[py27-win]: 0
R(cmd, capture_output=False)  # NIH301[py27-win]: 0


def work():  # a thread of this module that spawns: the race needs one
    subprocess.call(["ping", "localhost"], close_fds=True)


threading.Thread(target=work).start()
