# OPTIONS[golden]: min_python=2.7
import subprocess
from mytools import ftools

ftools.helper()
f = open("p")
