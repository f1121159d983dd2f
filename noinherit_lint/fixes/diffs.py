"""The unified diffs `noinherit-fix --diff` prints: what a run makes, then what it holds back.

The first diff of a file is what a run with the same options would write (``--diff | patch -p0``
makes exactly those changes).  When unsafe fixes are held back (no ``--unsafe-fixes``), a second
diff follows, from that text to the text with the unsafe fixes too; its header lines are marked
(``+++ path<TAB>(with --unsafe-fixes: NIH101, NIH102)``, a label after a tab, where
diff puts a timestamp) and so is every hunk (``@@ -3 +3 @@ unsafe``), so that a reader, and a
tool that splits the output by file, can tell the two apart.
"""

from __future__ import annotations

import difflib
from typing import Iterable

from noinherit_lint.lines import split_lines


def unified_diff(path: str, old: str, new: str, *, from_label: str = "", to_label: str = "",
                 hunk_label: str = "") -> str:
    """A unified diff of `old` -> `new` with `path` on both header lines; a line without an end
    gets diff's ``\\ No newline at end of file``."""
    lines = difflib.unified_diff(
        split_lines(old), split_lines(new),
        fromfile=path, tofile=path, fromfiledate=from_label, tofiledate=to_label,
    )
    out = []
    for line in lines:
        if hunk_label and line.startswith("@@ ") and line.endswith(" @@\n"):
            line = f"{line[:-1]} {hunk_label}\n"
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def unsafe_diff(path: str, made: str, with_unsafe: str, codes: Iterable[str]) -> str:
    """The second diff: from the text with the fixes made to the text with the held-back ones too."""
    listed = ", ".join(sorted(set(codes)))
    return unified_diff(path, made, with_unsafe, from_label="(safe fixes only)",
                        to_label=f"(with --unsafe-fixes: {listed})", hunk_label="unsafe")
