# OPTIONS[golden]: min_python=2.7; scope=always

from noinherit_ftools import ftools

if True:
        first = ftools.pipe()
	second = ftools.dup(0)
	if second <> 0:
		third = ftools.open("t")
