"""Per-file cost of the Python 2 front end against the Python 3 path, measured in one run.

    python bench/py2_speed.py [--rounds 5] [--every N]

Corpus: the pyenv CPython 2.7 standard library's Python-2-only files (those `ast.parse` rejects
and the front end reads) and, for the Python 3 check, the 3.x standard library files this
interpreter parses.  Each file is timed in alternation, `--rounds` times, and the fastest time
of each path per file counts (CPU time; the machine is shared and noisy), so a ratio compares
the same files in the same minutes.

1. Python 2 files.  The *Python 3 path* is what a file of the same code written for Python 3
   costs: ``check(ast.parse(T))`` where T is the Python 3 text the rewrite produces (same lines,
   same nodes).  Against it:
   * ``flake8 plugin``: what the plugin adds after flake8's own ``ast.parse`` failed
     (`noinherit_lint.flake8_python2`): ``check(py2.parse(source))``;
   * ``noinherit-fix / check_source``: ``check(parsing.parse(source).tree)``, which first tries
     Python 3 (the failed ``ast.parse`` included).
2. Python 3 files: ``check(parsing.parse(source).tree)`` against ``check(ast.parse(source))``:
   the one entry point must cost nothing for them.

Goal: <= 1.5x for the Python 2 paths, 1.00x for Python 3 files.
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
import warnings
from pathlib import Path
from typing import Callable, Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from noinherit_lint import parsing, py2  # noqa: E402
from noinherit_lint.checker import check  # noqa: E402
from noinherit_lint.fixes.files import FileError, read_source  # noqa: E402
from noinherit_lint.py2 import rewrite, scan  # noqa: E402
from noinherit_lint.settings import Settings  # noqa: E402
from tests.integration.conftest import stdlib_dir, stdlib_files  # noqa: E402

SETTINGS = Settings(min_python=(2, 7), min_python_source="bench", scope="always")


def _texts(version: str, every: int) -> List[str]:
    texts = []
    for path in stdlib_files(stdlib_dir(version))[::every]:
        try:
            texts.append(read_source(str(path)).text)
        except FileError:
            pass
    return texts


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def _python2_corpus(every: int) -> List[str]:
    found = []
    for text in _texts("2.7", every):
        if _parses(text):
            continue
        try:
            parsing.parse(text)
        except parsing.Unparsable:
            continue
        found.append(text)
    return found


def _python3_equivalent(text: str) -> str:
    """The Python 3 text the front end parses for `text` (with tabs expanded if it needs that)."""
    plan = scan.scan(text)
    candidate = rewrite.apply(text, plan.edits, plan.markers).text
    if _parses(candidate):
        return candidate
    edits = sorted(plan.edits + scan.tab_edits(text), key=lambda e: (e.start, e.length))
    return rewrite.apply(text, edits, plan.markers).text


def timed(paths: Dict[str, Callable[[str], object]], inputs: Dict[str, List[str]], rounds: int) -> Dict[str, float]:
    """Total over the files of the fastest of `rounds` CPU times per file, in ms per file."""
    names = list(paths)
    count = len(next(iter(inputs.values())))
    best = {name: [float("inf")] * count for name in names}
    clock = time.process_time
    for round_ in range(rounds):
        order = names if round_ % 2 == 0 else names[::-1]
        for index in range(count):
            for name in order:
                function, argument = paths[name], inputs[name][index]
                started = clock()
                function(argument)
                took = clock() - started
                if took < best[name][index]:
                    best[name][index] = took
    return {name: sum(times) / count * 1000 for name, times in best.items()}


def print_table(result: Dict[str, float], base_name: str, digits: int) -> None:
    base = result[base_name]
    print("| path | ms per file | ratio |")
    print("|---|---|---|")
    for name, value in result.items():
        print(f"| {name} | {value:.2f} | {value / base:.{digits}f}x |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--every", type=int, default=1, help="take every Nth file (1: all)")
    parser.add_argument("--python3-stdlib", default="3.11", help="pyenv version of the 3.x corpus")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")

    sources = _python2_corpus(args.every)
    equivalents = [_python3_equivalent(text) for text in sources]
    lines = sum(text.count("\n") for text in sources)
    print(f"Python 2 corpus: {len(sources)} Python-2-only files of the 2.7 stdlib ({lines} lines), "
          f"{args.rounds} rounds", flush=True)
    result = timed(
        {
            "python 3 path": lambda text: check(ast.parse(text), SETTINGS),
            "flake8 plugin": lambda text: check(py2.parse(text), SETTINGS),
            "check_source": lambda text: check(parsing.parse(text).tree, SETTINGS),
        },
        {"python 3 path": equivalents, "flake8 plugin": sources, "check_source": sources},
        args.rounds,
    )
    print_table(result, "python 3 path", digits=2)

    python3 = [text for text in _texts(args.python3_stdlib, args.every) if _parses(text)]
    print(f"\nPython 3 corpus: {len(python3)} files of the {args.python3_stdlib} stdlib", flush=True)
    result = timed(
        {
            "ast.parse + check": lambda text: check(ast.parse(text), SETTINGS),
            "parsing.parse + check": lambda text: check(parsing.parse(text).tree, SETTINGS),
        },
        {"ast.parse + check": python3, "parsing.parse + check": python3},
        args.rounds,
    )
    print_table(result, "ast.parse + check", digits=3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
