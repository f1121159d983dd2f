# OPTIONS[golden]: min_python=2.7
import subprocess

label = "héllo→"; f = open("p"); g = open("q")
	# a tab-indented comment line
