# OPTIONS[golden]: min_python=2.7
import subprocess

f = open(
    "a",
)
subprocess.call(["ls"])
