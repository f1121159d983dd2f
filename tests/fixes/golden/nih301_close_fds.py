# OPTIONS[golden]: min_python=2.7; platforms=linux,macos
import subprocess

subprocess.call(["ls"], close_fds=False)
subprocess.check_call(["ls"])
subprocess.Popen(
    ["ls", "-l"],
    cwd="/",
)
