# OPTIONS[golden]: min_python=2.7
from noinherit_ftools import ftools
import subprocess

label = "héllo→"; f = ftools.open("p"); g = ftools.open("q")
	# a tab-indented comment line
