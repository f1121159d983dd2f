"""Imports that the rewrite left unused: removed, and nothing else.

An import is removed when it is a module-level ``import``/``from ... import`` statement (not
``__future__``, not a star import, not in a package's ``__init__.py``, where imports are
re-exports, not marked ``# noqa``), the name it binds was read before the rewrite, and is read
nowhere after it (``__all__`` counts as a read).  Only the statement's own lines change: libcst's
`RemoveImportsVisitor` edits the statement alone (its text is Python 3 also in a Python 2 module) (``import os, shutil`` -> ``import os``), and a
statement left empty is deleted with its line; the comments above it stay.
"""

from __future__ import annotations

import ast
import os
from typing import List, Optional, Set, Tuple

from noinherit_lint.lines import split_lines

Removal = Tuple[str, Optional[str], Optional[str]]  # RemoveImportsVisitor's (module, obj, asname)


def _reads(tree: ast.Module) -> Set[str]:
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    for node in tree.body:  # __all__ = ["name", ...]
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and node.value is not None:
                names.update(c.value for c in ast.walk(node.value)
                             if isinstance(c, ast.Constant) and isinstance(c.value, str))
    return names


def _unused_aliases(statement: ast.stmt, before: Set[str], after: Set[str]) -> List[Removal]:
    removals: List[Removal] = []
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            bound = alias.asname or alias.name.partition(".")[0]
            if bound in before and bound not in after:
                removals.append((alias.name, None, alias.asname))
    elif isinstance(statement, ast.ImportFrom) and statement.module != "__future__":
        module = "." * statement.level + (statement.module or "")
        for alias in statement.names:
            bound = alias.asname or alias.name
            if alias.name != "*" and bound in before and bound not in after:
                removals.append((module, alias.name, alias.asname))
    return removals


def remove_unused_imports(old_tree: ast.Module, new_source: str, filename: str) -> Tuple[str, List[str]]:
    """(`new_source` without the imports the rewrite left unused, the names removed)."""
    if os.path.basename(filename) == "__init__.py":
        return new_source, []
    from noinherit_lint import parsing

    try:
        new_tree = parsing.parse(new_source, filename).tree  # Python 3 or Python 2 text
    except (parsing.Unparsable, ValueError, RecursionError, MemoryError):
        return new_source, []
    before, after = _reads(old_tree), _reads(new_tree)
    if not before - after:
        return new_source, []
    import libcst as cst
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import RemoveImportsVisitor

    lines = split_lines(new_source)
    body = new_tree.body
    removed: List[str] = []
    for index in range(len(body) - 1, -1, -1):
        statement = body[index]
        removals = _unused_aliases(statement, before, after)
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
        removed.extend(r[2] or (r[1] or r[0]) for r in removals)
    return "".join(lines), sorted(removed)
