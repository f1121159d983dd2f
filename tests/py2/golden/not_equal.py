# OPTIONS[golden]: min_python=2.7; scope=always
import os

if os.open("p", os.O_RDONLY) <> -1: r, w = os.pipe()
while 1 <> 2 and os.pipe() <> None:
    break
