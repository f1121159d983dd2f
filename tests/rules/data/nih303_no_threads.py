# NIH303 needs threads: a single-threaded module is not flagged.
# OPTIONS[py27-win]: min_python=2.7; platforms=windows
import subprocess

subprocess.Popen(cmd, stdout=subprocess.PIPE, close_fds=True)
