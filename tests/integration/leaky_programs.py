"""Hypothesis strategies for fuzzing: generated programs that really contain leaky calls.

hypothesmith's programs almost never call ``open()`` or ``socket.socket()``, so on their own they
only prove that nothing crashes.  `leaky_modules()` builds modules from a small grammar instead:
import spellings x leaky calls (fixable and report-only) x syntactic contexts (nested in
expressions, multi-line with comments, f-strings, lambdas, comprehensions, decorators, class
bodies, after non-ASCII text on the same line, ...), optionally spliced together with a
hypothesmith-generated program, so that the codemod's rewriting path is exercised.

`check_fix_property()` is the property both the CI test and `bench/fuzz_sweep.py` assert.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass
from typing import List, Optional, Tuple

import hypothesmith
from hypothesis import strategies as st

from noinherit_lint.checker import check
from noinherit_lint.fixes.source import SourceError, fix_source
from noinherit_lint.noqa import NoqaLines
from noinherit_lint.settings import Settings

# (import line, call template).  {p} {a} {b} {fd} are argument placeholders.
CALLS = [
    ("", "open({p})"),
    ("", "open({p}, 'w')"),
    ("", "open({p}, mode='rb', buffering=0)"),
    ("", "open(\n    {p},  # the log\n    'a',\n)"),
    ("import io", "io.open({p}, encoding='utf-8')"),
    ("from io import open as io_open", "io_open({p})"),
    ("import codecs", "codecs.open({p}, 'r', 'latin-1')"),
    ("import io", "io.FileIO({p})"),
    ("import os", "os.open({p}, os.O_RDONLY)"),
    ("import os", "os.open({p}, os.O_RDONLY | os.O_CLOEXEC)"),
    ("import os as o", "o.open({p}, o.O_WRONLY | o.O_CREAT, 0o644)"),
    ("import shutil", "shutil.copyfile({a}, {b})"),
    ("import shutil as sh", "sh.copy2({a}, {b})"),
    ("from shutil import copy", "copy({a}, {b})"),
    ("import shutil", "shutil.copytree({a}, {b})"),
    ("import socket", "socket.socket()"),
    ("import socket", "socket.socket(socket.AF_INET, socket.SOCK_STREAM)"),
    ("from socket import socket", "socket()"),
    ("import socket", "socket.create_connection(({a}, 80))"),
    ("import socket", "socket.socketpair()"),
    ("import logging", "logging.FileHandler({p})"),
    ("from logging.handlers import RotatingFileHandler as R", "R({p}, maxBytes=10)"),
    ("import logging", "logging.basicConfig(filename={p})"),
    ("import os", "os.pipe()"),
    ("import os", "os.dup({fd})"),
    ("import os", "os.dup2({fd}, 9)"),
    ("import os", "os.openpty()"),
    ("import os", "os.pipe2(0)"),
    ("import os", "os.set_inheritable({fd}, True)"),
    ("import fcntl", "fcntl.fcntl({fd}, fcntl.F_DUPFD, 3)"),
    ("import subprocess", "subprocess.call({a}, close_fds=False)"),
    ("import subprocess", "subprocess.Popen({a}, stdout=subprocess.PIPE)"),
    ("import subprocess as sp", "sp.check_output(\n    {a},\n    shell=True,\n)"),
    ("import os", "os.system({a})"),
    ("import os", "os.fork()"),
    ("import tempfile", "tempfile.TemporaryFile()"),
]

# Statement templates; {e} is the call expression, {i} the indentation of a nested block.
CONTEXTS = [
    "x = {e}",
    "{e}",
    "data = {e}.read()",
    "with {e} as handle:\n    pass",
    "with {e} as a, {e} as b:\n    pass",
    "def f(p=None):\n    return {e}",
    "async def g():\n    return [{e} for _ in range(2)]",
    "h = lambda: {e}",
    "items = [{e} for _ in range(3) if _]",
    "pair = ({e}, {e})",
    "s = 'é€𝄞'; y = {e}",
    "z = (\n    {e}\n)",
    "if p:\n    y = {e}\nelse:\n    y = None",
    "class C(object):\n    h = {e}\n    def m(self):\n        return {e}",
    "try:\n    y = {e}\nexcept OSError:\n    pass\nfinally:\n    pass",
    "@decorate({e})\ndef decorated():\n    pass",
    't = f"{{{e}!r:>10}}"',
    "w = {e} if p else None",
    "assert {e}",
    "k = {{'key': {e}, **{{}}}}",
    "call(*args, key={e})",
    "while p:\n    y = {e}\n    break",
    "for q in range(2):\n    y = {e}  # noqa",
    "for q in range(2):\n    y = {e}  # noqa: NIH101",
    "y = {e}\t# a tab-separated comment",
    "y = (yield {e})",
    "global_name = not {e}",
    "y: object = {e}",
    "y = [*{e}]",
    "\x0cy = {e}",
    "if p:\n\ty = {e}\n\tz = [1,\t{e}]",
    "x = \\\n    {e}",
    "q = 1; y = {e}; z = 2",
    "y = '''\nmulti-line'''; z = {e}",
    "z = (yield_ := {e})",
    "match {e}:\n    case _:\n        pass",
]

ARGUMENTS = {"p": ["p", "'x.log'", "path[0]", "b'name'", "name.format(1)", "'é'"],
             "a": ["a", "'src'", "[a]", "args"], "b": ["b", "'dst'"],
             "fd": ["fd", "3", "f.fileno()"]}

SETTINGS = [
    Settings(min_python=(2, 7), min_python_source="fuzz", unsafe_fixes=True, scope="always"),
    Settings(min_python=(2, 7), min_python_source="fuzz", unsafe_fixes=True, scope="module"),
    Settings(min_python=(3, 3), min_python_source="fuzz", unsafe_fixes=True, scope="always"),
    Settings(min_python=(3, 4), min_python_source="fuzz", unsafe_fixes=True, scope="always",
             platforms=frozenset({"linux"})),
    Settings(min_python=(3, 8), min_python_source="fuzz", unsafe_fixes=True),
]

PRELUDES = ["", '"""Docstring."""\n', "# -*- coding: utf-8 -*-\n", "from __future__ import print_function\n",
            '"""Doc."""\nfrom __future__ import absolute_import\n', "#!/usr/bin/env python\n"]
SHADOWS = ["", "ftools = 1\n", "import ftools\n", "def open(*a):\n    pass\n", "from os import *\n",
           "import threading\n"]


def _fill(template: str, draw) -> str:
    values = {key: draw(st.sampled_from(choices)) for key, choices in ARGUMENTS.items()}
    return template.format(**values)


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line.strip() else line for line in text.split("\n"))


def _statement(draw) -> Tuple[str, str]:
    imports, template = draw(st.sampled_from(CALLS))
    call = _fill(template, draw)
    context = draw(st.sampled_from(CONTEXTS))
    statement = context.replace("{e}", "\0").replace("{{", "{").replace("}}", "}").replace("\0", call)
    if "yield" in statement:
        statement = "def gen():\n" + _indent(statement, "    ")
    if draw(st.booleans()):  # sometimes nest the statement inside a function body
        statement = "def wrapper(p, a, b, fd):\n" + _indent(statement, "    ")
    return imports, statement


@st.composite
def leaky_modules(draw, splice: bool = True) -> str:
    """A module of 1-6 leaky statements, optionally spliced with a hypothesmith program."""
    imports, statements = [], []
    for _ in range(draw(st.integers(1, 6))):
        imp, statement = _statement(draw)
        if imp and imp not in imports:
            imports.append(imp)
        statements.append(statement)
    if draw(st.booleans()):
        imports.reverse()
    head = draw(st.sampled_from(PRELUDES)) + "".join(i + "\n" for i in imports)
    head += draw(st.sampled_from(SHADOWS))
    body = "\n".join(statements) + "\n"
    if splice and draw(st.booleans()):
        generated = draw(hypothesmith.from_grammar())
        if "__future__" not in generated:
            where = draw(st.sampled_from(["before", "after"]))
            body = (generated.rstrip("\n") + "\n" + body) if where == "before" else \
                (body + generated)
    source = head + body
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    if "\r" not in source:  # one line-ending style per file
        source = source.replace("\n", newline)
    return source


def parses(source: str) -> Optional[ast.Module]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None


@dataclass
class Outcome:
    fixable_before: int
    changed: bool
    refused: Optional[str] = None  # SourceError message when the codemod declined the file
    not_fixed: int = 0  # fixes the codemod reported as not applied


def _newlines(source: str) -> set:
    """The line-ending styles used anywhere in `source` (string literals included)."""
    styles = set()
    if "\r\n" in source:
        styles.add("\r\n")
    if "\n" in source.replace("\r\n", ""):
        styles.add("\n")
    if "\r" in source.replace("\r\n", ""):
        styles.add("\r")
    return styles


def fixable(tree: ast.Module, settings: Settings) -> List:
    return [f for f in check(tree, settings) if f.fix is not None]


def check_fix_property(source: str, settings: Settings) -> Outcome:
    """Assert: check() does not raise; fixing leaves `source` unchanged, or yields source that
    parses, on which no fixable finding is left (apart from `# noqa`'d ones), and which a second
    fix leaves unchanged."""
    tree = parses(source)
    assert tree is not None
    noqa = NoqaLines(source)
    before = [f for f in fixable(tree, settings)
              if settings.selects(f.code) and not noqa.suppresses(f.code, f.line)]
    try:
        result = fix_source(source, settings)
    except SourceError as exc:
        return Outcome(len(before), False, str(exc))
    if not result.changed:
        assert result.source == source
        assert not before or result.not_fixed, f"fixable findings silently not fixed: {before}"
        return Outcome(len(before), False, not_fixed=len(result.not_fixed))
    new_tree = parses(result.source)
    assert new_tree is not None, f"rewritten source does not parse:\n{result.source}"
    assert _newlines(result.source) <= _newlines(source) or not _newlines(source), (
        f"line endings changed: {_newlines(source)} -> {_newlines(result.source)}")
    remaining = fix_source(result.source, settings)
    assert not remaining.changed, (
        f"second fix changed the source again:\n--- first:\n{result.source}\n--- second:\n"
        f"{remaining.source}")
    noqa = NoqaLines(result.source)
    left = [f for f in fixable(new_tree, settings) if not noqa.suppresses(f.code, f.line)]
    assert not left, f"fixable findings left after the fix: {left}\n{result.source}"
    return Outcome(len(before), True, not_fixed=len(result.not_fixed))
