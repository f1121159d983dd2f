# NIH302 also fires on modern Python when the module makes a handle inheritable (NIH2xx).
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py38]: min_python=3.8
import os
import subprocess

os.set_inheritable(fd, True)  # NIH202: 0
os.system("worker --fd %d" % fd)  # NIH302: 0
os.popen("ls")  # NIH302[py27]: 0
subprocess.call(cmd, close_fds=False)  # NIH301: 0
