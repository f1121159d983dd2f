# OPTIONS[golden]: min_python=2.7; scope=always
import os

namespace = {"log": open("log", "a")}
exec "log.write('x')" in namespace
exec compile(open("script.py").read(), "script.py", "exec") in namespace, {}


# a thread of this module that execs a program: the short-lived handles above can reach it
import os as _os, threading as _threading
_threading.Thread(target=lambda: _os.execv(a, b)).start()
