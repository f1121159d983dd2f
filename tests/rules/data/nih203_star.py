# NIH203 with `from fcntl import *`: bare names resolve through the star import.
# OPTIONS[py38]: min_python=3.8
from fcntl import *

fcntl(fd, F_DUPFD, 10)  # NIH203: 0
fcntl(fd, F_DUPFD_CLOEXEC, 10)
fcntl(fd, F_SETFD, 0)  # NIH202: 0
