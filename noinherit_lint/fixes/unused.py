"""Imports that the rewrite left unused: removed, and nothing else.

An import is removed when it is a module-level ``import``/``from ... import`` statement (not
``__future__``, not a star import, not in a package's ``__init__.py``, where imports are
re-exports, not marked ``# noqa``), the name it binds was read before the rewrite, and is read
nowhere after it (``__all__`` counts as a read).  Only the statement's own lines change: libcst's
`RemoveImportsVisitor` edits the statement alone (its text is Python 3 also in a Python 2 module)
(``import os, shutil`` -> ``import os``), and a statement left empty is deleted with its line; the
comments above it stay.

Two steps, so that the old tree can be freed before the new text is parsed (`import_pass`):
`removal_candidates` reads the old tree (the names that may have become unused), and
`remove_unused_imports` reads the new one.  An edit changes only the text inside its fix's span,
so a name read anywhere outside the spans of the fixes made is still read after the rewrite: it
is no candidate, and a module without candidates needs no new tree at all.
"""

from __future__ import annotations

import ast
import os
from bisect import bisect_right
from typing import FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple

from noinherit_lint.findings import Span
from noinherit_lint.lines import split_lines

Removal = Tuple[str, Optional[str], Optional[str]]  # RemoveImportsVisitor's (module, obj, asname)


def _read_nodes(tree: ast.Module) -> Iterator[Tuple[str, ast.AST]]:
    """(name, node) for every read: each `Name`, and each string of ``__all__ = ["name", ...]``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node.id, node
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and node.value is not None:
                for c in ast.walk(node.value):
                    if isinstance(c, ast.Constant) and isinstance(c.value, str):
                        yield c.value, c


def _reads(tree: ast.Module) -> Set[str]:
    return {name for name, _ in _read_nodes(tree)}


def _bound_names(statement: ast.stmt) -> Iterator[str]:
    """The names a module-level import binds that the removal may take away."""
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            yield alias.asname or alias.name.partition(".")[0]
    elif isinstance(statement, ast.ImportFrom) and statement.module != "__future__":
        for alias in statement.names:
            if alias.name != "*":
                yield alias.asname or alias.name


class _Spans:
    """Is a node inside one of some spans?  Sorted by start, with the furthest end so far."""

    def __init__(self, spans: Sequence[Span]) -> None:
        ordered = sorted(((s.line, s.col), (s.end_line, s.end_col)) for s in spans)
        self._starts = [start for start, _ in ordered]
        self._furthest: List[Tuple[int, int]] = []
        for _, end in ordered:
            self._furthest.append(max(end, self._furthest[-1]) if self._furthest else end)

    def hold(self, node: ast.AST) -> bool:
        index = bisect_right(self._starts, (node.lineno, node.col_offset))
        return bool(index) and self._furthest[index - 1] >= (node.end_lineno, node.end_col_offset)


def removal_candidates(old_tree: ast.Module, fix_spans: Sequence[Span], filename: str) -> FrozenSet[str]:
    """The names whose module-level import the fixes made at `fix_spans` may have left unused:
    bound by such an import, read in `old_tree`, and read only inside those spans."""
    if os.path.basename(filename) == "__init__.py":
        return frozenset()
    bound = {name for statement in old_tree.body for name in _bound_names(statement)}
    if not bound:
        return frozenset()
    inside = _Spans(fix_spans)
    read_inside: Set[str] = set()
    read_outside: Set[str] = set()
    for name, node in _read_nodes(old_tree):
        if name in bound and name not in read_outside:
            (read_inside if inside.hold(node) else read_outside).add(name)
    return frozenset(read_inside - read_outside)


def _unused_aliases(statement: ast.stmt, candidates: FrozenSet[str], after: Set[str]) -> List[Removal]:
    removals: List[Removal] = []
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            bound = alias.asname or alias.name.partition(".")[0]
            if bound in candidates and bound not in after:
                removals.append((alias.name, None, alias.asname))
    elif isinstance(statement, ast.ImportFrom) and statement.module != "__future__":
        module = "." * statement.level + (statement.module or "")
        for alias in statement.names:
            bound = alias.asname or alias.name
            if alias.name != "*" and bound in candidates and bound not in after:
                removals.append((module, alias.name, alias.asname))
    return removals


def remove_unused_imports(new_tree: ast.Module, new_source: str, candidates: FrozenSet[str],
                          line: Optional[int] = None) -> Tuple[str, List[str], Optional[int]]:
    """(`new_source`, whose ast is `new_tree`, without the imports of `candidates` that nothing
    reads any more; the names removed; the number of its `line` (the last of a statement) after
    the removal)."""
    after = _reads(new_tree)
    if not candidates - after:
        return new_source, [], line
    import libcst as cst
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import RemoveImportsVisitor

    lines = split_lines(new_source)
    body = new_tree.body
    removed: List[str] = []
    after_line: Optional[int] = None  # how many lines follow `line`: fixed once the loop passes it
    for index in range(len(body) - 1, -1, -1):
        statement = body[index]
        if line is not None and after_line is None and statement.lineno <= line:
            after_line = len(lines) - line
        removals = _unused_aliases(statement, candidates, after)
        if not removals:
            continue
        first, last = statement.lineno, statement.end_lineno
        shares = (index and body[index - 1].end_lineno >= first) or (
            index + 1 < len(body) and body[index + 1].lineno <= last)
        text = "".join(lines[first - 1:last])
        if shares or "noqa" in text or statement.col_offset:
            continue
        try:
            edited = RemoveImportsVisitor(CodemodContext(), removals).transform_module(cst.parse_module(text)).code
        except cst.ParserSyntaxError:
            continue
        if edited.strip():
            lines[first - 1:last] = [edited]
        else:
            del lines[first - 1:last]
            between_blanks = first >= 2 and not lines[first - 2].strip()
            if between_blanks and first - 1 < len(lines) and not lines[first - 1].strip():
                del lines[first - 1]  # a section left empty: one blank line between its neighbours
            while first == 1 and lines and not lines[0].strip():
                del lines[0]  # the module's first statement: what follows starts the module
        removed.extend(r[2] or (r[1] or r[0]) for r in removals)
    if line is not None:
        line = len(lines) - (len(lines) - line if after_line is None else after_line)
    return "".join(lines), sorted(removed), line
