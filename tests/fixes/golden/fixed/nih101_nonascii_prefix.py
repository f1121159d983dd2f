# OPTIONS[golden]: min_python=2.7
import subprocess

from noinherit_ftools import ftools

label = "héllo→"; f = ftools.open("p"); g = ftools.open("q")
	# a tab-indented comment line
