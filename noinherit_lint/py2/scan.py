"""Find the Python-2-only constructs of a source text and the edit that makes each one Python 3.

The scan is lexical and runs once over the text: one regular expression finds, left to right,
the comments and string literals (consumed whole, so nothing inside them is ever edited) and the
few tokens that can start a Python 2 construct.  From ``except``, ``raise``, ``def`` and
``lambda`` a short bracket-aware scan finds the comma or parenthesis that matters.

Every edit stays on its line, and most keep the length, so that the Python 3 parser's positions
are the original ones (`columns.ColumnMap` maps the few that do not):

| Python 2                     | Python 3 text          | why this one                                  |
|------------------------------|------------------------|-----------------------------------------------|
| ``print x, y`` / ``print(x)``| ``yield x, y``         | same length, any operand list; not a call     |
| ``print >>f, x``             | ``yield   f, x``       | ``>>`` becomes two spaces                     |
| ``exec code in ns``          | ``not  code in ns``    | same length; not a call                       |
| ```x```                      | ``(x)``                | same length                                   |
| ``a <> b``                   | ``a != b``             | same length                                   |
| ``except E, e:``             | ``except E as e:``     | (+2 columns after the comma)                  |
| ``raise E, V, tb``           | ``raise (E, V, tb)``   | still a ``raise`` (a block that ends in one   |
|                              |                        | still ends); +1 column inside, +2 after       |
| ``def f(a, (b, c)):``        | ``def f(a,  b, c ):``  | same length; binds the same names             |
| ``lambda (a, b): a``         | ``lambda  a, b : a``   | same length                                   |
| ``0777``, ``10L``, ``0xffL`` | ``0o777``, ``10``      | the same value                                |
| ``ur'\\d'``, ``b'é'``        | ``r'\\d'``, ``'é'``    | a prefix Python 3 accepts                     |
| ``'\\u'`` (a byte string)    | ``'\\\\u'``            | Python 2 keeps the backslash; so does this    |
| ``async``, ``await``,        | a same-length name     | restored in the tree (`restore`)              |
| ``nonlocal`` as names        |                        |                                               |

``yield`` and ``not`` are markers: `restore` turns the statements back into plain expression
statements of their operands, so no rule ever sees a ``Yield`` or a ``Call`` that Python 2.7 does
not have.  With ``from __future__ import print_function`` ``print`` is an ordinary name and is
left alone; with ``unicode_literals`` plain strings keep their escapes.

Tabs that Python 2 accepts and Python 3 rejects (TabError) are expanded (tab size 8, as 2.7's
tokenizer counts) by `tab_edits`, used only after Python 3 rejects the rewritten text.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

_QUOTED = (
    r"'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''",
    r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""',
    r"'[^'\\\r\n]*(?:\\(?:\r\n|[\s\S])[^'\\\r\n]*)*'",
    r'"[^"\\\r\n]*(?:\\(?:\r\n|[\s\S])[^"\\\r\n]*)*"',
)
_STRING_BODY = "|".join(_QUOTED)
_STRING = rf"(?P<prefix>\b[rRuUbBfF]{{1,2}})?(?P<body>{_STRING_BODY})"
_COMMENT = r"\#[^\r\n]*"
# Python 3 keywords that are plain names in Python 2: renamed to a same-length placeholder.
RENAMED_KEYWORDS = ("async", "await", "nonlocal")
_KEYWORDS = ("print", "exec", "except", "raise", "def", "lambda", "for") + RENAMED_KEYWORDS

# What the main scan stops at: comments and strings (to skip them), the keywords that start a
# Python 2 construct, backticks, ``<>``, ``.True``, and the numbers Python 3 rejects (octal,
# long).  Every branch starts with a literal character, so that the regex engine jumps from one
# character that can start a branch to the next (sre's charset prefix; this is 6x faster than
# branches that start with ``\b`` or a look-behind).  What a branch cannot say about the
# character before it (``print`` inside ``pprint``, ``07`` inside ``x07``) `run` checks.
_MAIN = re.compile("|".join([
    _COMMENT, *_QUOTED,
    *(rf"{word}\b" for word in _KEYWORDS),
    r"`", r"<>", r"\.[ \t\f]*(?:True|False|None)\b",
    r"0[xX][0-9a-fA-F]+[lL]\b", r"0[oO][0-7]+[lL]\b", r"0[bB][01]+[lL]\b",
    r"0[0-7]+[lL]?(?![\w.])", r"0[lL]\b",
    *(rf"{digit}[0-9]*[lL]\b" for digit in "123456789"),
]))
_PREFIX_LETTERS = frozenset("rRuUbBfF")
# Python 3.14 reads ``except A, B:`` as ``except (A, B):`` (PEP 758)
_EXCEPT_COMMA_IS_PYTHON2 = sys.version_info < (3, 14)

# Keyword continuations that cannot hold the construct (no comma, no parenthesis): skipped
# without the bracket-aware scan.
_PLAIN_EXCEPT = re.compile(r"[^,:\r\n'\"#\\]*:")
_PLAIN_RAISE = re.compile(r"[^,\r\n;#'\"\\]*(?:[\r\n;#]|\Z)")
_PLAIN_DEF = re.compile(r"[ \t]+\w+[ \t]*\([^()'\"#\\]*\)")
_PLAIN_LAMBDA = re.compile(r"[^()\[\]{}:'\"#\\\r\n]*:")
_PLAIN_FOR = re.compile(r"[^\r\n:]*?\bin\b(?:(?!lambda)[^\r\n,:'\"#\\])*(?:[:\r\n]|\Z)")
_PLAIN = {"except": _PLAIN_EXCEPT, "raise": _PLAIN_RAISE, "def": _PLAIN_DEF, "lambda": _PLAIN_LAMBDA,
          "for": _PLAIN_FOR}

# What a bracket-aware scan from a keyword stops at.
_BRACKETS = re.compile(
    rf"(?P<comment>{_COMMENT})"
    rf"|(?P<string>{_STRING})"
    r"|(?P<open>[(\[{])"
    r"|(?P<close>[)\]}])"
    r"|(?P<continuation>\\(?:\r\n|\r|\n))"
    r"|(?P<newline>\r\n|\r|\n)"
    r"|(?P<punct>[,:;])"
    r"|(?P<lambda>\blambda\b)"
    r"|(?P<other>[^\s#'\"()\[\]{},:;\\\w]+|\w+)"
)

# ``print`` / ``exec`` followed by an operand that Python 3 cannot read after a name; the words
# that may follow a name in a Python 3 expression are not operands.
_STATEMENT_OPERAND = re.compile(r"[ \t\f]+(?:([A-Za-z_][A-Za-z0-9_]*)|[0-9'\"])")
_OPERATOR_WORDS = frozenset(("if", "else", "in", "not", "is", "and", "or", "for", "async", "as",
                            "from"))
_SHIFT_AFTER_PRINT = re.compile(r"(?:[ \t\f]|\\(?:\r\n|\r|\n))*>>")
_ESCAPE = re.compile(r"\\(?:\r\n|[\s\S])")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INDENT_WITH_TAB = re.compile(r"^[ \f]*\t[ \t\f]*", re.MULTILINE)

# The `from __future__` statements at the head of a module.
_HEAD_SKIP = re.compile(r"(?:[ \t\f;]+|\\(?:\r\n|\r|\n)|\r\n|\r|\n|\#[^\r\n]*)*")
_HEAD_STRING = re.compile(_STRING)
_FUTURE = re.compile(r"from[ \t\f]+__future__[ \t\f]+import[ \t\f]*(\([^)]*\)|[^\r\n;#]*)")
_FUTURE_NAME = re.compile(r"(\w+)(?:\s+as\s+\w+)?")


@dataclass(frozen=True)
class Edit:
    """Replace `length` characters at offset `start` of the text with `text` (ASCII)."""

    start: int
    length: int
    text: str


@dataclass
class Plan:
    """Everything the rewrite changes in one text."""

    edits: List[Edit] = field(default_factory=list)
    # offsets of the `print` / `exec` keywords that became `yield` / `not `
    markers: Dict[int, str] = field(default_factory=dict)
    # placeholder -> the Python 2 name it stands for (async, await, nonlocal)
    renames: Dict[str, str] = field(default_factory=dict)
    # the first construct found that no Python 3 grammar accepts (``print x``, ``except E, e:``,
    # a backtick, ``<>``, ``0777``, ``10L``, ``ur''``, ...): the text is certainly not Python 3
    certain: Optional[str] = None


def future_features(text: str) -> Set[str]:
    """The names of the ``from __future__ import`` statements that head the module."""
    features: Set[str] = set()
    position = 0
    docstring_seen = False
    while True:
        position = _HEAD_SKIP.match(text, position).end()
        future = _FUTURE.match(text, position)
        if future:
            features.update(_FUTURE_NAME.findall(future.group(1).strip("()")))
            position = future.end()
            continue
        string = None if docstring_seen else _HEAD_STRING.match(text, position)
        if string is None:
            return features
        docstring_seen = True
        position = string.end()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.plan = Plan()
        features = future_features(text)
        self.print_is_a_name = "print_function" in features
        self.unicode_literals = "unicode_literals" in features
        self.not_equal_is_python2 = "barry_as_FLUFL" not in features  # that makes ``<>`` Python 3
        self.backtick_open = False
        self.f_string = False
        self._placeholders: Dict[str, str] = {}

    def edit(self, start: int, length: int, text: str) -> None:
        self.plan.edits.append(Edit(start, length, text))

    def python2_only(self, construct: str) -> None:
        """Record that the text holds `construct`, which is a SyntaxError in every Python 3."""
        if self.plan.certain is None:
            self.plan.certain = construct

    # ------------------------------------------------------------------ the main scan

    def run(self) -> Plan:
        text = self.text
        for match in _MAIN.finditer(text):
            start = match.start()
            first = text[start]
            if first == "#":
                continue
            before = text[start - 1] if start else " "
            if first in "'\"":
                if before in _PREFIX_LETTERS or (not self.unicode_literals and "\\" in match.group()):
                    self.string(match)
            elif first.isdigit():
                if not (before.isalnum() or before in "_." or _in_exponent(text, start)):
                    self.number(match)
            elif first == ".":  # ``xmlrpclib.False``: True, False and None are plain names in 2.7
                word = match.group().lstrip(". \t\f")
                self.edit(match.end() - len(word), len(word), self.placeholder(word))
            elif first == "`":
                self.edit(start, 1, ")" if self.backtick_open else "(")
                self.python2_only("backtick")
                self.backtick_open = not self.backtick_open
            elif first == "<":
                self.edit(start, 2, "!=")
                if self.not_equal_is_python2:
                    self.python2_only("<>")
            elif not (before.isalnum() or before == "_"):
                self.keyword(match)
        self.plan.edits.sort(key=lambda e: (e.start, e.length))
        if self.f_string:
            self.plan.certain = None
        return self.plan

    def string(self, match: re.Match) -> None:
        start, end = match.span()
        body = match.group()
        text = self.text
        prefix_start = start
        while prefix_start > start - 2 and prefix_start and text[prefix_start - 1] in _PREFIX_LETTERS:
            prefix_start -= 1
        if prefix_start and (text[prefix_start - 1].isalnum() or text[prefix_start - 1] == "_"):
            prefix_start = start  # the end of a name, not a prefix (not valid Python anyway)
        prefix = text[prefix_start:start].lower()
        if "f" in prefix:  # not Python 2; a Python 3.12 f-string may hold quotes of its own kind,
            self.f_string = True  # so the lexical scan cannot be sure what is code
        if not prefix:
            if "\\" in body and not self.unicode_literals:
                self.escape_unicode_escapes(start, body)
        elif "u" in prefix and "r" in prefix:  # ur'' -> r'' (u is always first)
            self.edit(prefix_start, 1, "")
            self.python2_only("ur'' string")
        elif "b" in prefix and not body.isascii():  # b'é': a Python 2 str of the encoded bytes
            self.edit(prefix_start + prefix.index("b"), 1, "")
            self.python2_only("non-ASCII bytes literal")

    def escape_unicode_escapes(self, body_start: int, body: str) -> None:
        r"""In a Python 2 byte string ``\u``, ``\U`` and ``\N`` are a backslash and a letter."""
        for escape in _ESCAPE.finditer(body):
            if escape.group()[1] in "uUN":
                self.edit(body_start + escape.start(), 0, "\\")

    def number(self, match: re.Match) -> None:
        start, end = match.span()
        literal = match.group()
        if literal[-1] in "lL":
            self.edit(end - 1, 1, "")
            self.python2_only("long literal")
            if self.text[end:end + 1] == ".":  # ``7L.real``: ``7.real`` would be a float
                self.edit(end, 0, " ")
            literal = literal[:-1]
        if len(literal) > 1 and literal[0] == "0" and literal[1].isdigit():
            self.edit(start + 1, 0, "o")
            if literal.strip("0"):  # ``00`` is Python 3 too
                self.python2_only("octal literal")

    def keyword(self, match: re.Match) -> None:
        word = match.group()
        start, end = match.span()
        plain = _PLAIN.get(word)
        if plain is not None and plain.match(self.text, end):
            return
        if word == "print":
            if self.print_is_a_name:
                return
            self.edit(start, 5, "yield")
            self.plan.markers[start] = "print"
            self.statement_operand(end, "print statement")
            shift = _SHIFT_AFTER_PRINT.match(self.text, end)
            if shift:
                self.edit(shift.end() - 2, 2, "  ")
        elif word == "exec":
            self.edit(start, 4, "not ")
            self.plan.markers[start] = "exec"
            self.statement_operand(end, "exec statement")
        elif word == "except":
            self.except_clause(end)
        elif word == "raise":
            self.raise_statement(end)
        elif word == "def":
            self.parameters(end, in_def=True)
        elif word == "lambda":
            self.parameters(end, in_def=False)
        elif word == "for":
            self.comprehension_iterable(end)
        else:
            self.edit(start, len(word), self.placeholder(word))

    def statement_operand(self, end: int, construct: str) -> None:
        """``print x`` / ``exec "code"``: a name, number or string right after the keyword is two
        operands in a row in Python 3 (``print(x)``, ``print >>f`` or ``print if a else b`` are
        not: they are Python 3 expressions)."""
        operand = _STATEMENT_OPERAND.match(self.text, end)
        if operand and operand.group(1) not in _OPERATOR_WORDS:
            self.python2_only(construct)

    def placeholder(self, word: str) -> str:
        """A same-length identifier that the text never uses, standing for `word`."""
        if word not in self._placeholders:
            for index in range(1000):
                tail = str(index)
                candidate = word[: len(word) - len(tail) - 1] + "_" + tail
                if not re.search(rf"\b{candidate}\b", self.text):
                    break
            self._placeholders[word] = candidate
            self.plan.renames[candidate] = word
        return self._placeholders[word]

    # ------------------------------------------------------------------ bracket-aware scans

    def tokens(self, start: int):
        """(kind, start, end) of the bracket-relevant tokens from `start`, with nesting depth."""
        depth = 0
        for match in _BRACKETS.finditer(self.text, start):
            kind = match.lastgroup
            if kind == "open":
                depth += 1
            elif kind == "close":
                depth -= 1
            yield kind, match, depth

    def except_clause(self, start: int) -> None:
        """``except E, e:`` -> ``except E as e:``."""
        comma = None
        for kind, match, depth in self.tokens(start):
            if depth > 0 or kind in ("comment", "continuation", "open", "close", "string", "other",
                                     "lambda"):
                continue
            if kind == "newline":
                return
            symbol = match.group()
            if symbol == ":":
                break
            if symbol == "," and comma is None:
                comma = match.start()
            elif symbol in ",;":
                return
        else:
            return
        if comma is None:
            return
        colon = match.start()
        target = self.text[comma + 1:colon].strip()
        if _EXCEPT_COMMA_IS_PYTHON2:
            self.python2_only("except E, e:")
        if _IDENTIFIER.match(target):
            space = "" if self.text[comma + 1:comma + 2].isspace() else " "
            self.edit(comma, 1, " as" + space)
            return
        # ``except E, (a, b):`` / ``except E, self.error:`` -> ``except(E, (a, b)):``; `restore`
        # makes the target an assignment at the start of the handler.
        if self.text[start:start + 1] in " \t\f":
            self.edit(start, 1, "(")
        else:
            self.edit(start, 0, "(")
        self.edit(colon - (len(self.text[comma + 1:colon]) - len(self.text[comma + 1:colon].rstrip())), 0, ")")
        self.plan.markers[start - len("except")] = "except"

    def raise_statement(self, start: int) -> None:
        """``raise E, V[, tb]`` -> ``raise (E, V[, tb])``."""
        has_comma = False
        expression_end: Optional[int] = None
        last_end = start
        for kind, match, depth in self.tokens(start):
            if kind == "close" and depth < 0:
                return  # not a statement we understand
            if depth == 0 and kind in ("newline", "comment") or (
                depth == 0 and kind == "punct" and match.group() == ";"
            ):
                expression_end = last_end
                break
            if kind == "continuation" or kind == "comment":
                continue
            if depth == 0 and kind == "punct" and match.group() == ",":
                has_comma = True
            last_end = match.end()
        else:
            expression_end = last_end
        if not has_comma:
            return
        self.python2_only("raise E, V")
        first = start + len(self.text[start:expression_end]) - len(self.text[start:expression_end].lstrip())
        self.edit(first, 0, "(")
        self.edit(expression_end, 0, ")")

    def parameters(self, start: int, in_def: bool) -> None:
        """Tuple parameters lose their parentheses: ``def f(a, (b, c))`` -> ``def f(a,  b, c )``."""
        base = 1 if in_def else 0  # the depth of the parameters themselves
        at_parameter_start = not in_def
        tuple_start: Optional[int] = None
        for kind, match, depth in self.tokens(start):
            if kind in ("comment", "continuation", "newline"):
                if kind == "newline" and depth == 0:
                    return
                continue
            if kind == "open":
                if in_def and depth == 1 and tuple_start is None and match.group() == "(" and not at_parameter_start:
                    at_parameter_start = True  # the parameter list opens
                    continue
                if depth == base + 1 and at_parameter_start and match.group() == "(":
                    tuple_start = match.start()
                at_parameter_start = False
                continue
            if kind == "close":
                if depth == base and tuple_start is not None:
                    self.flatten_tuple_parameter(tuple_start, match.end())
                    tuple_start = None
                if depth < base:
                    return
                at_parameter_start = False
                continue
            if depth == base and kind == "punct":
                symbol = match.group()
                if symbol == ",":
                    at_parameter_start = True
                    continue
                if symbol == ":" and not in_def:
                    return
                if symbol == ";":
                    return
            at_parameter_start = False

    def flatten_tuple_parameter(self, start: int, end: int) -> None:
        self.python2_only("tuple parameter")
        text = self.text
        for index in range(start, end):
            char = text[index]
            if char in "()":
                self.edit(index, 1, " ")
            elif char == "," and text[index + 1:end].lstrip()[:1] == ")":
                self.edit(index, 1, " ")
        following = text[end:end + 80].lstrip()
        if following.startswith("=") and not following.startswith("=="):
            # ``(a, b)=(1, 2)``: in Python 3 every name after one with a default needs one
            names = list(_NAME.finditer(text, start, end))
            for name in names[:-1]:
                self.edit(name.end(), 0, "=0")

    def comprehension_iterable(self, start: int) -> None:
        """``[x for x in a, b]`` (a list comprehension over a bare tuple) -> ``[x for x in (a, b)]``."""
        iterable_start: Optional[int] = None
        last_end = start
        has_comma = False
        lambdas = 0
        end: Optional[int] = None
        for kind, match, depth in self.tokens(start):
            if kind in ("comment", "continuation", "newline"):
                continue
            if depth < 0:  # the comprehension's closing bracket
                if end is None:
                    end = last_end
                break
            if depth == 0:
                word = match.group()
                if kind == "lambda":
                    lambdas += 1
                elif kind == "punct" and word == ":":
                    if not lambdas:
                        return  # a `for` statement: Python 3 reads its bare tuple
                    lambdas -= 1
                elif kind == "punct" and word == ";":
                    return
                elif kind == "other" and word == "in" and iterable_start is None:
                    iterable_start = match.end()
                    last_end = match.end()
                    continue
                elif kind == "other" and word in ("for", "if") and iterable_start is not None and end is None:
                    end = last_end  # the iterable ends; the bracket must still close
                elif kind == "punct" and word == "," and iterable_start is not None and end is None:
                    has_comma = True
            if end is None:
                last_end = match.end()
        else:
            return
        if not has_comma or iterable_start is None:
            return
        first = iterable_start + len(self.text[iterable_start:end]) - len(self.text[iterable_start:end].lstrip())
        self.edit(first, 0, "(")
        self.edit(end, 0, ")")


def _in_exponent(text: str, start: int) -> bool:
    """Is the number at `start` the exponent of a float (``1e-05``)?"""
    return start >= 3 and text[start - 1] in "+-" and text[start - 2] in "eE" and \
        (text[start - 3].isdigit() or text[start - 3] == ".")


def scan(text: str) -> Plan:
    """The edits that turn the Python 2 constructs of `text` into Python 3 syntax."""
    return _Scanner(text).run()


def tab_edits(text: str) -> List[Edit]:
    """Indentation with tabs, expanded the way Python 2 reads it (tab stops every 8 columns).

    Lines that start inside a string literal are not indentation and are left alone."""
    strings = [m.span() for m in _MAIN.finditer(text)
               if text[m.start()] in "'\"" and ("\n" in m.group() or "\r" in m.group())]
    edits = []
    index = 0
    for match in _INDENT_WITH_TAB.finditer(text):
        start = match.start()
        while index < len(strings) and strings[index][1] <= start:
            index += 1
        if index < len(strings) and strings[index][0] < start:
            continue  # a line inside a string literal
        column = 0
        for char in match.group():
            if char == "\t":
                column = (column // 8 + 1) * 8
            elif char == "\f":
                column = 0
            else:
                column += 1
        edits.append(Edit(start, len(match.group()), " " * column))
    return edits
