# -*- coding: latin-1 -*-
# OPTIONS[golden]: min_python=2.7
import subprocess

from noinherit_ftools import ftools

x = "café"; f = ftools.open("été.txt")
