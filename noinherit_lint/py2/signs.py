"""A cheap look for the Python 2 constructs that make a file certainly not Python 3.

`parsing.parse` reads a module as Python 3 first. For a Python-2-only file that attempt is a
doomed ``ast.parse`` that gets a third of the way into the file before it fails, and costs more
than the whole Python 2 front end's scan. `may_be_python2` looks for the four most common Python
2 statements, ``print x``, ``exec code``, ``except E, e:`` and ``raise E, V``: `str.find` of the
keyword (much faster than one regex search of the file, whose first characters would be common
letters), a regex match of what follows it, and the word must start a statement. It does not
know strings from code, so a hit is only a reason to scan: the scan (`scan.Plan.certain`)
decides whether the text holds a construct that no Python 3 grammar accepts. Files without a
hit, and files whose hit is inside a string or a comment, are read in the usual order (Python 3
first); so are the Python-2-only files with none of these four (backticks, ``<>``, ``0777``
only), which are rare.
"""

from __future__ import annotations

import re
from typing import Union

# What follows the keyword in the Python 2 statement.  ``print >>f, x`` is left out: Python 3
# reads it as a shift and a tuple.
_FOLLOWERS = {
    "print": r"[ \t]+[\w'\"]",                    # print x, print "x"
    "exec": r"[ \t]+[\w'\"]",                     # exec code in ns
    "except": r"(?:[ \t]+[\w.]+|[ \t]*\([^()\r\n]*\))[ \t]*,",  # except E, e: / except (E, F), e:
    "raise": r"[ \t]+[\w.]+[ \t]*,",              # raise E, "message"
}
_TEXT = {word: (word, re.compile(follower)) for word, follower in _FOLLOWERS.items()}
_BYTES = {word: (word.encode("ascii"), re.compile(follower.encode("ascii")))
          for word, follower in _FOLLOWERS.items()}

_BEFORE_STATEMENT = frozenset(["\n", "\r", ":", ";", 10, 13, ord(":"), ord(";")])


def _starts_statement(source: Union[str, bytes], position: int) -> bool:
    """Is the keyword at `position` the first word of a line or of a statement after ``:``/``;``
    (as a statement is; the word in prose, ``except that, ...``, mostly is not)?"""
    blanks = " \t\f" if isinstance(source, str) else b" \t\f"
    before = source[max(0, position - 200):position].rstrip(blanks)
    return not before or before[-1] in _BEFORE_STATEMENT


def may_be_python2(source: Union[str, bytes]) -> bool:
    """Could `source` hold one of the common Python-2-only statements?  (False: it holds none.)"""
    keywords = _TEXT if isinstance(source, str) else _BYTES
    for word, follower in keywords.values():
        width = len(word)
        position = source.find(word)
        while position != -1:
            if follower.match(source, position + width) and _starts_statement(source, position):
                return True
            position = source.find(word, position + width)
    return False
