# OPTIONS[golden]: min_python=3.3; scope=always
import os

fd = os.open("lock", os.O_RDWR | os.O_CREAT)
fine = os.open("lock", os.O_RDWR | os.O_CLOEXEC)
