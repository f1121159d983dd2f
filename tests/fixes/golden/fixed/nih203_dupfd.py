# OPTIONS[golden]: min_python=3.8
import fcntl

new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
