# OPTIONS[golden]: min_python=2.7; scope=always; platforms=linux
import os

fd = os.open("p", os.O_WRONLY | os.O_CREAT, 0644)
size = 10L * os.dup(fd); mask = 0777L
