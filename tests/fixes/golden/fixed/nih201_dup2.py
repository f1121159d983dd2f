# OPTIONS[golden]: min_python=3.8
import os

os.dup2(src, 9, inheritable=False)
os.dup2(
    src,
    10,
    inheritable=False,
)
os.dup2(src, 1)  # a standard stream: not flagged
