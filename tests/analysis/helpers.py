"""Build a `ModuleIndex` from source and find calls in it by their text."""

from __future__ import annotations

import ast
import textwrap

from noinherit_lint.analysis.index import ModuleIndex
from noinherit_lint.checker import _registry_views
from noinherit_lint.names import ModuleNames


def index_of(source: str) -> ModuleIndex:
    tree = ast.parse(textwrap.dedent(source))
    return ModuleIndex(tree, ModuleNames(tree, _registry_views()[1]))


def call_at(index: ModuleIndex, marker: str, occurrence: int = 0) -> ast.Call:
    """The outermost call whose source text starts with `marker` (the n-th such call by position)."""
    found = sorted(
        (node for node in ast.walk(index.tree)
         if isinstance(node, ast.Call) and ast.unparse(node).startswith(marker.replace('"', "'"))),
        key=lambda node: (node.lineno, node.col_offset, -node.end_col_offset),
    )
    outermost = []
    for node in found:
        if not any(o is not node and (o.lineno, o.col_offset) == (node.lineno, node.col_offset) for o in outermost):
            outermost.append(node)
    return outermost[occurrence]
