"""Many Ctrl-Cs and kills of `noinherit-fix` mid-run: does one signal always stop it cleanly?

    .venv/bin/python bench/signal_sweep.py [--tries 46] [--seed N]

Each try writes 300 leaky modules, starts the codemod, and after 1-12 reported rewrites sends
one of: Ctrl-C to the process group with -j 2 (the audit's case: 5 of 46 hung), the same twice
50 ms apart, SIGTERM to the main process with -j 2, Ctrl-C with -j 1.  A try fails for any of
`tests/integration/stop_run.problems`: not stopped within 10 s, a traceback, an unreported
change, a change after the exit, a worker left, ...  The CI test
(tests/integration/test_reliability_signals.py) makes 14 such stops.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.conftest import BIN  # noqa: E402
from tests.integration.stop_run import problems, stop_once  # noqa: E402

KINDS = {  # name: (jobs, signal, to the whole group, twice)
    "ctrl-c -j 2": ("2", signal.SIGINT, True, False),
    "ctrl-c twice -j 2": ("2", signal.SIGINT, True, True),
    "kill -j 2": ("2", signal.SIGTERM, False, False),
    "ctrl-c -j 1": ("1", signal.SIGINT, True, False),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=46, help="stops of each kind (default 46)")
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    command = [str(BIN / "noinherit-fix")]
    print("| stop | tries | clean | slowest stop | problems |")
    print("|---|---|---|---|---|")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, (jobs, signum, whole_group, twice) in KINDS.items():
            seen: Counter = Counter()
            clean, slowest = 0, 0.0
            for attempt in range(args.tries):
                folder = Path(tmp) / f"{name.replace(' ', '_')}-{attempt}"
                stop = stop_once(command, folder, jobs, signum, whole_group, rng.randint(1, 12), twice)
                found = problems(stop)
                seen.update(problem.split(":")[0] for problem in found)
                clean += not found
                slowest = max(slowest, stop.took)
            failed += args.tries - clean
            print(f"| {name} | {args.tries} | {clean} | {slowest:.2f} s | "
                  f"{', '.join(f'{p} x{n}' for p, n in seen.items()) or 'none'} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
