# OPTIONS[golden]: min_python=2.7
import subprocess
from mytools import ftools
from noinherit_ftools import ftools as ftools_

ftools.helper()
f = ftools_.open("p")
