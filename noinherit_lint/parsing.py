"""The one way every front end reads a module: source in, `ast` tree and grammar out.

A module that parses as Python 3 is read as Python 3 (so such files cost one `ast.parse` and
one regex search, `py2.signs`).  Only when that fails is it read as Python 2.7
(`noinherit_lint.py2`), or first when the Python 2 scan finds a construct that no Python 3
grammar accepts (``print x``, ``except E, e:``; the Python 3 attempt would only fail):
the rules get the same kind of tree, with the original file's positions, and never need to know
which grammar it came from.  A module that neither grammar reads raises `Unparsable`, which
every front end reports (flake8: one ``NIH001`` finding; ``noinherit-fix``: one line, exit 2);
no file is ever passed silently.  Neither does a module whose bytes neither Python decodes
(`undecodable`: flake8 reads it as latin-1 and would check that guess): one ``NIH001`` too.
"""

from __future__ import annotations

import ast
import codecs
import io
import re
import tokenize
from dataclasses import dataclass
from typing import Optional, Union

from noinherit_lint import py2

PYTHON3 = "python3"
PYTHON2 = "python2"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


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
        """``as Python 2.7: line 7: invalid syntax; as Python 3: line 3: ...``, further first;
        ``as Python 3 and 2.7: line 2: ...`` when both say the same."""
        if _describe(self.python3) == _describe(self.python2):
            return f"as Python 3 and 2.7: {_describe(self.python3)}"
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


def flake8_text(source: bytes) -> str:
    """The text flake8 reads from a file holding `source`: decoded the way Python reads a module,
    or, when the bytes do not decode so, as latin-1 with universal newlines
    (``FileProcessor.read_lines_from_filename``); ``# noqa`` is read from that text."""
    try:
        return decode(source)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return io.TextIOWrapper(io.BytesIO(source), encoding="latin-1").read()


@dataclass(frozen=True)
class Undecodable:
    """Why neither Python 3 nor Python 2.7 loads a module's bytes: an unknown or contradictory
    coding cookie, or a byte that the module's encoding (UTF-8 without a cookie: Python 2.7 also
    refuses any non-ASCII byte then) does not decode.  `col` is the byte's 0-based byte column."""

    line: int
    col: int
    reason: str

    def describe(self) -> str:
        return f"as Python 3 and 2.7: line {self.line}: {self.reason}"


_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=]")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:[#\r\n]|$)")


def _cookie_line(source: bytes) -> Optional[int]:
    """The line (1 or 2) of the PEP 263 coding cookie, as `tokenize.detect_encoding` finds it."""
    lines = source[len(codecs.BOM_UTF8):].splitlines()[:2] if source.startswith(codecs.BOM_UTF8) \
        else source.splitlines()[:2]
    if lines and _COOKIE.match(lines[0]):
        return 1
    if len(lines) == 2 and _BLANK_OR_COMMENT.match(lines[0]) and _COOKIE.match(lines[1]):
        return 2
    return None


def undecodable(source: bytes) -> Optional[Undecodable]:
    """None if Python reads `source` as text (a BOM, a valid PEP 263 cookie, else UTF-8)."""
    cookie = _cookie_line(source)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError as exc:  # a bad cookie, or undecodable bytes in the first two lines
        if _decodes(source, "utf-8"):
            return Undecodable(cookie or 1, 0, exc.msg)
        encoding, cookie = "utf-8", None
    declared = cookie is not None
    if source.startswith(codecs.BOM_UTF8):  # declares UTF-8; columns, as ast's, do not count it
        source, encoding, declared = source[len(codecs.BOM_UTF8):], "utf-8", True
    try:
        source.decode(encoding)
    except LookupError:  # a codec that is not a text encoding (``# coding: hex``, ``rot13``)
        return Undecodable(cookie or 1, 0, f"encoding problem: {encoding} is not a text encoding")
    except UnicodeDecodeError as exc:
        before = _LINE_BREAK_BYTES.split(source[:exc.start])
        column = len(before[-1])
        byte = f"0x{source[exc.start]:02x}"
        reason = (f"byte {byte} does not decode as {encoding} ({exc.reason})" if declared
                  else f"non-UTF-8 byte {byte} ({exc.reason}), but no encoding declared")
        return Undecodable(len(before), column, reason)
    return None


def _decodes(source: bytes, encoding: str) -> bool:
    try:
        source.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def parse(source: Union[str, bytes], filename: str = "<unknown>", *,
          python3_error: Optional[SyntaxError] = None) -> Parsed:
    """The tree of `source` and the grammar that read it; raises `Unparsable`.

    `python3_error` is the SyntaxError that ``ast.parse`` already raised for this very source
    (flake8 parses every file before any plugin runs): the Python 3 attempt is then skipped.
    A NUL byte is a SyntaxError of both grammars on every Python (3.9 and 3.10 raise ValueError
    for it), located at the byte.  Other errors (a RecursionError) propagate unchanged.
    """
    if python3_error is None:
        early = _certainly_python2(source, filename)
        if early is not None:
            return early
        try:
            return Parsed(ast.parse(source, filename=filename), PYTHON3)
        except SyntaxError as exc:
            python3_error = exc
        except ValueError as exc:
            python3_error = _null_byte_error(exc, source)
    text = source if isinstance(source, str) else decode(source)
    try:
        return Parsed(py2.parse(text, filename), PYTHON2)
    except SyntaxError as exc:
        raise Unparsable(_located(python3_error, text), _located(exc, text)) from None
    except ValueError as exc:
        raise Unparsable(_located(python3_error, text), _located(_null_byte_error(exc, text), text)) from None


def _certainly_python2(source: Union[str, bytes], filename: str) -> Optional[Parsed]:
    """The Python 2 reading of a file that holds a construct no Python 3 grammar accepts, so that
    it does not pay for the doomed Python 3 attempt; None for every other file (and for one that
    the Python 2 front end does not read either: the usual order reports it)."""
    if not py2.signs.may_be_python2(source):
        return None
    try:
        text = source if isinstance(source, str) else decode(source)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return None
    tree = py2.parse_if_certain(text, filename)
    return None if tree is None else Parsed(tree, PYTHON2)


def _null_byte_error(error: ValueError, source: Union[str, bytes]) -> SyntaxError:
    """The SyntaxError that Python 3.11+ raises for a NUL byte, for the ValueError of 3.9/3.10."""
    if ("\0" if isinstance(source, str) else b"\0") not in source:
        raise error
    return SyntaxError("source code string cannot contain null bytes")


def _located(error: SyntaxError, text: str) -> SyntaxError:
    """`error`, or for an error without a position (a NUL byte: ``ast.parse`` names no line) a
    copy at the first NUL, so that the finding points at it (UTF-8 byte column, as ast's)."""
    if error.lineno is not None or "\0" not in text:
        return error
    index = text.index("\0")
    before = _LINE_BREAK.split(text[:index])  # Python's line breaks: CRLF, CR, LF
    line_text = _LINE_BREAK.split(text[index - len(before[-1]):], maxsplit=1)[0]
    column = len(before[-1].encode("utf-8"))
    return SyntaxError(error.msg, (error.filename, len(before), column + 1, line_text))
