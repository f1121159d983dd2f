"""Which cases of a parametrized test the fast loop (`pytest -m "not slow"`) runs.

A test with many similar cases (settings, broken files, interpreters) keeps a few representative
ones in the fast loop; the others are marked `slow` and run in the full suite (CI), so every case
is still checked there.
"""

import pytest


def fast_subset(values, fast):
    """`values` for @pytest.mark.parametrize, each one not in `fast` marked slow.

    Every name in `fast` must be one of `values`, so a renamed case cannot silently leave the
    fast loop."""
    values = list(values)
    unknown = set(fast) - set(values)
    assert not unknown, "fast cases that are not cases: %s" % sorted(unknown)
    return [value if value in fast else pytest.param(value, marks=pytest.mark.slow) for value in values]
