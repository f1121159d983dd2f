# OPTIONS[golden]: min_python=2.7
from noinherit_ftools import ftools as ftools_
import subprocess
from mytools import ftools

ftools.helper()
f = ftools_.open("p")
