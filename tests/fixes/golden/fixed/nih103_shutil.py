# OPTIONS[golden]: min_python=2.7; scope=always
import shutil as sh

from noinherit_ftools import ftools

ftools.copyfile("a", "b")
ftools.copy("a", "b")
ftools.copy2("a",
      "b")  # multi-line
sh.copytree("a", "b")  # report-only
