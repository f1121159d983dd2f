"""A Python 2 spelling of a Python 3 module, with every token of the original where it was.

Generated from the annotated eval files (tests/rules/data) by the tests, so the copies cannot
drift from them.  Only edits that keep every line and every column of the original code:

* same-length rewrites: ``except E as e:`` -> ``except E, e  :``, ``0o644`` -> ``0644 ``,
  ``!=`` -> ``<>``;
* each blank line between two statements becomes a Python 2 statement that binds nothing and
  calls nothing (``print "..."``, ``print >>None, 0777L``, ``exec "pass" in {}``, backticks,
  ``<>``), at the indentation of the statement after it, so it is never the last statement of a
  block; not before ``else``/``elif``/``except``/``finally``;
* one such statement is appended, so the copy never parses as Python 3.
"""

from __future__ import annotations

import io
import tokenize
from typing import Dict, List, Optional

PYTHON2_STATEMENTS = (
    'print "python 2 spelling", 0777L',
    "print >>None, `1`,",
    'exec "pass" in {}',
    "assert 1 <> 2, ur'\\d'",
    "print",
)
_CONTINUATIONS = ("else", "elif", "except", "finally")


def python2_spelling(source: str) -> str:
    lines = source.splitlines(True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    tokens = list(tokenize.generate_tokens(io.StringIO("".join(lines)).readline))
    replacements: Dict[int, List[tuple]] = {}  # line -> [(col, old length, new text)]

    def replace(token, new: str) -> None:
        line, col = token.start
        replacements.setdefault(line, []).append((col, len(token.string), new))

    depth = 0
    blank_lines: List[int] = []
    for index, token in enumerate(tokens):
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        elif token.type == tokenize.OP and token.string == "!=":
            replace(token, "<>")
        elif token.type == tokenize.NUMBER and token.string[:2].lower() == "0o":
            replace(token, "0" + token.string[2:] + " ")
        elif token.type == tokenize.NAME and token.string == "as":
            _except_as(tokens, index, replace)
        elif token.type == tokenize.NL and depth == 0 and not token.line.strip():
            blank_lines.append(token.start[0])

    for line, edits in replacements.items():
        text = lines[line - 1]
        for col, length, new in sorted(edits, reverse=True):
            text = text[:col] + new + text[col + length:]
        lines[line - 1] = text

    for count, line in enumerate(blank_lines):
        indentation = _next_statement_indentation(lines, line)
        if indentation is None:
            continue
        statement = PYTHON2_STATEMENTS[count % len(PYTHON2_STATEMENTS)]
        lines[line - 1] = indentation + statement + "\n"
    lines.append(PYTHON2_STATEMENTS[0] + "\n")
    return "".join(lines)


def _except_as(tokens, index: int, replace) -> None:
    """``except E as e:`` -> ``except E, e  :`` when the ``as`` belongs to an except clause."""
    name, colon = tokens[index + 1], tokens[index + 2]
    if name.type != tokenize.NAME or colon.string != ":" or name.start[0] != colon.start[0]:
        return
    position = index - 1
    while position >= 0 and tokens[position].start[0] == name.start[0]:
        if tokens[position].type == tokenize.NAME and tokens[position].string in ("with", "import", "from"):
            return
        if tokens[position].type == tokenize.NAME and tokens[position].string == "except":
            break
        position -= 1
    else:
        return
    as_token = tokens[index]
    previous = tokens[index - 1]
    if previous.end[0] != as_token.start[0]:
        return
    # "E as e:" -> "E, e  :": the comma right after E, the name two columns earlier, padding.
    line = as_token.start[0]
    gap = as_token.start[1] - previous.end[1]
    span_start = previous.end[1]
    old = name.end[1] - span_start
    new = "," + " " * gap + name.string
    new += " " * (old - len(new))

    class _Span:
        start = (line, span_start)
        string = " " * old

    replace(_Span, new)


def _next_statement_indentation(lines: List[str], blank: int) -> Optional[str]:
    for text in lines[blank:]:
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.split(None, 1)[0].rstrip(":") in _CONTINUATIONS:
            return None
        return text[: len(text) - len(text.lstrip())]
    return None
