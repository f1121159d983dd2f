"""The one way every front end reads a module: source in, `ast` tree and grammar out.

A module that parses as Python 3 is read as Python 3 (so such files cost exactly one
`ast.parse`, as before).  Only when that fails is it read as Python 2.7 (`noinherit_lint.py2`):
the rules get the same kind of tree, with the original file's positions, and never need to know
which grammar it came from.  A module that neither grammar reads raises `Unparsable`, which
every front end reports (flake8: one ``NIH001`` finding; ``noinherit-fix``: one line, exit 2);
no file is ever passed silently.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass
from typing import Optional, Union

from noinherit_lint import py2

PYTHON3 = "python3"
PYTHON2 = "python2"


@dataclass(frozen=True)
class Parsed:
    tree: ast.Module
    grammar: str  # PYTHON3 or PYTHON2


class Unparsable(Exception):
    """Neither grammar reads the module; `error` is the one of the grammar that read further."""

    def __init__(self, python3: SyntaxError, python2: SyntaxError) -> None:
        self.python3 = python3
        self.python2 = python2
        further = _position(python2) > _position(python3)
        self.error = python2 if further else python3
        self.grammar = PYTHON2 if further else PYTHON3
        super().__init__(self.describe())

    @property
    def line(self) -> int:
        return self.error.lineno or 1

    @property
    def col(self) -> int:
        return max((self.error.offset or 1) - 1, 0)

    def describe(self) -> str:
        """``as Python 2.7: line 7: invalid syntax; as Python 3: line 3: ...``, further first."""
        python3 = f"as Python 3: {_describe(self.python3)}"
        python2 = f"as Python 2.7: {_describe(self.python2)}"
        return f"{python2}; {python3}" if self.grammar == PYTHON2 else f"{python3}; {python2}"


def _position(error: SyntaxError):
    return (error.lineno or 0, error.offset or 0)


def _describe(error: SyntaxError) -> str:
    where = f"line {error.lineno}: " if error.lineno else ""
    return f"{where}{error.msg}"


def decode(source: bytes) -> str:
    """Bytes to text the way Python reads a module (BOM, PEP 263 cookie, else UTF-8)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    return source.decode(encoding)


def parse(source: Union[str, bytes], filename: str = "<unknown>", *,
          python3_error: Optional[SyntaxError] = None) -> Parsed:
    """The tree of `source` and the grammar that read it; raises `Unparsable`.

    `python3_error` is the SyntaxError that ``ast.parse`` already raised for this very source
    (flake8 parses every file before any plugin runs): the Python 3 attempt is then skipped.
    Errors other than SyntaxError (a RecursionError, a ValueError for a NUL byte before 3.12)
    propagate unchanged.
    """
    if python3_error is None:
        try:
            return Parsed(ast.parse(source, filename=filename), PYTHON3)
        except SyntaxError as exc:
            python3_error = exc
    text = source if isinstance(source, str) else decode(source)
    try:
        return Parsed(py2.parse(text, filename), PYTHON2)
    except SyntaxError as exc:
        raise Unparsable(python3_error, exc) from None
