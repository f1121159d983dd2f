# OPTIONS[golden]: min_python=2.7; scope=always
import os

if True:
        first = os.pipe()
	second = os.dup(0)
	if second <> 0:
		third = open("t")
