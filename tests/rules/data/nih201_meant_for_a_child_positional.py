# NIH201: as nih201_meant_for_a_child.py, with close_fds=False passed as Popen's 8th positional
# argument: NIH201 and NIH301 read it with the same helper, so both withhold their fix.
# OPTIONS[py38]: min_python=3.8; platforms=linux
import os
import subprocess

os.dup2(fd, 9)  # NIH201: 0 "unless the child this module starts with close_fds=False needs it"
subprocess.Popen(cmd, -1, None, None, None, None, None, False)  # NIH301: 0 "this module makes handles inheritable"
