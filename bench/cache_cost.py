"""What the cache of `noinherit-lint check` itself costs: the CPU time spent inside its methods.

    .venv/bin/python bench/cache_cost.py [--stdlib DIR] [--files N] [--repeat N] [--against REV]

`bench/check_speed.py` compares whole runs, whose CPU time varies by more than the cache costs on
a shared machine; this measures the cache alone.  Over the same tree (a CPython stdlib without its
test folders, copied as ``bench/check_speed.py`` does), one interpreter runs ``check -j 1`` in
process twice, cold (empty cache folder) and warm, with every method of `cache.Cache` that
touches the cache (``prepare``, ``key``, ``get``, ``put``, ``flush`` where it exists) wrapped to
add up ``time.process_time()`` (user + system: the kernel's work of creating files counts).
``--against REV`` measures the package of that git revision too (``git archive`` into a temporary
folder), in the same session, alternating with the working tree's.  The least of `--repeat` runs
(default 3) is kept.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from check_speed import keep_first  # noqa: E402
from lint_speed import copy_stdlib, newest_pyenv_stdlib  # noqa: E402

METHODS = ("prepare", "key", "get", "put", "flush")
PROBE = '''
import contextlib, inspect, io, json, sys, time
sys.path.insert(0, sys.argv[1])
from noinherit_lint import cache as cache_module
from noinherit_lint.lint_cli import main
spent = {}

def timed(name, real):
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - start
    return wrapper

for name in %r:
    static = inspect.getattr_static(cache_module.Cache, name, None)
    if isinstance(static, staticmethod):
        setattr(cache_module.Cache, name, staticmethod(timed(name, static.__func__)))
    elif static is not None:
        setattr(cache_module.Cache, name, timed(name, static))
report = {}
for label in ("cold", "warm"):
    spent.clear()
    start = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["check", "-j", "1", "--cache-dir", sys.argv[2], "."])
    report[label] = {"run": time.process_time() - start, "cache": sum(spent.values()), **spent}
print(json.dumps(report))
''' % (METHODS,)


def measure(package_root: Path, tree: Path, cache: Path) -> Dict[str, Dict[str, float]]:
    """{"cold": {...}, "warm": {...}}: the run's CPU time, the cache's, and each method's."""
    shutil.rmtree(cache, ignore_errors=True)
    completed = subprocess.run([sys.executable, "-I", "-c", PROBE, str(package_root), str(cache)], cwd=tree,
                               capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"cache_cost: the probe failed for {package_root}:\n{completed.stderr}")
    return json.loads(completed.stdout)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stdlib", type=Path, help="the stdlib folder (default: newest pyenv 3.x)")
    parser.add_argument("--files", type=int, help="keep only the first N files")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="also measure the package of this git revision")
    args = parser.parse_args(argv)
    stdlib = args.stdlib or newest_pyenv_stdlib()
    with tempfile.TemporaryDirectory(prefix="cache_cost-") as temporary:
        temporary_path = Path(temporary)
        tree = temporary_path / "stdlib"
        copied, _ = copy_stdlib(stdlib, tree, sys.executable, with_tests=False)
        if args.files is not None:
            copied = keep_first(tree, args.files)
        roots = {"working tree": ROOT}
        if args.against:
            old = temporary_path / "against"
            old.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.against, "noinherit_lint"],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            roots[args.against] = old
        best: Dict[str, Dict[str, Dict[str, float]]] = {}
        for _ in range(args.repeat):
            for label, root in roots.items():
                report = measure(root, tree, temporary_path / "cache")
                for run, numbers in report.items():
                    kept = best.setdefault(label, {}).get(run)
                    if kept is None or numbers["cache"] < kept["cache"]:
                        best[label][run] = numbers
    print(f"{copied} files of {stdlib} without tests, Python {sys.version.split()[0]}, -j 1, "
          f"least of {args.repeat}; CPU seconds (user + system)")
    for label, runs in best.items():
        for run, numbers in runs.items():
            parts: List[str] = [f"{name}={numbers[name]:.3f}" for name in METHODS if name in numbers]
            print(f"  {label:<14} {run}: in the cache {numbers['cache']:.3f} s of the run's {numbers['run']:.3f} s"
                  f"  ({' '.join(parts)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
