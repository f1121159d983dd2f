"""ruff's ``--output-format json`` shape, so that tools reading ruff's read this: a list of
findings, each with code, message (without the code), filename, location and end_location
(row, column: flake8's 1-based byte column), fix (its applicability, or null), noqa_row, url.

A result that is an error (a folder that cannot be listed, a file's bad settings) is an entry in
the same list with ``"code": "error"`` and the error as its message, at row 1, column 1, with
``fix``, ``noqa_row`` and ``url`` null: the shape ruff (0.17) gives an error that is no rule's
(``"code": "invalid-syntax"``), so a reader of ruff's JSON shows it with the findings."""

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


ERROR_CODE = "error"  # the code of an entry that is an error, not a finding


def error_object(path: str, error: str) -> dict:
    return {
        "code": ERROR_CODE,
        "message": error,
        "filename": path,
        "location": {"row": 1, "column": 1},
        "end_location": {"row": 1, "column": 1},
        "fix": None,
        "noqa_row": None,
        "url": None,
    }


def render(results: Sequence) -> str:
    objects = []
    for result in results:
        if result.error:
            objects.append(error_object(result.path, result.error))
        objects.extend(finding_object(result.path, finding) for finding in result.findings)
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
