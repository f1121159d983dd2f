# A call of a spawner counts as spawning for scope=module, even without importing a module
# from the list (os.system lives in os).
# OPTIONS[module]: min_python=2.7; scope=module
import os


def run():
    os.system("true")  # NIH302: 4


log = open("a")  # NIH101: 6
