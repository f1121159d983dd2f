# NIH201: a dup2 target in a module that calls subprocess with close_fds=False is most
# likely meant for that child: reported, but without the inheritable=False fix (which would take
# it away).  NIH301 is report-only here for the same reason, so one codemod run is final (the
# fuzzer found the codemod fixing dup2 in a first run and then close_fds=False in a second).
# OPTIONS[py38]: min_python=3.8; platforms=linux
import os
import subprocess

os.dup2(fd, 9)  # NIH201: 0
subprocess.call(cmd, close_fds=False)  # NIH301: 0
