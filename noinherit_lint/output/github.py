"""GitHub Actions workflow commands: each finding an ``::error`` annotation on its line.

Values are escaped as the runner expects (``%``, CR, LF in the message; also ``:`` and ``,`` in
properties; actions/toolkit's ``command.ts``); the other control characters (ESC, ...) and
bidirectional overrides of a file name or message are escaped as the text output shows them
(`escape.display`), so that they cannot drive the terminal of a log viewer.  The column is flake8's.
A result that is an error (a folder that cannot be listed, a file's bad settings) is one ``::error``
on its file, without a line."""

from __future__ import annotations

from typing import Sequence

from noinherit_lint.escape import display_but_line_breaks


def _data(text: str) -> str:
    return display_but_line_breaks(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def line(path: str, finding) -> str:
    properties = ",".join(f"{name}={_property(str(value))}" for name, value in (
        ("title", f"noinherit-lint ({finding.code})"), ("file", path), ("line", finding.line),
        ("col", finding.col + 1), ("endLine", finding.end_line), ("endColumn", finding.end_col + 1)))
    return f"::error {properties}::{_data(f'{path}:{finding.line}:{finding.col + 1}: {finding.message}')}"


def error_line(path: str, error: str) -> str:
    properties = ",".join(f"{name}={_property(value)}" for name, value in (
        ("title", "noinherit-lint (error)"), ("file", path)))
    return f"::error {properties}::{_data(f'{path}: {error}')}"


def render(results: Sequence) -> str:
    lines = []
    for result in results:
        if result.error:
            lines.append(error_line(result.path, result.error))
        lines.extend(line(result.path, finding) for finding in result.findings)
    return "".join(text + "\n" for text in lines)
