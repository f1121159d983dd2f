"""The one place that converts source positions between ast units and libcst units.

`ast` columns (and therefore `Finding.span`) are 0-based offsets in the line's **UTF-8 bytes**;
libcst's `PositionProvider` columns are 0-based offsets in **characters** (code points).  Lines are
1-based in both and split the way the tokenizer splits them (``\\r\\n``, ``\\r`` or ``\\n``; a form
feed or ``\\u2028`` does not end a line).
"""

from __future__ import annotations

import re
from typing import List, Tuple

from noinherit_lint.findings import Span

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")

CharSpan = Tuple[Tuple[int, int], Tuple[int, int]]
"""((line, char column), (end line, end char column)): what libcst's CodeRange holds."""


def split_lines(source: str) -> List[str]:
    """The physical lines of `source` (with their endings), as the tokenizer counts them."""
    lines = _LINE.findall(source)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class LineColumns:
    """Converts byte columns to character columns for the lines of one source text."""

    def __init__(self, source: str) -> None:
        self._lines = split_lines(source)

    def char_column(self, line: int, byte_column: int) -> int:
        if not 0 < line <= len(self._lines):
            return byte_column  # past the end (e.g. an empty last line): nothing to convert
        text = self._lines[line - 1]
        if text.isascii():
            return byte_column
        return len(text.encode("utf-8")[:byte_column].decode("utf-8", errors="strict"))

    def byte_column(self, line: int, char_column: int) -> int:
        if not 0 < line <= len(self._lines):
            return char_column
        return len(self._lines[line - 1][:char_column].encode("utf-8"))

    def to_chars(self, span: Span) -> CharSpan:
        return (
            (span.line, self.char_column(span.line, span.col)),
            (span.end_line, self.char_column(span.end_line, span.end_col)),
        )
