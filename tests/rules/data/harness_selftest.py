# The harness itself: no rule fires on this file, under two runs.
# OPTIONS[py27]: min_python=2.7; scope=always
# OPTIONS[py38]: min_python=3.8
def open(path):
    return path


open("x")
