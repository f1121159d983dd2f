# OPTIONS[golden]: min_python=3.3; scope=always
import os

from noinherit_ftools import ftools

fd = os.open("lock", os.O_RDWR | os.O_CREAT | ftools.O_CLOEXEC)
fine = os.open("lock", os.O_RDWR | os.O_CLOEXEC)
