"""Fuzzing with hypothesmith (bounded for CI; `bench/fuzz_sweep.py` runs >= 1,000 programs).

1. `check()` never raises on grammar-generated (`from_grammar`) or libcst-generated (`from_node`)
   programs, under every settings combination the rules branch on.
2. The codemod, on generated programs that contain leaky calls (`leaky_programs.leaky_modules`),
   either leaves the source unchanged (nothing fixable, or a reported refusal) or produces source
   that parses, has no fixable finding left, and is left unchanged by a second run.
"""

from __future__ import annotations

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from noinherit_lint.checker import check
from tests.integration.leaky_programs import SETTINGS, check_fix_property, leaky_modules, parses

pytestmark = [pytest.mark.slow,
              pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")]

FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))


def _check_all_settings(source):
    tree = parses(source)
    if tree is None:  # hypothesmith's grammar admits a few programs the compiler rejects
        return
    for nih_settings in SETTINGS:
        for finding in check(tree, nih_settings):
            assert finding.code.startswith("NIH") and finding.message.startswith(finding.code)
            assert finding.line >= 1 and finding.col >= 0


@FUZZ
@given(hypothesmith.from_grammar())
def test_check_never_raises_on_grammar_programs(source):
    _check_all_settings(source)


@settings(FUZZ, max_examples=40)
@given(hypothesmith.from_node())
def test_check_never_raises_on_libcst_generated_programs(source):
    _check_all_settings(source)


@FUZZ
@given(leaky_modules(splice=False), st.sampled_from(SETTINGS))
def test_codemod_on_leaky_programs_fixes_everything_or_nothing(source, nih_settings):
    if parses(source) is None:
        return
    check_fix_property(source, nih_settings)


@settings(FUZZ, max_examples=30)
@given(leaky_modules(splice=True), st.sampled_from(SETTINGS))
def test_codemod_on_leaky_calls_spliced_into_generated_programs(source, nih_settings):
    if parses(source) is None:
        return
    check_fix_property(source, nih_settings)
