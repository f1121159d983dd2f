"""Many SIGKILLs of `noinherit-fix` while it rewrites a copy of a CPython stdlib.

    .venv/bin/python bench/kill_sweep.py [--version 3.13] [--every 1] [--kills 50] [--per-round 5]

Each round copies the stdlib (tests excluded) afresh, kills the codemod's process group
`--per-round` times in a row at random moments (uniform over 70% of an uninterrupted run),
checks after every kill that each file is exactly old or exactly new, then lets one run finish and
checks the tree equals an uninterrupted run's result with no temporary file left.  Rounds
alternate between -j 1 and -j 2.  The CI test (tests/integration/test_reliability_interrupt.py)
does the same with a few kills on a sample.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.conftest import BIN, copy_tree, stdlib_dir, stdlib_files  # noqa: E402
from tests.integration.kill_run import KillStats, expected_after_fix, kill_round  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="3.13", help="pyenv stdlib to copy (default 3.13)")
    parser.add_argument("--every", type=int, default=1, help="take every Nth file (default: all)")
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--per-round", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lib = stdlib_dir(args.version)
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        pristine = Path(tmp) / "pristine"
        files = copy_tree(stdlib_files(lib, tests=False)[:: args.every], lib, pristine)
        totals = {}
        for jobs in ("1", "2"):
            command = [str(BIN / "noinherit-fix"), "--min-python", "2.7", "--scope", "always",
                       "-j", jobs]
            expected, took = expected_after_fix(command, pristine, Path(tmp) / f"reference-{jobs}")
            totals[jobs] = (command, expected, took, KillStats())
            print(f"-j {jobs}: uninterrupted run over {len(files)} files: {took:.1f} s", flush=True)
        done, round_number = 0, 0
        while done < args.kills:
            jobs = "12"[round_number % 2]
            command, expected, took, stats = totals[jobs]
            kills = min(args.per_round, args.kills - done)
            kill_round(command, pristine, Path(tmp) / "work", expected, kills, 0.7 * took, rng, stats)
            done += kills
            round_number += 1
            print(f"  round {round_number} (-j {jobs}): {kills} kills survived "
                  f"({done}/{args.kills})", flush=True)
    for jobs, (_command, _expected, _took, stats) in totals.items():
        print(f"-j {jobs}: {stats.kills} kills survived on {stats.files} files "
              f"({stats.rewritten} rewritten by a full run); {stats.kills_mid_write} kills left the "
              f"tree part old, part new; {stats.temp_files_seen} temporary files seen right after a "
              f"kill, 0 after the next run")
    print(f"all {args.kills} kills: every file old or new, next run completed the tree exactly "
          f"({time.monotonic() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
