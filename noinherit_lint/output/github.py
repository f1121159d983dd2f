"""GitHub Actions workflow commands: each finding an ``::error`` annotation on its line.

Values are escaped as the runner expects (``%``, CR, LF in the message; also ``:`` and ``,`` in
properties; actions/toolkit's ``command.ts``); the column is flake8's."""

from __future__ import annotations

from typing import Sequence


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def line(path: str, finding) -> str:
    properties = ",".join(f"{name}={_property(str(value))}" for name, value in (
        ("title", f"noinherit-lint ({finding.code})"), ("file", path), ("line", finding.line),
        ("col", finding.col + 1), ("endLine", finding.end_line), ("endColumn", finding.end_col + 1)))
    return f"::error {properties}::{_data(f'{path}:{finding.line}:{finding.col + 1}: {finding.message}')}"


def render(results: Sequence) -> str:
    return "".join(line(result.path, finding) + "\n" for result in results for finding in result.findings)
