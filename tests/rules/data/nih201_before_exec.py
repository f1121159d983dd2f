# NIH201: a dup2 target in a module that execs another program may be how a descriptor is handed
# to that program: the inheritable=False fix is offered, but unsafe (noinherit-fix needs
# --unsafe-fixes for it).
# OPTIONS[py38]: min_python=3.8; platforms=linux
import os

os.dup2(log_fd, 3)  # NIH201: 0 "pass inheritable=False"
os.dup2(log_fd, 1)
os.execv("/usr/bin/tool", ["tool", "--log-fd", "3"])
