# OPTIONS[py27]: min_python=2.7; scope=always
from io import *

open("data.txt")  # NIH101: 0
FileIO("data.bin")  # NIH101: 0
