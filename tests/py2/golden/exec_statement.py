# OPTIONS[golden]: min_python=2.7; scope=always
import os

namespace = {"log": open("log", "a")}
exec "log.write('x')" in namespace
exec compile(open("script.py").read(), "script.py", "exec") in namespace, {}
