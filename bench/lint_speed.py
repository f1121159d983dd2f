"""What noinherit-lint adds to every flake8 run, next to what flake8-bugbear adds.

    python bench/lint_speed.py [--stdlib DIR] [--with-tests] [--repeat N] [--jobs N] [--venvs DIR]

flake8 7 runs every installed plugin on every file whatever `--select` says, so a plugin's cost is
paid by every user on every run.  This script measures it the way a user pays it:

1. copies a CPython stdlib (default: the newest pyenv 3.13 ``Lib``; its test folders are left out
   unless ``--with-tests``) into a temporary folder, keeping only the files the venvs' Python can
   parse (flake8 runs no ast plugin on a file that does not parse);
2. makes three venvs with the same flake8 version as the one running here: flake8 only,
   flake8 + noinherit-lint (this checkout, installed from its folder), flake8 + flake8-bugbear;
3. runs ``flake8 --select NIH -j N`` (default ``-j 1``) over the copy with each venv, interleaved,
   ``--repeat`` times, and keeps the fastest run of each (wall clock and the children's CPU time);
4. prints the per-file cost of each plugin (venv minus flake8-only, divided by the number of files)
   and the ratio noinherit-lint / flake8-bugbear (the project's goal is <= 1.0), on wall clock and
   on the children's CPU time (CPU time is the steadier number on a shared machine);
5. as a cross-check with less noise, times noinherit-lint's ``Plugin.run()`` alone in one process
   over the same files (parsed beforehand; fastest of 3).

No pyproject.toml is above the copy, so noinherit-lint runs with its defaults (min-python 2.7
assumed, scope module).  ``--venvs DIR`` keeps the venvs in DIR and reuses them on the next run.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Dict, List, Optional, Tuple

REPO = Path(__file__).resolve().parents[1]
TEST_DIRS = ("test", "tests", "idle_test")


def newest_pyenv_stdlib() -> Path:
    try:
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise SystemExit("lint_speed: pyenv not found; pass --stdlib DIR")
    versions = sorted(
        (p for p in Path(root, "versions").iterdir() if re.fullmatch(r"3\.\d+\.\d+", p.name)),
        key=lambda p: tuple(int(x) for x in p.name.split(".")),
    )
    for version in reversed(versions):
        major_minor = ".".join(version.name.split(".")[:2])
        lib = version / "lib" / f"python{major_minor}"
        if lib.is_dir():
            return lib
    raise SystemExit("lint_speed: no pyenv CPython 3 found; pass --stdlib DIR")


def copy_stdlib(source: Path, target: Path, python: str, with_tests: bool) -> Tuple[int, int]:
    """Copy the .py files of `source` that `python` parses; return (copied, skipped as unparseable)."""
    candidates: List[Path] = []
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in ("site-packages", "__pycache__") and (with_tests or d not in TEST_DIRS)
        )
        candidates.extend(Path(dirpath, name) for name in sorted(filenames) if name.endswith(".py"))
    checker = (
        "import ast, sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "for line in sys.stdin:\n"
        "    path = line.rstrip('\\n')\n"
        "    try:\n"
        "        ast.parse(open(path, 'rb').read())\n"
        "        print(path)\n"
        "    except (SyntaxError, ValueError):\n"
        "        pass\n"
    )
    result = subprocess.run([python, "-c", checker], input="\n".join(map(str, candidates)) + "\n",
                            capture_output=True, text=True, check=True)
    parseable = set(result.stdout.splitlines())
    for path in candidates:
        if str(path) in parseable:
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    return len(parseable), len(candidates) - len(parseable)


def make_venv(folder: Path, packages: List[str], refresh: Optional[str] = None) -> Path:
    """A venv with `packages`; a reused one gets `refresh` (this checkout) reinstalled."""
    python = folder / "bin" / "python"
    marker = folder / ".lint_speed_ready"
    if marker.exists():
        if refresh:
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                            "--no-deps", "--force-reinstall", refresh], check=True)
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    *packages], check=True)
    marker.write_text(" ".join(packages))
    return python


def flake8_of(python: Path) -> str:
    # The console script, not `python -m flake8`: -m puts the working folder first on sys.path, so
    # the stdlib copy would shadow the real stdlib (and a checkout's .egg-info would add a plugin).
    return str(python.parent / "flake8")


def plugins_of(python: Path, cwd: Path) -> str:
    out = subprocess.run([flake8_of(python), "--version"], cwd=cwd, capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def timed_flake8(python: Path, tree: Path, jobs: int) -> Tuple[float, float, int, int]:
    """(wall seconds, children's user+sys CPU seconds, exit code, output lines) of one flake8 run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([flake8_of(python), "--select", "NIH", "-j", str(jobs), "."],
                            cwd=tree, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode not in (0, 1) or "failed during execution" in result.stdout + result.stderr:
        raise SystemExit(f"lint_speed: flake8 failed with {python}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return wall, cpu, result.returncode, len(result.stdout.splitlines())


IN_PROCESS = """
import ast, os, sys, time, warnings
from noinherit_lint.configuration import Configuration
from noinherit_lint.plugin import Plugin
Plugin.configuration = Configuration()  # what parse_options sets when the run selects NIH
Plugin.checked_roots = None
warnings.simplefilter("ignore")
trees = []
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    for name in filenames:
        if name.endswith(".py"):
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                trees.append((path, ast.parse(handle.read())))
best = float("inf")
for _ in range(3):
    started = time.process_time()
    for path, tree in trees:
        list(Plugin(tree, path).run())
    best = min(best, time.process_time() - started)
print(best / len(trees) * 1000)
"""


def in_process_ms_per_file(python: Path, tree: Path) -> float:
    """CPU ms per file of noinherit-lint's Plugin.run() alone (trees parsed beforehand)."""
    out = subprocess.run([str(python), "-c", IN_PROCESS, str(tree)], cwd=tree.parent,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stdlib", type=Path, help="a CPython Lib folder (default: newest pyenv 3.x)")
    parser.add_argument("--with-tests", action="store_true", help="keep the stdlib's test folders")
    parser.add_argument("--repeat", type=int, default=3, help="runs per venv; the fastest counts (3)")
    parser.add_argument("--jobs", type=int, default=1, help="flake8 -j for every run (1)")
    parser.add_argument("--venvs", type=Path, help="keep (and reuse) the venvs in this folder")
    args = parser.parse_args(argv)

    import flake8

    stdlib = args.stdlib or newest_pyenv_stdlib()
    if not stdlib.is_dir():
        raise SystemExit(f"lint_speed: {stdlib} is not a folder")
    with tempfile.TemporaryDirectory(prefix="lint_speed.") as scratch:
        venv_root = args.venvs or Path(scratch, "venvs")
        flake8_pin = f"flake8=={flake8.__version__}"
        print(f"venvs in {venv_root} ({flake8_pin}, Python {sys.version.split()[0]})", flush=True)
        venvs: Dict[str, Path] = {
            "flake8 only": make_venv(venv_root / "flake8", [flake8_pin]),
            "+ noinherit-lint": make_venv(venv_root / "noinherit", [flake8_pin, str(REPO)], refresh=str(REPO)),
            "+ flake8-bugbear": make_venv(venv_root / "bugbear", [flake8_pin, "flake8-bugbear"]),
        }
        for name, python in venvs.items():
            print(f"  {name:17} {plugins_of(python, Path(scratch))}")
        tree = Path(scratch, "Lib")
        files, skipped = copy_stdlib(stdlib, tree, str(venvs["flake8 only"]), args.with_tests)
        print(f"corpus: {stdlib} -> {files} files ({'with' if args.with_tests else 'without'} test folders; "
              f"{skipped} not parseable by the venvs' Python left out)", flush=True)

        best: Dict[str, Tuple[float, float]] = {}
        cpu_runs: Dict[str, List[float]] = {name: [] for name in venvs}
        lines: Dict[str, int] = {}
        for round_ in range(1, args.repeat + 1):
            for name, python in venvs.items():
                wall, cpu, _, output_lines = timed_flake8(python, tree, args.jobs)
                lines[name] = output_lines
                cpu_runs[name].append(cpu)
                old = best.get(name, (float("inf"), float("inf")))
                best[name] = (min(old[0], wall), min(old[1], cpu))
                print(f"  round {round_} {name:17} wall {wall:7.2f}s  cpu {cpu:7.2f}s  "
                      f"{output_lines} NIH lines", flush=True)

        alone = in_process_ms_per_file(venvs["+ noinherit-lint"], tree)

    base_wall, base_cpu = best["flake8 only"]
    print(f"\nflake8 --select NIH -j {args.jobs} over {files} files, fastest of {args.repeat}:")
    print(f"  {'':17} {'wall s':>8} {'cpu s':>8} {'+ms/file wall':>14} {'+ms/file cpu':>13}")
    cost: Dict[str, Tuple[float, float]] = {}
    for name, (wall, cpu) in best.items():
        cost[name] = ((wall - base_wall) / files * 1000, (cpu - base_cpu) / files * 1000)
        print(f"  {name:17} {wall:8.2f} {cpu:8.2f} {cost[name][0]:14.3f} {cost[name][1]:13.3f}")
    nih, bugbear = cost["+ noinherit-lint"], cost["+ flake8-bugbear"]
    spread = max(max(runs) - min(runs) for runs in cpu_runs.values()) / files * 1000
    print(f"  noise: the largest spread between runs of one venv is {spread:.3f} ms CPU per file; "
          f"a difference smaller than that is not a measurement")
    for label, index in (("wall", 0), ("cpu", 1)):
        ratio = nih[index] / bugbear[index] if bugbear[index] > 0 else float("nan")
        print(f"  ratio noinherit-lint / flake8-bugbear per file ({label}): {ratio:.2f}")
    print(f"  noinherit-lint's Plugin.run() alone, in one process: {alone:.3f} ms CPU per file; "
          f"ratio to flake8-bugbear's flake8 cost (cpu): {alone / bugbear[1]:.2f}")
    print(f"  (noinherit-lint reported {lines['+ noinherit-lint']} NIH findings; the others none: "
          f"{lines['flake8 only']}, {lines['+ flake8-bugbear']})")
    return 0


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    raise SystemExit(main())
