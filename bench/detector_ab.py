"""The detector's cost per file in two checkouts, measured in one run.

    .venv/bin/python bench/detector_ab.py [--base REV|DIR] [--head REV|DIR] [--stdlib DIR] [--repeat N]

`checker.check(tree, Settings(...))` -- the detector every front end calls -- over the same files
of a CPython stdlib without its test folders (default: the newest pyenv 3.x ``Lib``, as
``bench/lint_speed.py``), parsed beforehand.  Each checkout runs in its own worker process (its
folder first on ``sys.path``, so the two never share a module); the driver asks the workers for
one round at a time, alternating base and head, `--repeat` times per setting, and keeps each
one's fastest round (CPU time, ``time.process_time``): load on a shared machine hits both alike.

``--base`` / ``--head`` take a folder (a checkout) or a git revision of this repository, which is
checked out with ``git worktree add --detach`` under a temporary folder and removed afterwards.
Defaults: base 5bf3636 (the commit before the issue-10 precision work), head this checkout.

Prints, for the plugin's defaults (scope module, min-python 2.7 assumed) and for
``--nih-scope always``: ms per file of each, the ratio head / base, and how many findings each
reported (the two differ when the checkouts' rules do).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from lint_speed import TEST_DIRS, newest_pyenv_stdlib  # noqa: E402

PRE_PRECISION = "5bf363685129f899488f798b5c028b6952d14b37"
SETTINGS = {"default": {}, "always": {"scope": "always"}}

# One round per request line ("default" or "always"): prints "<cpu seconds> <findings>".
WORKER = """
import ast, sys, time, warnings
checkout, file_list = sys.argv[1], sys.argv[2]
sys.path.insert(0, checkout)
warnings.simplefilter("ignore")
import noinherit_lint
assert noinherit_lint.__file__.startswith(checkout), noinherit_lint.__file__
from noinherit_lint.checker import check
from noinherit_lint.settings import Settings
settings = {name: Settings(**values) for name, values in %r.items()}
trees = []
for path in open(file_list).read().splitlines():
    try:
        trees.append(ast.parse(open(path, "rb").read()))
    except (SyntaxError, ValueError):
        pass
print(len(trees), flush=True)
for line in sys.stdin:
    chosen = settings[line.strip()]
    started = time.process_time()
    found = sum(len(check(tree, chosen)) for tree in trees)
    print(time.process_time() - started, found, flush=True)
""" % (SETTINGS,)


def stdlib_files(stdlib: Path) -> List[str]:
    files = []
    for dirpath, dirnames, filenames in os.walk(stdlib):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "__pycache__") + TEST_DIRS)
        files.extend(os.path.join(dirpath, name) for name in sorted(filenames) if name.endswith(".py"))
    return files


class Worker:
    def __init__(self, checkout: Path, file_list: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", WORKER, str(checkout), str(file_list)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.files = int(self._line())

    def _line(self) -> str:
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"detector_ab: the worker for {self.process.args[3]} failed")
        return line

    def round(self, setting: str) -> Tuple[float, int]:
        self.process.stdin.write(setting + "\n")
        self.process.stdin.flush()
        seconds, findings = self._line().split()
        return float(seconds), int(findings)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def checkout_of(spec: str, scratch: Path, worktrees: List[Path]) -> Path:
    """A folder as given, else a git revision checked out (detached) under `scratch`."""
    if Path(spec).is_dir():
        return Path(spec).resolve()
    folder = scratch / f"checkout-{len(worktrees)}"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(folder), spec],
                   check=True)
    worktrees.append(folder)
    return folder


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=PRE_PRECISION, help="folder or git revision (default: 5bf3636)")
    parser.add_argument("--head", default=str(ROOT), help="folder or git revision (default: this checkout)")
    parser.add_argument("--stdlib", type=Path, help="a CPython Lib folder (default: newest pyenv 3.x)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per checkout and setting (5)")
    args = parser.parse_args(argv)
    stdlib = args.stdlib or newest_pyenv_stdlib()
    worktrees: List[Path] = []
    with tempfile.TemporaryDirectory(prefix="detector_ab.") as temporary:
        scratch = Path(temporary)
        try:
            checkouts = {"base": checkout_of(args.base, scratch, worktrees),
                         "head": checkout_of(args.head, scratch, worktrees)}
            file_list = scratch / "files"
            file_list.write_text("\n".join(stdlib_files(stdlib)) + "\n")
            workers = {name: Worker(folder, file_list) for name, folder in checkouts.items()}
            best: Dict[Tuple[str, str], float] = {}
            found: Dict[Tuple[str, str], int] = {}
            for setting in SETTINGS:
                for _ in range(args.repeat):
                    for name, worker in workers.items():
                        seconds, findings = worker.round(setting)
                        best[name, setting] = min(best.get((name, setting), float("inf")), seconds)
                        found[name, setting] = findings
            for worker in workers.values():
                worker.close()
        finally:
            for folder in worktrees:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], check=False)
    files = workers["base"].files
    print(f"corpus: {stdlib} without test folders -> {files} files; check() CPU ms per file, "
          f"fastest of {args.repeat}, rounds interleaved")
    for name, folder in checkouts.items():
        print(f"  {name}: {getattr(args, name)} ({folder})")
    print("| setting | base ms/file | head ms/file | head / base | findings base | findings head |")
    print("|---|---|---|---|---|---|")
    for setting in SETTINGS:
        base, head = best["base", setting], best["head", setting]
        print(f"| {setting} | {base / files * 1000:.3f} | {head / files * 1000:.3f} | {head / base:.2f} | "
              f"{found['base', setting]} | {found['head', setting]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
