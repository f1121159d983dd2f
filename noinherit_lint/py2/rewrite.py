"""Apply the edits of a scan: the Python 3 text, its column map and where the markers ended up."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Dict, List, Sequence, Tuple

from noinherit_lint.py2.columns import ColumnMap
from noinherit_lint.py2.scan import Edit

_LINE_BREAK = re.compile(r"\r\n?|\n")


@dataclass
class Rewritten:
    text: str
    columns: ColumnMap
    # (line, byte column in the rewritten text) of each marker keyword -> "print" / "exec"
    markers: Dict[Tuple[int, int], str] = field(default_factory=dict)


class LineIndex:
    """Line number and line start of an offset; offsets must be asked for in increasing order
    when the text has only ``\\n`` / ``\\r\\n`` line breaks (the common, cheap case)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = None
        if "\r" in text and re.search(r"\r(?!\n)", text):  # old Mac line breaks: a table
            self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self._offset = 0
        self._line = 1

    def locate(self, offset: int) -> Tuple[int, int]:
        """(1-based line, offset of its first character)."""
        if self._starts is not None:
            index = bisect_right(self._starts, offset) - 1
            return index + 1, self._starts[index]
        self._line += self.text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line, self.text.rfind("\n", 0, offset) + 1


def byte_length(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def apply(text: str, edits: Sequence[Edit], markers: Dict[int, str]) -> Rewritten:
    """`edits` sorted by offset and not overlapping; `markers` maps offsets of marker keywords."""
    pieces: List[str] = []
    columns = ColumnMap()
    placed: Dict[Tuple[int, int], str] = {}
    lines = LineIndex(text)
    pending = sorted(markers)
    next_marker = 0
    done = 0
    current_line, delta = 0, 0  # the bytes that earlier edits of the current line added

    def locate(offset: int) -> Tuple[int, int]:
        nonlocal current_line, delta
        line, line_start = lines.locate(offset)
        if line != current_line:
            current_line, delta = line, 0
        return line, byte_length(text[line_start:offset])

    for edit in edits:
        if edit.start < done:
            continue  # overlapping edits do not happen; if they did, the first one wins
        while next_marker < len(pending) and pending[next_marker] <= edit.start:
            offset = pending[next_marker]
            line, old_col = locate(offset)
            placed[(line, old_col + delta)] = markers[offset]
            next_marker += 1
        pieces.append(text[done:edit.start])
        pieces.append(edit.text)
        done = edit.start + edit.length
        if len(edit.text) != edit.length:
            line, old_col = locate(edit.start)
            columns.add(line, old_col + delta, len(edit.text), old_col, edit.length)
            delta += len(edit.text) - edit.length
    for offset in pending[next_marker:]:
        line, old_col = locate(offset)
        placed[(line, old_col + delta)] = markers[offset]
    pieces.append(text[done:])
    return Rewritten("".join(pieces), columns, placed)
