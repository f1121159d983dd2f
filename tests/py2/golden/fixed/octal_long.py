# OPTIONS[golden]: min_python=2.7; scope=always; platforms=linux
import os

from noinherit_ftools import ftools

fd = os.open("p", os.O_WRONLY | os.O_CREAT | ftools.O_CLOEXEC, 0644)
size = 10L * ftools.dup(fd); mask = 0777L
