"""Which files flake8 hands the plugin as a latin-1 guess: bytes that neither Python decodes.

flake8 reads a file whose bytes do not decode the way Python reads a module (invalid UTF-8
without a coding cookie, an unknown cookie) as latin-1 (``FileProcessor.read_lines_from_filename``)
and parses that text, which usually succeeds: the rules would check a module that no Python can
load, and a file with nothing else to report would pass.  The plugin reports such a file as
``NIH001`` instead (`parsing.undecodable`, what ``noinherit-lint check`` reports for the same
bytes), from `Plugin.run` or, when the latin-1 text does not parse either, `flake8_python2`.

The plugin gets flake8's lines, not the bytes.  A text that is ASCII and names no encoding in
its first two lines came from bytes that decode (the common case costs that one test); for any
other the file's bytes are read again.  Standard input cannot be read twice: flake8 decodes it
with its cookie, else as UTF-8 (``utils.stdin_get_value``, which fails on invalid UTF-8 before
any plugin runs), so re-encoding the text the same way gives bytes that decode exactly when the
input's did.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Optional, Sequence

from noinherit_lint import parsing

_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=]")


def problem(filename: str, lines: Sequence[str], from_stdin: bool) -> Optional[parsing.Undecodable]:
    """Why the bytes behind flake8's `lines` of `filename` do not decode, or None."""
    head = lines[:2]
    if all(line.isascii() for line in lines) and not any(_COOKIE.match(line) for line in head):
        return None
    if from_stdin:
        return parsing.undecodable(_stdin_bytes("".join(lines)))
    try:
        with open(filename, "rb") as file:
            raw = file.read()
    except OSError:  # gone since flake8 read it: its text is all there is
        return None
    return parsing.undecodable(raw)


def _stdin_bytes(text: str) -> bytes:
    """Bytes that decode as the standard input flake8 decoded into `text` did (see above)."""
    utf8 = text.encode("utf-8", "surrogateescape")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(utf8).readline)
    except SyntaxError:  # an unknown or contradictory cookie: flake8 fell back to UTF-8
        return utf8
    try:
        return text.encode(encoding)
    except (UnicodeEncodeError, LookupError):  # flake8 fell back to UTF-8: the cookie was wrong
        return utf8
