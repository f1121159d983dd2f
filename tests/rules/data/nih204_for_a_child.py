# NIH204: a pipe made in the child branch of os.fork() may be meant for a program the child
# starts: the O_CLOEXEC fix is offered, but unsafe.  The parent's pipe2 gets the safe fix.
# OPTIONS[py310]: min_python=3.10; platforms=linux
import os

parent_r, parent_w = os.pipe2(os.O_NONBLOCK)  # NIH204: 21 "flags lack O_CLOEXEC"
pid = os.fork()
if pid == 0:
    r, w = os.pipe2(0)  # NIH204: 11
    run_helper(w)
    os._exit(0)
os.pipe2(os.O_CLOEXEC)
