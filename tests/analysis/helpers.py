"""Build a `ModuleIndex` from source and find calls in it by their text."""

from __future__ import annotations

import ast
import textwrap

from noinherit_lint.analysis.index import ModuleIndex
from noinherit_lint import checker  # noqa: F401  (registers the rules, so star_exports knows their names)
from noinherit_lint.registry import star_exports
from noinherit_lint.names import ModuleNames


def index_of(source: str) -> ModuleIndex:
    tree = ast.parse(textwrap.dedent(source))
    return ModuleIndex(tree, ModuleNames(tree, star_exports()))


def call_at(index: ModuleIndex, marker: str, occurrence: int = 0) -> ast.Call:
    """The n-th call (by position) whose text starts with `marker` and whose callee is the text
    before the marker's first "(" (so ``open(`` is the ``open`` call in ``open(p).read()``)."""
    marker = marker.replace('"', "'")
    found = sorted(
        (node for node in ast.walk(index.tree)
         if isinstance(node, ast.Call) and ast.unparse(node).startswith(marker)
         and marker.startswith(ast.unparse(node.func) + "(")),
        key=lambda node: (node.lineno, node.col_offset),
    )
    return found[occurrence]
