# NIH401 needs threads: fork in a single-threaded module is not flagged.
# OPTIONS[py27]: min_python=2.7
import os
import pty

pid = os.fork()
pty.fork()
