"""The one place that converts source positions between ast units and libcst units.

`ast` columns (and therefore `Finding.span`) are 0-based offsets in the line's **UTF-8 bytes**;
libcst's `PositionProvider` columns are 0-based offsets in **characters** (code points).  Lines are
1-based in both and split by `noinherit_lint.lines.split_lines`.
"""

from __future__ import annotations

from typing import Tuple

from noinherit_lint.findings import Span
from noinherit_lint.lines import split_lines

CharSpan = Tuple[Tuple[int, int], Tuple[int, int]]
"""((line, char column), (end line, end char column)): what libcst's CodeRange holds."""


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

    def to_chars(self, span: Span) -> CharSpan:
        return (
            (span.line, self.char_column(span.line, span.col)),
            (span.end_line, self.char_column(span.end_line, span.end_col)),
        )


class TextOffsets:
    """Character offsets of ast positions (line, byte column) in one source text."""

    def __init__(self, source: str) -> None:
        self.lines = split_lines(source)
        self.columns = LineColumns(source)
        self.line_starts = [0]
        for line in self.lines:
            self.line_starts.append(self.line_starts[-1] + len(line))

    def offset(self, line: int, byte_column: int) -> int:
        return self.line_starts[line - 1] + self.columns.char_column(line, byte_column)
