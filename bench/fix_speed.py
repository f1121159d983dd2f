"""How fast `noinherit-fix` is, next to flake8 and next to parsing everything with libcst.

    python bench/fix_speed.py [--stdlib DIR] [--with-tests] [--jobs 1,2] [--repeat N] [--venv DIR]

1. copies a CPython stdlib (default: the running interpreter's own ``Lib``, so that every file
   parses; test folders are left out unless ``--with-tests``) into a temporary folder;
2. makes one venv with this checkout installed (flake8, libcst and noinherit-lint, nothing else,
   so flake8 runs only its default plugins plus NIH); ``--venv DIR`` keeps and reuses it;
3. for each ``-j`` value, runs ``--repeat`` times (interleaved) and keeps the fastest of each:
   * ``noinherit-fix --check --min-python 3.8 -j N``  (few fixes)
   * ``flake8 --select NIH --nih-min-python 3.8 -j N``  (the same findings, reported)
   * ``noinherit-fix --check --min-python 2.7 -j N``  (many fixes; scope module, the default)
   * ``libcst.parse_module`` on every file, in N processes  (what a codemod that parses every
     file with libcst pays before doing anything)
4. prints wall-clock seconds and the children's CPU seconds (the steadier number on a shared
   machine) and the two ratios the project aims at:
   fix@3.8 / flake8 <= 1.5, and libcst-parse-all / fix@2.7 >= 5.

The copy has no pyproject.toml above it, so the settings are exactly the ones on the command line.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

REPO = Path(__file__).resolve().parents[1]
TEST_DIRS = ("test", "tests", "idle_test")

PARSE_ALL = r"""
import os, sys
from multiprocessing import get_context
import libcst

def parse(path):
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        libcst.parse_module(data)
        return 1
    except Exception:
        return 0

if __name__ == "__main__":
    root, jobs = sys.argv[1], int(sys.argv[2])
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(root) for f in names if f.endswith(".py"))
    if jobs == 1:
        parsed = sum(map(parse, files))
    else:
        with get_context("forkserver").Pool(jobs) as pool:
            parsed = sum(pool.imap_unordered(parse, files, chunksize=8))
    print(parsed, len(files))
"""


def copy_stdlib(source: Path, target: Path, with_tests: bool) -> int:
    count = 0
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in ("site-packages", "__pycache__") and (with_tests or d not in TEST_DIRS)
        )
        for name in filenames:
            if name.endswith(".py"):
                relative = Path(dirpath, name).relative_to(source)
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(dirpath, name), target / relative)
                count += 1
    return count


def make_venv(folder: Path) -> Path:
    """A venv with this checkout installed (a reused one gets the checkout reinstalled)."""
    python = folder / "bin" / "python"
    quiet = ["--quiet", "--disable-pip-version-check"]
    if python.exists():
        subprocess.run([str(python), "-m", "pip", "install", *quiet, "--force-reinstall", "--no-deps", str(REPO)],
                       check=True)
    else:
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", *quiet, str(REPO)], check=True)
    return folder / "bin"


def timed(command: Sequence[str]) -> Tuple[float, float, int]:
    """(wall seconds, children's CPU seconds, exit code) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stdlib", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    parser.add_argument("--with-tests", action="store_true", help="keep the stdlib's test folders")
    parser.add_argument("--jobs", default="1,2", help="comma-separated -j values (1,2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the fastest counts (3)")
    parser.add_argument("--venv", type=Path, help="keep (and reuse) the venv in this folder")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]

    with tempfile.TemporaryDirectory(prefix="fix_speed-") as scratch:
        tree = Path(scratch, "lib")
        count = copy_stdlib(args.stdlib, tree, args.with_tests)
        bin_dir = make_venv(args.venv or Path(scratch, "venv"))
        parse_all = Path(scratch, "parse_all.py")
        parse_all.write_text(PARSE_ALL)
        print(f"{count} files from {args.stdlib}{' (with tests)' if args.with_tests else ''}; "
              f"Python {sys.version.split()[0]}; fastest of {args.repeat}", flush=True)
        for j in jobs:
            commands: Dict[str, List[str]] = {
                "noinherit-fix --check --min-python 3.8": [
                    str(bin_dir / "noinherit-fix"), "--check", "--min-python", "3.8", "-j", str(j), str(tree)],
                "flake8 --select NIH --nih-min-python 3.8": [
                    str(bin_dir / "flake8"), "--select", "NIH", "--nih-min-python", "3.8", "-j", str(j), str(tree)],
                "noinherit-fix --check --min-python 2.7": [
                    str(bin_dir / "noinherit-fix"), "--check", "--min-python", "2.7", "-j", str(j), str(tree)],
                "libcst.parse_module on every file": [
                    str(bin_dir / "python"), str(parse_all), str(tree), str(j)],
            }
            best: Dict[str, Tuple[float, float]] = {}
            for _ in range(args.repeat):
                for name, command in commands.items():
                    wall, cpu, code = timed(command)
                    if name.startswith("noinherit-fix") and code not in (0, 1, 2):
                        raise SystemExit(f"{name} failed with exit code {code}")
                    old = best.get(name)
                    best[name] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
            print(f"\n-j {j}:")
            for name, (wall, cpu) in best.items():
                print(f"  {name:45} {wall:7.2f} s wall {cpu:7.2f} s CPU")
            fix38, flake8 = best["noinherit-fix --check --min-python 3.8"], best["flake8 --select NIH --nih-min-python 3.8"]
            fix27, cst = best["noinherit-fix --check --min-python 2.7"], best["libcst.parse_module on every file"]
            print(f"  fix@3.8 / flake8          = {fix38[0] / flake8[0]:.2f} wall, {fix38[1] / flake8[1]:.2f} CPU"
                  "  (goal <= 1.5)")
            print(f"  libcst-parse-all / fix@2.7 = {cst[0] / fix27[0]:.2f} wall, {cst[1] / fix27[1]:.2f} CPU"
                  "  (goal >= 5)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
