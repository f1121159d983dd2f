# -*- coding: latin-1 -*-
# OPTIONS[golden]: min_python=2.7
from noinherit_ftools import ftools
import subprocess

x = "café"; f = ftools.open("été.txt")
