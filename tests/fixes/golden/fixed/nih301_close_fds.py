# OPTIONS[golden]: min_python=2.7; platforms=linux,macos
import subprocess

subprocess.call(["ls"], close_fds=True)
subprocess.check_call(["ls"], close_fds=True)
subprocess.Popen(
    ["ls", "-l"],
    cwd="/",
    close_fds=True,
)
