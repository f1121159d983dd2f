"""Every annotated example file in tests/rules/data, under each of its OPTIONS runs: exactly the
expected findings (code, line, byte column), and each quoted text in its finding's message."""

import ast

import pytest

from noinherit_lint.checker import check
from tests.rules.eval_files import example_files, expectations, expected_findings, parse_runs

CASES = [
    pytest.param(path, run, id=f"{path.name}[{run}]")
    for path in example_files()
    for run in parse_runs(path.read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("path, run", CASES)
def test_example_file(path, run):
    source = path.read_text(encoding="utf-8")
    settings = parse_runs(source)[run]
    findings = check(ast.parse(source), settings)
    found = {(f.line, f.col, f.code) for f in findings}
    assert sorted(found) == sorted(expected_findings(source, run))
    messages = {(f.line, f.col, f.code): f.message for f in findings}
    for expected in expectations(source):
        if expected.message is not None and expected.applies_to(run):
            message = messages[expected.line, expected.col, expected.code]
            assert expected.message in message, f"line {expected.line}: {message!r}"
