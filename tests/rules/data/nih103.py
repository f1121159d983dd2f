# NIH103: shutil copies (copyfile/copy/copy2 fixable, copytree/move report-only).
# OPTIONS[py27]: min_python=2.7
# OPTIONS[py32]: min_python=3.2; scope=always
# OPTIONS[py35]: min_python=3.5; scope=always
import shutil
import shutil as sh
import subprocess

# module / alias
shutil.copyfile("a", "b")  # NIH103[py27,py32]: 0 "shutil.copyfile() opens files that child processes inherit"
shutil.copy("a", "b")  # NIH103[py27,py32]: 0
shutil.copy2("a", "b")  # NIH103[py27,py32]: 0
shutil.copytree("a", "b")  # NIH103[py27,py32]: 0 "copy with ftools.copy2 (copy_function= on 3.2+) (no automatic fix)"
shutil.move("a", "b")  # NIH103[py27,py32]: 0
sh.copyfile("a", "b")  # NIH103[py27,py32]: 0
sh.move(src="a", dst="b")  # NIH103[py27,py32]: 0

# from-import / from-import alias
from shutil import copyfile, copytree
from shutil import copy2 as cp2, move as mv

copyfile("a", "b")  # NIH103[py27,py32]: 0
copytree("a", "b")  # NIH103[py27,py32]: 0
cp2("a", "b")  # NIH103[py27,py32]: 0
mv("a", "b")  # NIH103[py27,py32]: 0

# not flagged: takes open objects; not shutil
shutil.copyfileobj(src_file, dst_file)
shutil.rmtree("a")
other.copyfile("a", "b")


def local(copyfile):
    copyfile("a", "b")


# A thread of this module that spawns: a handle another thread holds open, however briefly, can reach
# its child (the "threads" case of the lifetime rule), so every creation above is reported.
import subprocess as _subprocess  # noqa: E402
import threading as _threading  # noqa: E402



def _build():
    _subprocess.call(["make"], close_fds=False)  # NIH301: 4


_threading.Thread(target=_build).start()
