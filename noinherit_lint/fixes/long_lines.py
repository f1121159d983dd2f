"""Lines a rewrite made longer than the project's line length: reported, never reflowed.

Reflowing a call would touch code the fix did not own (and disagree with the project's
formatter), so `noinherit-fix` only names each line that is now over the limit and was not
that long before: ``path:LINE: line too long after the fix (95 > 88 characters); not reflowed``.
Lengths are counted in characters without the line ending, as flake8's E501 counts them.
"""

from __future__ import annotations

import difflib
from typing import List, Tuple


def grown_lines(old: str, new: str, limit: int) -> List[Tuple[int, int]]:
    """(1-based line of `new`, its length) for each edited or added line of `new` that is
    longer than `limit` and longer than every line it replaced."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    grown = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag not in ("replace", "insert"):
            continue
        longest_old = max((len(line) for line in old_lines[i1:i2]), default=0)
        for index in range(j1, j2):
            length = len(new_lines[index])
            if length > limit and length > longest_old:
                grown.append((index + 1, length))
    return grown


def messages(path: str, old: str, new: str, limit: int) -> List[str]:
    return [f"{path}:{line}: line too long after the fix ({length} > {limit} characters); not reflowed"
            for line, length in grown_lines(old, new, limit)]
