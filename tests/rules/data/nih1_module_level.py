# NIH1xx on module code: a global that the module code closes, that no function or class of the
# module uses, and that no spawn sees while it is open is short-lived; any other global lives on.
# OPTIONS[py27]: min_python=2.7; scope=always
import os

fd_out = os.open("out.txt", os.O_CREAT | os.O_WRONLY)  # silent: closed two lines below
os.write(fd_out, b"x")
os.close(fd_out)

config = open("setup.cfg")  # silent: read and closed by the module code
text = config.read()
config.close()

before_spawn = open("data.txt")  # NIH101: 15 "a child started while it is open (os.system() at line 15) gets it"
os.system("sync")  # NIH302: 0
before_spawn.close()

log = open("log.txt", "a")  # NIH101: 6 "it outlives the module code (kept in a module global)"

shared = open("shared.txt")  # NIH101: 9 "it outlives the module code (kept in a module global)"
shared.close()


def reader():
    return shared.read()
