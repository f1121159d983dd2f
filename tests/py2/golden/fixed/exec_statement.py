# OPTIONS[golden]: min_python=2.7; scope=always
import os

from noinherit_ftools import ftools

namespace = {"log": ftools.open("log", "a")}
exec "log.write('x')" in namespace
exec compile(ftools.open("script.py").read(), "script.py", "exec") in namespace, {}
