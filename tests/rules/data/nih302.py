# NIH302: spawners that never close descriptors (fires on min-python < 3.4 here: no NIH2xx in this module).
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py33]: min_python=3.3
# OPTIONS[py38]: min_python=3.8
import os
import os as o
import pty
import platform
import commands
import popen2
from os import system, spawnv, posix_spawn, popen
from os import system as sh, spawnlp as slp
from pty import spawn as pspawn

os.system("ls")  # NIH302[py27,py33]: 0 "os.system() gives the child every inheritable handle of this process"
o.system("ls")  # NIH302[py27,py33]: 0
system("ls")  # NIH302[py27,py33]: 0
sh("ls")  # NIH302[py27,py33]: 0
os.spawnv(os.P_WAIT, path, args)  # NIH302[py27,py33]: 0
spawnv(os.P_WAIT, path, args)  # NIH302[py27,py33]: 0
slp(os.P_WAIT, "ls", "ls")  # NIH302[py27,py33]: 0
os.spawnvpe(os.P_NOWAIT, "ls", args, env)  # NIH302[py27,py33]: 0
posix_spawn(path, args, env)  # NIH302[py27,py33]: 0
o.posix_spawnp(path, args, env, file_actions=[(os.POSIX_SPAWN_DUP2, 1, 2)])  # NIH302[py27,py33]: 0
pty.spawn("sh")  # NIH302[py27,py33]: 0
pspawn("sh")  # NIH302[py27,py33]: 0
platform.popen("ls")  # NIH302[py27,py33]: 0
commands.getoutput("ls")  # NIH302[py27,py33]: 0
popen2.popen3("ls")  # NIH302[py27,py33]: 0
os.popen("ls")  # NIH302[py27]: 0
popen("ls")  # NIH302[py27]: 0
x = "€"; os.system("ls")  # NIH302[py27,py33]: 11

# negatives
os.posix_spawn(path, args, env, file_actions=[(os.POSIX_SPAWN_CLOSEFROM, 3)])
os.posix_spawn(path, args, env, file_actions=[(os.POSIX_SPAWN_CLOSE, 5)])
os.posix_spawn(path, args, env, file_actions=actions)
os.execv(path, args)


def shadowed(system, os):
    system("ls")
    os.system("ls")
