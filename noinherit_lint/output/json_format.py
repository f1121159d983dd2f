"""ruff's ``--output-format json`` shape, so that tools reading ruff's read this: a list of
findings, each with code, message (without the code), filename, location and end_location
(row, column: flake8's 1-based byte column), fix (its applicability, or null), noqa_row, url."""

from __future__ import annotations

import json
from typing import Sequence

from noinherit_lint.output.urls import rule_url


def finding_object(path: str, finding) -> dict:
    return {
        "code": finding.code,
        "message": finding.text,
        "filename": path,
        "location": {"row": finding.line, "column": finding.col + 1},
        "end_location": {"row": finding.end_line, "column": finding.end_col + 1},
        "fix": None if finding.fix is None else {"applicability": finding.fix},
        "noqa_row": finding.line,
        "url": rule_url(finding.code),
    }


def render(results: Sequence) -> str:
    objects = [finding_object(result.path, finding) for result in results for finding in result.findings]
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
