# fcntl() imported by its own name with `from fcntl import fcntl` (the module name is then the function).
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py38]: min_python=3.8
from fcntl import fcntl, F_DUPFD, F_GETFD, F_SETFD, FD_CLOEXEC

fcntl(fd, F_DUPFD, 10)  # NIH203: 0
fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) & ~FD_CLOEXEC)  # NIH202: 0
fcntl(fd, F_SETFD, FD_CLOEXEC)
