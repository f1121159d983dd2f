"""The Python 2 front end: Python 2.7 source text in, the Python 3 `ast` tree the rules read out.

`parse(text)` rewrites the Python-2-only constructs into Python 3 syntax on the same lines
(`scan`, `rewrite`), parses that with `ast.parse`, and puts the original positions and names back
(`restore`).  The tree's positions are those of the original text: 1-based lines, UTF-8 byte
columns, end positions included.  A text that this cannot read raises `SyntaxError` with the
original line and column.

| module | one job |
|---|---|
| `signs` | a cheap look for a reason to read a file as Python 2 first |
| `scan` | find the Python 2 constructs and the edit for each (one regex pass) |
| `rewrite` | apply the edits; record columns that moved and where markers are |
| `columns` | map a rewritten column back to the original one |
| `restore` | the tree of the original: markers, columns, names |
"""

from __future__ import annotations

import ast
import warnings
from typing import Optional

from noinherit_lint.py2 import restore, rewrite, scan, signs

__all__ = ["parse", "parse_if_certain", "signs"]


def parse_if_certain(text: str, filename: str = "<unknown>") -> Optional[ast.Module]:
    """The tree of `text` if it holds a construct that no Python 3 grammar accepts (so reading
    it as Python 3 first would only fail) and the front end reads it; else None.  Callers look
    first with `signs.may_be_python2`, which is cheaper than the scan."""
    plan = scan.scan(text)
    if plan.certain is None:
        return None
    try:
        return parse(text, filename, plan)
    except (SyntaxError, ValueError):
        return None  # the caller's usual order reports it


def parse(text: str, filename: str = "<unknown>", plan: Optional[scan.Plan] = None) -> ast.Module:
    """The tree of the Python 2 source `text`; `SyntaxError` (original positions) if it is not.
    `plan`: ``scan.scan(text)`` if the caller has it already."""
    if plan is None:
        plan = scan.scan(text)
    try:
        return _parse_with(text, plan, plan.edits, filename)
    except IndentationError:  # TabError included: 2.7 reads mixed tabs with tab stops of 8
        tabs = scan.tab_edits(text) if "\t" in text else []
        if not tabs:
            raise
        edits = sorted(plan.edits + tabs, key=lambda e: (e.start, e.length))
        return _parse_with(text, plan, edits, filename)


def _parse_with(text: str, plan: scan.Plan, edits, filename: str) -> ast.Module:
    rewritten = rewrite.apply(text, edits, plan.markers)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes and the like: Python 2 allows them
            tree = ast.parse(rewritten.text, filename=filename)
    except SyntaxError as exc:
        raise _original_error(exc, text, rewritten) from None
    restore.restore(tree, rewritten.markers, rewritten.columns, plan.renames)
    return tree


def _original_error(exc: SyntaxError, text: str, rewritten: rewrite.Rewritten) -> SyntaxError:
    """`exc` (about the rewritten text) with the line and column of the original text."""
    line = exc.lineno
    offset = exc.offset
    original_line = None
    if line:
        original_lines = text.splitlines(True)
        new_lines = rewritten.text.splitlines(True)
        if 0 < line <= len(original_lines) and line <= len(new_lines):
            original_line = original_lines[line - 1]
            if offset:
                new_bytes = rewrite.byte_length(new_lines[line - 1][:offset - 1])
                old_bytes = rewritten.columns.start(line, new_bytes)
                encoded = original_line.encode("utf-8", "surrogatepass")[:old_bytes]
                offset = len(encoded.decode("utf-8", "ignore")) + 1
    error_class = type(exc) if isinstance(exc, SyntaxError) else SyntaxError
    error = error_class(exc.msg, (exc.filename, line, offset, original_line))
    return error

