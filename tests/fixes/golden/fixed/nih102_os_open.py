# OPTIONS[golden]: min_python=3.3; scope=always
from noinherit_ftools import ftools
import os

fd = ftools.os_open("lock", os.O_RDWR | os.O_CREAT)
fine = os.open("lock", os.O_RDWR | os.O_CLOEXEC)
