"""`noinherit-lint check` against `flake8 --select NIH` and against parsing every file.

    .venv/bin/python bench/check_speed.py [--stdlib DIR] [--files N] [--repeat N]

Over a CPython stdlib without its test folders (default: the newest pyenv 3.x, as
``bench/lint_speed.py``; the files this Python cannot parse are left out, as flake8 runs no
plugin on them), copied to a temporary folder with no project or flake8 settings above it, in
this venv (the same flake8, with its default plugins pyflakes, pycodestyle and mccabe), each
command one process, ``-j 1``:

1. ``flake8 --select NIH .``;
2. ``noinherit-lint check .`` with an empty cache folder (cold: every file parsed, every entry
   written);
3. the same again (warm: every file read and hashed, no file parsed);
4. ``noinherit-lint check --no-cache .`` (what the cache itself costs a cold run is the
   difference);
5. ``python -I -c`` that walks the folder and ``ast.parse``-s every file (the floor for any
   checker that parses in Python; interpreter start-up included, as in the others).

Every command runs with ``PYTHONDONTWRITEBYTECODE`` taken out of its environment, so that each
tool imports its modules from bytecode as an installed tool does (pip compiles bytecode at install;
an editable install of this project would otherwise compile its modules from source in every run
while flake8's come compiled), and each but flake8 (installed, and by far the slowest) runs once
untimed first, which writes that bytecode and fills the OS file cache.  Then each is run `--repeat` times
(default 3), interleaved, and the run with the least CPU time kept
(the children's user + system time: on a shared machine the steadier number; wall-clock time is
printed too, and the ratios are given on both).  The goals (issue 14): flake8 / check cold >= 5, check cold /
ast-parse-all <= 1.5, check warm / check cold <= 0.1; check cold / check --no-cache is the cache's
own cost (no goal).  The outputs of flake8 and the check are
compared line by line (without the check's `` [CODE]`` suffix): the speed is for the same findings.
``--files N`` keeps the first N files (a smoke test).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from lint_speed import copy_stdlib, newest_pyenv_stdlib  # noqa: E402

BIN = Path(sys.executable).parent
#: each command's environment: bytecode is written and read, as for an installed tool
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
PARSE_ALL = (
    "import ast, os, warnings\n"
    "warnings.simplefilter('ignore')\n"
    "for folder, subfolders, names in os.walk('.'):\n"
    "    subfolders[:] = [name for name in subfolders if not name.startswith('.')]\n"
    "    for name in names:\n"
    "        if name.endswith('.py'):\n"
    "            with open(os.path.join(folder, name), 'rb') as handle:\n"
    "                ast.parse(handle.read())\n"
)


def timed(command: List[str], cwd: Path) -> Tuple[float, float, str]:
    """(wall seconds, children's CPU seconds, stdout) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENVIRONMENT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode not in (0, 1):
        raise SystemExit(f"check_speed: {' '.join(command)} exited {completed.returncode}:\n{completed.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, completed.stdout


def keep_first(folder: Path, count: int) -> int:
    files = sorted(folder.rglob("*.py"))
    for path in files[count:]:
        path.unlink()
    return min(count, len(files))


def measure(tree: Path, repeat: int) -> Dict[str, Tuple[float, float]]:
    cache = tree / ".noinherit_cache"
    commands = {
        "flake8 --select NIH": [str(BIN / "flake8"), "--select", "NIH", "-j", "1", "."],
        "check cold": [str(BIN / "noinherit-lint"), "check", "-j", "1", "."],
        "check warm": [str(BIN / "noinherit-lint"), "check", "-j", "1", "."],
        "check --no-cache": [str(BIN / "noinherit-lint"), "check", "-j", "1", "--no-cache", "."],
        "ast.parse all": [sys.executable, "-I", "-c", PARSE_ALL],
    }
    best: Dict[str, Tuple[float, float]] = {}
    outputs: Dict[str, str] = {}
    for name, command in commands.items():  # untimed: bytecode written, files in the OS cache
        if name != "flake8 --select NIH":  # installed: compiled by pip; and the slowest by far
            timed(command, tree)
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        for name, command in commands.items():
            wall, cpu, out = timed(command, tree)
            outputs[name] = out
            if name not in best or cpu < best[name][1]:
                best[name] = (wall, cpu)
    ours = sorted(line.rsplit(" [", 1)[0] for line in outputs["check cold"].splitlines())
    theirs = sorted(outputs["flake8 --select NIH"].splitlines())
    if ours != theirs or not outputs["check warm"] == outputs["check --no-cache"] == outputs["check cold"]:
        only = sorted(set(ours) ^ set(theirs))[:10]
        raise SystemExit("check_speed: flake8 and the check (cold, warm, no cache) do not print the same findings:\n"
                         + "\n".join(("check only: " if line in ours else "flake8 only: ") + line for line in only))
    best["findings"] = (float(len(theirs)), 0.0)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stdlib", type=Path, help="the stdlib folder (default: newest pyenv 3.x)")
    parser.add_argument("--files", type=int, help="keep only the first N files")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    for tool in ("flake8", "noinherit-lint"):
        if not (BIN / tool).exists():
            raise SystemExit(f"check_speed: {BIN / tool} is missing: run this with the venv's python")
    stdlib = args.stdlib or newest_pyenv_stdlib()
    with tempfile.TemporaryDirectory(prefix="check_speed-") as temporary:
        tree = Path(temporary) / "stdlib"
        copied, skipped = copy_stdlib(stdlib, tree, sys.executable, with_tests=False)
        if args.files is not None:
            copied = keep_first(tree, args.files)
        best = measure(tree, args.repeat)
    findings = int(best.pop("findings")[0])
    print(f"{copied} files of {stdlib} without tests ({skipped} this Python cannot parse left out), "
          f"{findings} findings, Python {sys.version.split()[0]}, -j 1, fastest of {args.repeat}")
    for name, (wall, cpu) in best.items():
        print(f"  {name:<20} {wall:8.3f} s wall  {cpu:8.3f} s CPU")
    print("ratios                    CPU      wall")
    for label, (top, bottom), goal in (("flake8 / check cold", ("flake8 --select NIH", "check cold"), ">= 5"),
                                       ("check cold / ast.parse", ("check cold", "ast.parse all"), "<= 1.5"),
                                       ("check warm / check cold", ("check warm", "check cold"), "<= 0.1"),
                                       ("check cold / no cache", ("check cold", "check --no-cache"), None)):
        cpu = best[top][1] / best[bottom][1]
        wall = best[top][0] / best[bottom][0]
        print(f"  {label:<23} {cpu:6.2f}x  {wall:6.2f}x" + (f"  (goal {goal})" if goal else "  (the cache's cost)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
