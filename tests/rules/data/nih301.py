# NIH301: subprocess with close_fds=False; on min-python < 3.2 also without close_fds=True.
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py27-linux]: min_python=2.7; platforms=linux
# OPTIONS[py31]: min_python=3.1; platforms=linux,macos
# OPTIONS[py38]: min_python=3.8
import subprocess
import subprocess as sp
from subprocess import Popen, call, check_call, check_output, run
from subprocess import Popen as P, run as R

subprocess.Popen(cmd, close_fds=False)  # NIH301: 0 "passes every inheritable handle to the child"
sp.call(cmd, close_fds=False)  # NIH301: 0
Popen(cmd, close_fds=False)  # NIH301: 0
P(cmd, close_fds=0)  # NIH301: 0
check_call(cmd, close_fds=False)  # NIH301: 0
check_output(cmd, close_fds=False)  # NIH301: 0
run(cmd, close_fds=False)  # NIH301: 0
R(cmd, close_fds=False, stdout=sp.PIPE)  # NIH301: 0
subprocess.Popen(cmd, -1, None, None, None, None, None, False)  # NIH301: 0
x = "ß"; sp.run(cmd, close_fds=False)  # NIH301: 10
sp.run(cmd, close_fds=False, **options)  # NIH301: 0

# the default close_fds was False before 3.2
subprocess.call(cmd)  # NIH301[py27,py27-linux,py31]: 0
sp.Popen(cmd, stdout=sp.PIPE)  # NIH301[py27,py27-linux,py31]: 0
check_output(cmd)  # NIH301[py27,py27-linux,py31]: 0
R(cmd, **options)  # NIH301[py27,py27-linux,py31]: 0

# negatives
subprocess.call(cmd, close_fds=True)
sp.Popen(cmd, close_fds=closing)
run(cmd, pass_fds=[3])
subprocess.Popen(cmd, -1, None, None, None, None, None, True)
subprocess.getoutput("ls")


def shadowed(subprocess, Popen):
    subprocess.call(cmd, close_fds=False)
    Popen(cmd, close_fds=False)


class Runner:
    def run(self, cmd, close_fds=False):
        return self.run(cmd, close_fds=False)
