"""Golden before/after files: the codemod's output for tests/fixes/golden/X.py is golden/fixed/X.py.

Each input names its settings in one ``# OPTIONS[golden]: ...`` line (the rule-test format).  Files
are compared as bytes, so encodings (latin-1 cookie, BOM) and line endings (CRLF) are checked too.
Regenerate with ``pytest tests/fixes --regen-golden`` and review the diff.
"""

from dataclasses import replace
from pathlib import Path

import pytest

from noinherit_lint.fixes.files import encode, read_source
from noinherit_lint.registry import RULES, FixAvailability
from noinherit_lint.fixes.source import fix_source, fixable_findings, parse
from tests.rules.eval_files import parse_runs

GOLDEN = Path(__file__).parent / "golden"
INPUTS = sorted(GOLDEN.glob("*.py"))


def _settings(source_text):
    runs = parse_runs(source_text)
    assert list(runs) == ["golden"], "a golden input has exactly one OPTIONS[golden] line"
    return replace(runs["golden"], unsafe_fixes=True)  # every edit; which are made by default: tests/cli


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_golden(path, request):
    source = read_source(str(path))
    settings = _settings(source.text)
    result = fix_source(source.text, settings, str(path))
    assert result.not_fixed == []
    expected_path = GOLDEN / "fixed" / path.name
    output = encode(source, result.source)
    if request.config.getoption("--regen-golden"):
        expected_path.write_bytes(output)
    assert output == expected_path.read_bytes()
    assert result.changed, "a golden input must exercise at least one fix"

    # The fixed file is clean and a fixed point.
    again = fix_source(result.source, settings, str(path))
    assert not again.changed
    assert fixable_findings(parse(result.source, str(path)), result.source, settings) == []


FIXABLE = sorted(code for code, rule in RULES.items() if rule.fix is not FixAvailability.NEVER)


@pytest.fixture(scope="module")
def codes_fixed_by_the_golden_files():
    covered = set()
    for path in INPUTS:
        source = read_source(str(path))
        covered.update(f.code for f in fix_source(source.text, _settings(source.text)).fixed)
    return covered


@pytest.mark.parametrize("code", FIXABLE)
def test_every_fixable_code_has_a_golden_file(code, codes_fixed_by_the_golden_files):
    assert code in codes_fixed_by_the_golden_files, f"no golden file in {GOLDEN} exercises a {code} fix"


@pytest.mark.parametrize("code", sorted(set(RULES) - set(FIXABLE)))
def test_codes_without_a_fix_fix_nothing_in_the_golden_files(code, codes_fixed_by_the_golden_files):
    assert code not in codes_fixed_by_the_golden_files
