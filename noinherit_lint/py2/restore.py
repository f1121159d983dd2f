"""Turn the Python 3 tree of the rewritten text into the tree of the original Python 2 text.

1. Markers: a ``print`` statement was parsed as ``yield``, an ``exec`` statement as ``not``; the
   expression statement gets the operands back (``print x, y`` -> the tuple ``x, y``; a bare
   ``print`` -> an empty tuple; ``print "s"`` -> the tuple ``("s",)``, which no one takes for a
   docstring; ``exec code in ns`` -> ``code in ns``), so the tree has neither a ``Yield`` nor a
   ``Call`` that Python 2.7's own tree does not have.
2. Columns: nodes on the lines whose length changed get their original columns back
   (`columns.ColumnMap`).
   Both in one walk that enters only the nodes whose lines hold a marker or a moved column.
3. Names: the placeholders of ``async``/``await``/``nonlocal`` names get their names back.
"""

from __future__ import annotations

import ast
from ast import AST
import re
from bisect import bisect_left
from typing import Dict, Tuple

from noinherit_lint.py2.columns import ColumnMap

def restore(tree: ast.Module, markers: Dict[Tuple[int, int], str], columns: ColumnMap,
            renames: Dict[str, str]) -> None:
    if markers or columns:
        _restore_lines(tree, markers, columns)
    if renames:
        _rename(tree, renames)


def _restore_lines(tree: ast.Module, markers: Dict[Tuple[int, int], str], columns: ColumnMap) -> None:
    """One walk that enters only the nodes whose lines hold a marker or a moved column."""
    lines = sorted({line for line, _ in markers} | set(columns.lines))
    moved = columns.lines
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        first = getattr(node, "lineno", None)
        if first is not None:
            last = node.end_lineno
            decorators = getattr(node, "decorator_list", None)
            if decorators:  # decorators come before the `def` line
                first = min(first, decorators[0].lineno)
            index = bisect_left(lines, first)
            if index == len(lines) or lines[index] > last:
                continue  # nothing to restore in this node, nor in its children
            kind = type(node)
            if kind is ast.Expr:
                marker = markers.get((node.value.lineno, node.value.col_offset))
                if marker is not None:
                    node.value = _unmark(node.value, marker)
            elif kind is ast.ExceptHandler and markers.get((node.lineno, node.col_offset)) == "except":
                _unpack_target(node)
            if moved:
                if node.lineno in moved:
                    node.col_offset = columns.start(node.lineno, node.col_offset)
                if last in moved:
                    node.end_col_offset = columns.end(last, node.end_col_offset)
        elif not isinstance(node, AST):
            continue  # None (a ``**`` key of a Dict) or a name (of a Global)
        for name in node._fields:  # `ast.iter_child_nodes` without the generator
            value = getattr(node, name, None)
            if type(value) is list:
                stack.extend(value)
            elif isinstance(value, AST):
                stack.append(value)


def _unmark(value: ast.expr, kind: str) -> ast.expr:
    if kind == "print" and isinstance(value, ast.Yield):
        operand = value.value
        if isinstance(operand, ast.Constant) and isinstance(operand.value, (str, bytes)):
            # ``print "x"`` as a bare string would read as a docstring (the codemod would put its
            # import after it): one operand is the tuple of one, as ``print "x",`` is.
            return ast.copy_location(ast.Tuple(elts=[operand], ctx=ast.Load()), operand)
        if operand is not None:
            return operand
        empty = ast.Tuple(elts=[], ctx=ast.Load())
        return ast.copy_location(empty, value)
    if kind == "exec":
        if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.Not):
            return value.operand
        if isinstance(value, ast.Tuple) and value.elts and isinstance(value.elts[0], ast.UnaryOp):
            value.elts[0] = value.elts[0].operand  # `exec code in g, l`
    return value


def _unpack_target(handler: ast.ExceptHandler) -> None:
    """``except E, (a, b):`` was parsed as ``except (E, (a, b)):``: the type is E again and the
    handler starts by assigning the target (Python 2 binds it there; Python 3 can bind a name
    only), written as ``(a, b) = ...``."""
    exception_type, target = handler.type.elts
    handler.type = exception_type
    for node in ast.walk(target):
        if hasattr(node, "ctx"):
            node.ctx = ast.Store()
    _load_inside(target)
    value = ast.copy_location(ast.Constant(value=Ellipsis), target)
    assign = ast.copy_location(ast.Assign(targets=[target], value=value), target)
    handler.body.insert(0, assign)


def _load_inside(target: ast.expr) -> None:
    """In ``self.error`` or ``d[k]`` only the outer node is stored to; the rest is read."""
    stack = [target]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Tuple, ast.List)):
            stack.extend(node.elts)
        elif isinstance(node, ast.Starred):
            stack.append(node.value)
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            for inner in ast.walk(node.value):
                if hasattr(inner, "ctx"):
                    inner.ctx = ast.Load()
            if isinstance(node, ast.Subscript):
                for inner in ast.walk(node.slice):
                    if hasattr(inner, "ctx"):
                        inner.ctx = ast.Load()


def _rename(tree: ast.Module, renames: Dict[str, str]) -> None:
    pattern = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, renames)))

    def original(name):
        return pattern.sub(lambda m: renames[m.group()], name) if isinstance(name, str) else name

    for node in ast.walk(tree):
        for field in ("id", "attr", "arg", "name", "asname", "module"):
            value = getattr(node, field, None)
            if isinstance(value, str):
                setattr(node, field, original(value))
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            node.names = [original(name) for name in node.names]
