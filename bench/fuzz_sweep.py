"""Long fuzz sweep: hypothesmith programs through check() and the codemod.

    .venv/bin/python bench/fuzz_sweep.py [--grammar N] [--node N] [--leaky N] [--spliced N] [--seed S]

Counts: programs generated, parseable, checked without exception; for the leaky programs, how many
had fixable findings, how many the codemod changed, refused (one-line reason), or reported as
partly not fixed.  Any property violation stops the sweep with the failing program (hypothesis
shrinks it).  The CI test (tests/integration/test_reliability_fuzz.py) runs a bounded sample of
the same properties.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hypothesmith  # noqa: E402
from hypothesis import HealthCheck, given, seed, settings, strategies as st  # noqa: E402

from noinherit_lint.checker import check  # noqa: E402
from tests.integration.leaky_programs import (  # noqa: E402
    SETTINGS, check_fix_property, leaky_modules, parses,
)

COUNTS = collections.Counter()


def _settings(n: int):
    return settings(max_examples=n, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def check_sweep(strategy, n: int, label: str, seed_value: int) -> None:
    @seed(seed_value)
    @_settings(n)
    @given(strategy)
    def run(source):
        COUNTS[f"{label}: generated"] += 1
        tree = parses(source)
        if tree is None:
            return
        COUNTS[f"{label}: parseable"] += 1
        for nih_settings in SETTINGS:
            findings = check(tree, nih_settings)
        COUNTS[f"{label}: checked without exception (x{len(SETTINGS)} settings)"] += 1
        COUNTS[f"{label}: with findings (min-python 3.8)"] += bool(findings)

    run()


def fix_sweep(n: int, splice: bool, label: str, seed_value: int) -> None:
    @seed(seed_value)
    @_settings(n)
    @given(leaky_modules(splice=splice), st.sampled_from(SETTINGS))
    def run(source, nih_settings):
        COUNTS[f"{label}: generated"] += 1
        if parses(source) is None:
            return
        COUNTS[f"{label}: parseable"] += 1
        outcome = check_fix_property(source, nih_settings)
        COUNTS[f"{label}: property held"] += 1
        COUNTS[f"{label}: had fixable findings"] += outcome.fixable_before > 0
        COUNTS[f"{label}: fixable findings total"] += outcome.fixable_before
        COUNTS[f"{label}: changed by the codemod"] += outcome.changed
        COUNTS[f"{label}: refused (one-line reason)"] += outcome.refused is not None
        COUNTS[f"{label}: with fixes reported as not applied"] += outcome.not_fixed > 0
        if outcome.refused:
            COUNTS[f"{label}: refusal: {outcome.refused.split('(')[0].strip()}"] += 1

    run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grammar", type=int, default=600, help="from_grammar() programs for check()")
    parser.add_argument("--node", type=int, default=200, help="from_node() programs for check()")
    parser.add_argument("--leaky", type=int, default=1000, help="leaky-grammar programs for the codemod")
    parser.add_argument("--spliced", type=int, default=600,
                        help="leaky calls spliced into from_grammar() programs, for the codemod")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    start = time.monotonic()
    check_sweep(hypothesmith.from_grammar(), args.grammar, "from_grammar", args.seed)
    check_sweep(hypothesmith.from_node(), args.node, "from_node", args.seed)
    fix_sweep(args.leaky, False, "leaky", args.seed)
    fix_sweep(args.spliced, True, "leaky+from_grammar", args.seed)
    for key in sorted(COUNTS):
        print(f"{COUNTS[key]:7d}  {key}")
    total = sum(v for k, v in COUNTS.items() if k.endswith(": generated"))
    print(f"{total} programs generated in {time.monotonic() - start:.0f} s; every property held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
