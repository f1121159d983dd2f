# OPTIONS[golden]: min_python=2.7; scope=always
from noinherit_ftools import ftools
import os

namespace = {"log": ftools.open("log", "a")}
exec "log.write('x')" in namespace
exec compile(ftools.open("script.py").read(), "script.py", "exec") in namespace, {}
