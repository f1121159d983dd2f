# scope=module (the default): NIH1xx only in modules that spawn or use threads.  This module
# does neither, so only the scope=always run reports.
# OPTIONS[module]: min_python=2.7; scope=module
# OPTIONS[always]: min_python=2.7; scope=always
import os
import shutil
import socket

# module globals: they stay open for the life of the module, so a caller's child can get them
log = open("a")  # NIH101[always]: 6 "it outlives the module code (kept in a module global)"
fd = os.open("a", os.O_RDONLY)  # NIH102[always]: 5
sock = socket.socket()  # NIH104[always]: 7
pipe = os.pipe()  # NIH106[always]: 7
# a copy's files live only during the call, and no thread of this module spawns: silent in both runs
shutil.copy("a", "b")
