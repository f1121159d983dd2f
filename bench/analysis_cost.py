"""What the issue-10 analyses cost per file, next to what the detector costs now.

    .venv/bin/python bench/analysis_cost.py [--stdlib DIR] [--repeat N]

Over a CPython stdlib without its test folders (default: the newest pyenv 3.x ``Lib``, like
``bench/lint_speed.py``), parsed beforehand, in one process, fastest of `--repeat` rounds, CPU
time (``time.process_time``):

1. ``check()`` as the plugin runs it, with the defaults the plugin sees on a project without
   settings (min-python 2.7 assumed, scope ``module``) and with ``--nih-scope always``;
2. the analyses as phase B plans to call them: for every finding of that ``check()``, the
   questions its rule will ask (NIH1xx: child context, std-stream creation, closes-all, cloexec-
   after, lifetime; NIH201: child context, std-stream target; NIH303/401: the thread facts),
   with a fresh `ModuleIndex` per file (what a real run pays), plus the binding extension on every
   file (it runs before the rules look at calls);
3. each analysis alone, summed over the same findings, to show where the time goes.

Prints ms per file for each and the ratio analyses / check.  The plugin must stay as cheap as it
is now: the analyses run only where a rule already has a finding, so files without one pay only
the binding pass.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Callable, Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from lint_speed import TEST_DIRS, newest_pyenv_stdlib  # noqa: E402

from noinherit_lint import fork_child as child_context, names as bindings  # noqa: E402
from noinherit_lint.analysis import closes_all, cloexec, lifetime, std_streams, threads  # noqa: E402
from noinherit_lint.analysis.index import ModuleIndex  # noqa: E402
from noinherit_lint.checker import check  # noqa: E402
from noinherit_lint.registry import star_exports  # noqa: E402
from noinherit_lint.names import ModuleNames  # noqa: E402
from noinherit_lint.settings import Settings  # noqa: E402

DEFAULT = Settings()
ALWAYS = Settings(scope="always")


def load(stdlib: Path) -> List[ast.Module]:
    trees = []
    for dirpath, dirnames, filenames in os.walk(stdlib):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "__pycache__") + TEST_DIRS)
        for name in sorted(filenames):
            if name.endswith(".py"):
                try:
                    trees.append(ast.parse(Path(dirpath, name).read_bytes()))
                except (SyntaxError, ValueError):
                    pass
    return trees


def calls_by_position(tree: ast.Module) -> Dict[Tuple[int, int], ast.Call]:
    return {(n.lineno, n.col_offset): n for n in ast.walk(tree) if isinstance(n, ast.Call)}


Question = Callable[[ModuleIndex, ast.Call], object]
NIH1_QUESTIONS: Dict[str, Question] = {
    "child_context": lambda ix, call: child_context.in_child(ix, call),
    "std_streams": lambda ix, call: std_streams.creates_std_fd(ix, call),
    "closes_all": lambda ix, call: closes_all.every_spawn_closes_all(ix),
    "cloexec": lambda ix, call: cloexec.cloexec_after(ix, call),
    "lifetime": lambda ix, call: lifetime.classify(ix, call),
}
NIH201_QUESTIONS: Dict[str, Question] = {
    "child_context": lambda ix, call: child_context.in_child(ix, call),
    "std_streams": lambda ix, call: len(call.args) > 1 and std_streams.is_std_fd(ix, call.args[1], call),
}
THREAD_QUESTIONS: Dict[str, Question] = {"threads": lambda ix, call: threads.thread_facts(ix).threads_spawn}


def questions_for(code: str) -> Dict[str, Question]:
    if code.startswith("NIH1"):
        return NIH1_QUESTIONS
    if code == "NIH201":
        return NIH201_QUESTIONS
    if code in ("NIH303", "NIH401"):
        return THREAD_QUESTIONS
    return {}


def timed(function: Callable[[], None], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        function()
        best = min(best, time.process_time() - started)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stdlib", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    stdlib = args.stdlib or newest_pyenv_stdlib()
    trees = load(stdlib)
    files = len(trees)
    work = []  # (tree, [(call, code)]) for the scope=always findings
    for tree in trees:
        positions = calls_by_position(tree)
        found = [(positions[(f.line, f.col)], f.code) for f in check(tree, ALWAYS)
                 if (f.line, f.col) in positions]
        work.append((tree, found))
    findings = sum(len(found) for _, found in work)

    def run_check(settings: Settings) -> Callable[[], None]:
        return lambda: [check(tree, settings) for tree in trees]

    def analyses_cost(only: str = "") -> float:
        """CPU seconds of the analyses (ModuleNames is built outside the timed part: the checker
        builds it anyway), fastest of the rounds."""
        best = float("inf")
        for _ in range(args.repeat):
            prepared = [(tree, ModuleNames(tree, star_exports()), found) for tree, found in work]
            started = time.process_time()
            for tree, names, found in prepared:
                if not only or only == "bindings":
                    bindings.extend_module_bindings(names, tree)
                if only == "bindings":
                    continue
                index = ModuleIndex(tree, names)
                for call, code in found:
                    for name, question in questions_for(code).items():
                        if not only or only == name:
                            question(index, call)
            best = min(best, time.process_time() - started)
        return best

    check_default = timed(run_check(DEFAULT), args.repeat)
    check_always = timed(run_check(ALWAYS), args.repeat)
    every = analyses_cost()
    print(f"corpus: {stdlib} -> {files} files, {findings} findings with --nih-scope always (min-python 2.7)")
    print(f"CPU ms per file, fastest of {args.repeat}:\n")
    print("| what | ms/file | / check() default |\n|---|---|---|")
    print(f"| check(), plugin defaults (scope module) | {check_default / files * 1000:.3f} | 1.00 |")
    print(f"| check(), --nih-scope always | {check_always / files * 1000:.3f} | {check_always / check_default:.2f} |")
    print(f"| all analyses for those findings (+ bindings on every file) | {every / files * 1000:.3f} | "
          f"{every / check_default:.2f} |")
    parts = ["bindings"] + sorted(set(NIH1_QUESTIONS) | set(NIH201_QUESTIONS) | set(THREAD_QUESTIONS))
    for part in parts:
        cost = analyses_cost(part)
        print(f"| {part} alone | {cost / files * 1000:.3f} | {cost / check_default:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
