# OPTIONS[golden]: min_python=2.7
from noinherit_ftools import ftools
import subprocess
f = ftools.open("é")
