# OPTIONS[golden]: min_python=2.7; scope=always
from noinherit_ftools import ftools
import shutil as sh
from shutil import copy2

ftools.copyfile("a", "b")
ftools.copy("a", "b")
ftools.copy2("a",
      "b")  # multi-line
sh.copytree("a", "b")  # report-only
