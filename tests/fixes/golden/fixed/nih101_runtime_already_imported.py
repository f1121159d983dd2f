# OPTIONS[golden]: min_python=2.7
import subprocess
from noinherit_ftools import ftools as ft

f = ft.open("p")
g = ft.open("q")
