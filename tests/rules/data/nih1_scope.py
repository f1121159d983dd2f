# scope=module (the default): NIH1xx only in modules that spawn or use threads.  This module
# does neither, so only the scope=always run reports.
# OPTIONS[module]: min_python=2.7; scope=module
# OPTIONS[always]: min_python=2.7; scope=always
import os
import shutil
import socket

open("a")  # NIH101[always]: 0
os.open("a", os.O_RDONLY)  # NIH102[always]: 0
shutil.copy("a", "b")  # NIH103[always]: 0
socket.socket()  # NIH104[always]: 0
os.pipe()  # NIH106[always]: 0
