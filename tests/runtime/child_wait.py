"""Waiting for a forked child with a timeout, for the standalone runtime scripts
(runtime_checks.py, lock_torture.py: Python 2.7 and 3.6+, no pytest).  Each imports it as
``tests.runtime.child_wait`` under pytest, as ``child_wait`` when run as a script."""

import os
import signal
import time


def exited_within(pid, seconds, poll=0.005):
    """The child's exit status, or None after killing it when it is still running then."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(poll)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None
