# OPTIONS[golden]: min_python=2.7; scope=always
import shutil as sh

from noinherit_ftools import ftools

ftools.copyfile("a", "b")
ftools.copy("a", "b")
ftools.copy2("a",
      "b")  # multi-line
sh.copytree("a", "b")  # report-only


# a thread of this module that starts a child: the handles above can reach it
import os as _os  # noqa: E402
import threading as _threading  # noqa: E402

_threading.Thread(target=lambda: _os.posix_spawn("/bin/true", ["true"], {}, file_actions=[(_os.POSIX_SPAWN_CLOSE, 3)])).start()
