"""A cheap look for the Python 2 constructs that make a file certainly not Python 3.

`parsing.parse` reads a module as Python 3 first.  For a Python-2-only file that attempt is a
doomed ``ast.parse`` that gets a third of the way into the file before it fails, and costs more
than the whole Python 2 front end's scan.  `may_be_python2` is one pass of one regular
expression whose every branch starts with a literal character (sre then jumps between the
characters that can start a branch): ``print x`` / ``exec x`` at the start of a line,
``except E, e:``, ``raise E, V``, ``<>``, ``0777``, ``10L`` and ``ur''``.  It does not know strings
from code, so a hit is only a reason to scan: the scan (`scan.Plan.certain`) decides whether the
text holds a construct that no Python 3 grammar accepts.  Files without a hit, and files whose
hit is inside a string or a comment, are read as before.
"""

from __future__ import annotations

import re
from typing import Union

_PATTERN = "|".join([
    r"\n[ \t]*(?:print|exec)[ \t]+[\w'\"]",      # print x, exec code (the first line: _FIRST)
    r"except[ \t]+[\w.]+[ \t]*,",                # except E, e:
    r"except[ \t]*\([^()\r\n]*\)[ \t]*,",        # except (E, F), e:
    r"raise[ \t]+[\w.]+[ \t]*,",                 # raise E, "message"
    r"<>",
    r"0[0-7]*[1-7][0-7]*(?![\w.])",               # 0777 (checked by the scan: not 1.0777)
    r"[0-9][lL]\b",                              # 10L
    r"[uU][rR]['\"]",                            # ur''
])
_TEXT = re.compile(_PATTERN)
_BYTES = re.compile(_PATTERN.encode("ascii"))
_FIRST_PATTERN = r"[ \t]*(?:print|exec)[ \t]+[\w'\"]"
_FIRST_TEXT = re.compile(_FIRST_PATTERN)
_FIRST_BYTES = re.compile(_FIRST_PATTERN.encode("ascii"))


def may_be_python2(source: Union[str, bytes]) -> bool:
    """Could `source` hold a Python-2-only construct?  (False: it certainly holds none of the
    common ones; the rare ones, such as backticks or tuple parameters, are left to the order.)"""
    if isinstance(source, str):
        return _TEXT.search(source) is not None or _FIRST_TEXT.match(source) is not None
    return _BYTES.search(source) is not None or _FIRST_BYTES.match(source) is not None
