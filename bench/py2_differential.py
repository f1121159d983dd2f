"""The Python 2 front end against Python 2.7's own parser over the whole 2.7 standard library.

    python bench/py2_differential.py [--every N]

Prints how many of the files 2.7 compiles give the same call sites and imports (goal: all),
by the grammar they were read with, and every disagreement.  What is compared:
`tests/py2/sites.py`.  The test suite runs every 12th file (tests/py2/test_differential.py).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.integration.conftest import stdlib_dir, stdlib_files  # noqa: E402
from tests.py2.conftest import python27_path  # noqa: E402
from tests.py2.sites import compare_with_python27  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=1)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    python27 = python27_path()
    if python27 is None:
        raise SystemExit("py2_differential: no pyenv Python 2.7")
    paths = stdlib_files(stdlib_dir("2.7"))[::args.every]
    started = time.monotonic()
    result = compare_with_python27(str(python27), paths)
    print(f"2.7 stdlib: {len(paths)} files; {result.compiled} compiled by 2.7 ({len(paths) - result.compiled} "
          f"not, not compared); {result.agreeing} of {result.compiled} agree; read as "
          f"{dict(result.by_grammar)}; {time.monotonic() - started:.0f} s")
    for line in result.disagreeing:
        print("  " + line)
    return 0 if result.agreeing == result.compiled else 1


if __name__ == "__main__":
    raise SystemExit(main())
