"""The front end against Python 2.7's own parser, over the 2.7 standard library.

For every file that 2.7 compiles: the same call sites (line, byte column, dotted callee) and the
same imports (`sites.py` says exactly what is compared and the two grammar differences it
accepts).  The bounded run takes every 12th file; the whole library is the `slow` run (and
`bench/py2_differential.py`).
"""

from __future__ import annotations

import pytest

from tests.integration.conftest import stdlib_dir, stdlib_files
from tests.py2.sites import compare_with_python27


def _check(python27, paths):
    result = compare_with_python27(python27, paths)
    print(f"\n2.7 stdlib: {len(paths)} files, {result.compiled} compiled by 2.7, {result.agreeing} agree "
          f"({dict(result.by_grammar)})")
    assert result.compiled > len(paths) * 0.9
    assert result.disagreeing == []
    assert result.agreeing == result.compiled
    return result


def test_every_12th_file_of_the_27_stdlib_agrees(python27):
    result = _check(python27, stdlib_files(stdlib_dir("2.7"))[::12])
    assert result.by_grammar["python2"] > 30  # the sample really exercises the Python 2 path


@pytest.mark.slow
def test_the_whole_27_stdlib_agrees(python27):
    result = _check(python27, stdlib_files(stdlib_dir("2.7")))
    assert result.compiled > 1300
