"""Where a column of the rewritten text was in the original, for the few lines whose length changed.

Lines never change (every edit stays on its line); columns are UTF-8 byte columns, as in `ast`.
Each edit on a line is ``(new_col, new_len, old_col, old_len)``.  A position inside or at the
edge of an edit maps to the edge of the original text that keeps the node whole:

* a node that *starts* in the new text of an edit starts where the old text started
  (``ur'x'`` -> ``r'x'``: the string still starts at the ``u``);
* a node that *ends* in it, or right after a deleted suffix, ends where the old text ended
  (``10L`` -> ``10``: the number still ends after the ``L``).
"""

from __future__ import annotations

from typing import Dict, List, Tuple

LineEdit = Tuple[int, int, int, int]  # (new_col, new_len, old_col, old_len)


class ColumnMap:
    def __init__(self) -> None:
        self.lines: Dict[int, List[LineEdit]] = {}

    def __bool__(self) -> bool:
        return bool(self.lines)

    def add(self, line: int, new_col: int, new_len: int, old_col: int, old_len: int) -> None:
        """Record an edit; edits of one line must be added left to right."""
        self.lines.setdefault(line, []).append((new_col, new_len, old_col, old_len))

    def start(self, line: int, col: int) -> int:
        """The original column of a node that starts at `col` of the rewritten `line`."""
        return self._original(line, col, is_end=False)

    def end(self, line: int, col: int) -> int:
        """The original column of a node that ends (exclusive) at `col` of the rewritten `line`."""
        return self._original(line, col, is_end=True)

    def _original(self, line: int, col: int, is_end: bool) -> int:
        edits = self.lines.get(line)
        if not edits:
            return col
        delta = 0  # what the edits left of `col` changed
        for new_col, new_len, old_col, old_len in edits:
            if col < new_col:
                break
            if col == new_col:  # at the edge: a start keeps the old text, an end keeps a deleted suffix
                return old_col + old_len if is_end and not new_len else old_col
            if col < new_col + new_len or (is_end and col == new_col + new_len):
                return old_col + old_len if is_end else old_col
            delta = old_col + old_len - new_col - new_len
        return col + delta
