# NIH203: fcntl F_DUPFD returns an inheritable duplicate.
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py38]: min_python=3.8
import fcntl
import fcntl as fc
from fcntl import fcntl as fcntl_call, F_DUPFD
from fcntl import F_DUPFD as DUP

fcntl.fcntl(fd, fcntl.F_DUPFD, 10)  # NIH203: 0 "returns an inheritable duplicate on every Python version; use F_DUPFD_CLOEXEC"
fc.fcntl(fd, fc.F_DUPFD)  # NIH203: 0
fcntl_call(fd, F_DUPFD, 3)  # NIH203: 0
fcntl_call(fd, DUP, 3)  # NIH203: 0
new = fcntl.fcntl(fd, cmd=fcntl.F_DUPFD)  # NIH203: 6

fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
fcntl.fcntl(fd, cmd, 10)
fcntl.fcntl(fd, fcntl.F_GETFL)


def shadowed(F_DUPFD):
    fcntl.fcntl(fd, F_DUPFD, 10)
