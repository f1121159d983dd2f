# OPTIONS[golden]: min_python=2.7; scope=always
import shutil as sh
from shutil import copy2

sh.copyfile("a", "b")
sh.copy("a", "b")
copy2("a",
      "b")  # multi-line
sh.copytree("a", "b")  # report-only
