"""The codemod over every annotated example file of the rule tests (tests/rules/data), per run.

After the fix the rules report no fixable finding; a second run changes nothing; and in the noqa
variant (every expectation comment replaced by ``# noqa``) nothing changes at all.
"""

from dataclasses import replace

import pytest

from noinherit_lint.fixes.source import fix_source, fixable_findings, parse
from tests.rules.eval_files import EXPECTATION_COMMENT, example_files, parse_runs

CASES = [
    pytest.param(path, run, id=f"{path.name}[{run}]")
    for path in example_files()
    for run in parse_runs(path.read_text(encoding="utf-8"))
]


def noqa_variant(source: str) -> str:
    return "\n".join(EXPECTATION_COMMENT.sub("# noqa", line) for line in source.split("\n"))


@pytest.mark.parametrize("path, run", CASES)
def test_safe_fixes_alone_leave_only_unsafe_fixes_and_are_idempotent(path, run):
    source = path.read_text(encoding="utf-8")
    settings = parse_runs(source)[run]
    first = fix_source(source, settings, str(path))
    assert first.not_fixed == [] and all(f.fix.is_safe for f in first.fixed)
    left = fixable_findings(parse(first.source, str(path)), first.source, settings)
    assert [f for f in left if f.fix.is_safe] == []
    assert {(f.code, f.fix.text) for f in left} == {(f.code, f.fix.text) for f in first.held_back}
    assert fix_source(first.source, settings, str(path)).changed is False


@pytest.mark.parametrize("path, run", CASES)
def test_fix_leaves_no_fixable_finding_and_is_idempotent(path, run):
    source = path.read_text(encoding="utf-8")
    settings = replace(parse_runs(source)[run], unsafe_fixes=True)
    first = fix_source(source, settings, str(path))
    assert first.not_fixed == []
    assert fixable_findings(parse(first.source, str(path)), first.source, settings) == []
    second = fix_source(first.source, settings, str(path))
    assert not second.changed and second.source == first.source


@pytest.mark.parametrize("path, run", CASES)
def test_noqa_variant_changes_nothing(path, run):
    source = noqa_variant(path.read_text(encoding="utf-8"))
    settings = replace(parse_runs(source)[run], unsafe_fixes=True)
    result = fix_source(source, settings, str(path))
    assert not result.changed and result.source == source


def test_the_examples_exercise_the_fixer():
    changed = 0
    for path in example_files():
        source = path.read_text(encoding="utf-8")
        for settings in parse_runs(source).values():
            changed += fix_source(source, replace(settings, unsafe_fixes=True), str(path)).changed
    assert changed >= 10
