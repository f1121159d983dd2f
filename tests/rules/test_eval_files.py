"""Every annotated example file in tests/rules/data, under each of its OPTIONS runs."""

import ast

import pytest

from noinherit_lint.checker import check
from tests.rules.eval_files import example_files, expected_findings, parse_runs

CASES = [
    pytest.param(path, run, id=f"{path.name}[{run}]")
    for path in example_files()
    for run in parse_runs(path.read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("path, run", CASES)
def test_example_file(path, run):
    source = path.read_text(encoding="utf-8")
    settings = parse_runs(source)[run]
    found = {(f.line, f.col, f.code) for f in check(ast.parse(source), settings)}
    assert sorted(found) == sorted(expected_findings(source, run))
