"""`# noqa` the way flake8 reads it, so that the codemod never rewrites what flake8 would not report.

flake8 (7.x) looks for ``# noqa`` / ``# noqa: CODES`` on the finding's *reported* line, but "line"
means the run of physical lines between two NL/NEWLINE tokens: a triple-quoted string or a
backslash continuation joins several physical lines into one, while a call spread over several
lines in brackets is not joined (the tokenizer emits NL inside brackets).  flake8 reads a file with
universal newlines, so lines are split by `noinherit_lint.lines.split_lines` (a CR-only file has
as many lines for flake8 as for ast) and tokenized with ``\n`` endings.  A line matching
``# flake8: noqa`` at its start switches the whole file off.  The regular expressions are the ones
in ``flake8/defaults.py``; the code comparison is the one in ``flake8/violation.py``.
"""

from __future__ import annotations

import re
import tokenize
from functools import partial
from typing import Dict, List, Optional

from noinherit_lint.lines import ending_of, split_lines

# flake8/defaults.py NOQA_INLINE_REGEXP and NOQA_FILE
NOQA_INLINE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.I)
_CODE_SEPARATOR = re.compile(r"[,\s]")  # flake8/utils.py COMMA_SEPARATED_LIST_RE


def _physical_lines(source: str) -> List[str]:
    """The lines as flake8 reads them: universal newlines, each ending translated to ``\n``."""
    return [line.rstrip("\r\n") + "\n" if ending_of(line) else line for line in split_lines(source)]


def _logical_line_mapping(lines: List[str]) -> Dict[int, str]:
    """flake8's FileProcessor._noqa_line_mapping: line number -> text searched for noqa."""
    mapping: Dict[int, str] = {}
    try:
        tokens = list(tokenize.generate_tokens(partial(next, iter(lines), "")))
    except (tokenize.TokenError, SyntaxError):
        return mapping
    min_line = len(lines) + 2
    max_line = -1
    for token in tokens:
        kind, (start_line, _), (end_line, _) = token.type, token.start, token.end
        if kind in (tokenize.ENDMARKER, tokenize.DEDENT):
            continue
        min_line = min(min_line, start_line)
        max_line = max(max_line, end_line)
        if kind in (tokenize.NL, tokenize.NEWLINE):
            joined = "".join(lines[min_line - 1:max_line])
            for number in range(min_line, max_line + 1):
                mapping[number] = joined
            min_line = len(lines) + 2
            max_line = -1
    return mapping


class NoqaLines:
    """Answers "would flake8 suppress `code` reported on `line`?" for one source text."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._lines = _physical_lines(source)
        self._mapping: Optional[Dict[int, str]] = None
        self.file_ignored = any(NOQA_FILE.match(line) for line in self._lines)

    def _line_for(self, line: int) -> str:
        if self._mapping is None:
            self._mapping = _logical_line_mapping(self._lines)
        text = self._mapping.get(line)
        if text is None:
            text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        return text

    def suppresses(self, code: str, line: int) -> bool:
        if self.file_ignored:
            return True
        if "noqa" not in self._source.lower():
            return False
        match = NOQA_INLINE.search(self._line_for(line))
        if match is None:
            return False
        codes_text = match.group("codes")
        if codes_text is None:
            return True
        codes = {c.strip() for c in _CODE_SEPARATOR.split(codes_text) if c.strip()}
        return code in codes or code.startswith(tuple(codes))
