# OPTIONS[golden]: min_python=2.7
import subprocess

from noinherit_ftools import ftools

f = ftools.open(
    "a",
)
subprocess.call(["ls"], close_fds=True)
