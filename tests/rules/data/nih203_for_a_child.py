# NIH203: a duplicate made in a module that starts programs with os.system may be meant for them:
# the F_DUPFD_CLOEXEC fix is offered, but unsafe.
# OPTIONS[py38]: min_python=3.8; platforms=linux
import fcntl
import os

copy = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)  # NIH203: 7 "use F_DUPFD_CLOEXEC"
fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 11)
os.system("tool --fd 10")  # NIH302: 0
