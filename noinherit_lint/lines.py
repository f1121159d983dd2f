"""How source text splits into physical lines: the one rule shared by the detector's noqa reading,
the position conversion and the codemod.

It is the rule of Python's tokenizer and of flake8, which reads files with universal newlines: a
line ends at ``\\r\\n``, ``\\r`` or ``\\n``.  A form feed, ``\\v``, ``\\x1c``-``\\x1e``, ``\\x85``,
``\\u2028`` and ``\\u2029`` do *not* end a line (``str.splitlines`` would split at them).
"""

from __future__ import annotations

import re
from typing import List

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def split_lines(source: str) -> List[str]:
    """The physical lines of `source`, each with its line ending."""
    lines = _LINE.findall(source)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def ending_of(line: str) -> str:
    """The line ending of `line` ("" for a last line without one)."""
    return line[len(line.rstrip("\r\n")):]
