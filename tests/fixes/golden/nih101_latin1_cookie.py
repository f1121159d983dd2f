# -*- coding: latin-1 -*-
# OPTIONS[golden]: min_python=2.7
import subprocess

x = "café"; f = open("été.txt")
