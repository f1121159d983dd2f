# NIH204: flag-taking creators called with flags that lack the cloexec flag.
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py310]: min_python=3.10; platforms=linux
import os
import os as o
from os import pipe2, memfd_create, eventfd, O_NONBLOCK, O_CLOEXEC, MFD_ALLOW_SEALING
from os import pipe2 as p2, memfd_create as mfd, eventfd as efd, EFD_NONBLOCK as ENB

os.pipe2(0)  # NIH204: 0 "os.pipe2() flags lack O_CLOEXEC"
o.pipe2(o.O_NONBLOCK)  # NIH204: 0
pipe2(O_NONBLOCK)  # NIH204: 0
p2(os.O_NONBLOCK | os.O_DIRECT)  # NIH204: 0
os.memfd_create("x", os.MFD_ALLOW_SEALING)  # NIH204: 0 "add os.MFD_CLOEXEC"
mfd("x", flags=0)  # NIH204: 0
memfd_create("x", MFD_ALLOW_SEALING)  # NIH204: 0
os.eventfd(0, os.EFD_NONBLOCK)  # NIH204: 0 "add os.EFD_CLOEXEC"
efd(0, ENB)  # NIH204: 0
eventfd(0, flags=0)  # NIH204: 0
r, w = "é", os.pipe2(0)  # NIH204: 13

# negatives: the flag is there, or the default is close-on-exec, or flags are not judged
os.pipe2(os.O_CLOEXEC)
os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
pipe2(O_NONBLOCK | O_CLOEXEC)
os.memfd_create("x")
os.memfd_create("x", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
os.eventfd(0)
os.eventfd(0, os.EFD_CLOEXEC | os.EFD_NONBLOCK)
os.eventfd(0, os.O_CLOEXEC)
os.pipe2(flags)
os.pipe2(524288)
os.pipe2(make_flags())
os.pipe2(*args)


def shadowed(pipe2, os):
    pipe2(0)
    os.pipe2(0)
