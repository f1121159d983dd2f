"""`ast.iter_child_nodes` and `ast.walk` without their generators (issue 10, speed).

The analyses walk function bodies and whole modules; the stdlib's helpers stack three generators
per node (`ast.walk`, `iter_child_nodes`, `iter_fields`).  These give the same nodes in the same
order, built in plain loops over each node type's ``_fields``:

- `child_nodes(node)`: ``list(ast.iter_child_nodes(node))``;
- `walk(node)`: ``list(ast.walk(node))`` (breadth first, `node` first);
- `parent_map(tree)`: ``{id(child): parent}`` for every node below `tree`, as
  ``{id(c): n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}`` builds it;
- `calls_in(nodes)`: the calls that `nodes` execute, depth first (nested function, class and
  lambda nodes are not entered: their bodies do not run there).
"""

from __future__ import annotations

import ast
from typing import Dict, Iterable, Iterator, List, Tuple

_AST = ast.AST
_CALL = ast.Call
_NESTED_SCOPES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda})
_FIELDS: Dict[type, Tuple[str, ...]] = {}
# Fields that hold a name, a number or a flag (never a node), so not read; a constant's ``value``
# and ``kind`` neither.  ``name`` is a string everywhere except in ``type X = ...`` (3.12+), whose
# ``name`` is a Name node.
_SCALAR_FIELDS = frozenset({"id", "attr", "name", "asname", "arg", "type_comment", "level", "module",
                            "conversion", "is_async", "kind", "tag", "rest", "kwd_attrs"})
_NODE_NAMED = frozenset(kind for kind in (getattr(ast, "TypeAlias", None),) if kind is not None)
# calls_in's fields: without ``ctx`` (Load/Store/Del: no children, never a call)
_EXPRESSION_FIELDS: Dict[type, Tuple[str, ...]] = {}


def _fields_of(kind: type) -> Tuple[str, ...]:
    """The fields of `kind` that may hold a node, remembered; the loops below read `_FIELDS` first
    and call this only for a type not seen yet (``()``, as for ``Load`` and the operators, is an
    answer)."""
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = () if kind is ast.Constant else tuple(
            f for f in kind._fields  # type: ignore[attr-defined]
            if f not in _SCALAR_FIELDS or (f == "name" and kind in _NODE_NAMED))
        _FIELDS[kind] = fields
    return fields


def child_nodes(node: ast.AST) -> List[ast.AST]:
    children: List[ast.AST] = []
    fields = _FIELDS.get(type(node))
    for name in _fields_of(type(node)) if fields is None else fields:
        value = getattr(node, name, None)
        if type(value) is list:
            for item in value:
                if isinstance(item, _AST):
                    children.append(item)
        elif isinstance(value, _AST):
            children.append(value)
    return children


def walk(node: ast.AST) -> List[ast.AST]:
    nodes = [node]
    append = nodes.append
    for current in nodes:  # grows while it is read: breadth first, as ast.walk
        fields = _FIELDS.get(type(current))
        for name in _fields_of(type(current)) if fields is None else fields:
            value = getattr(current, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, _AST):
                        append(item)
            elif isinstance(value, _AST):
                append(value)
    return nodes


def parent_map(tree: ast.AST) -> Dict[int, ast.AST]:
    parents: Dict[int, ast.AST] = {}
    nodes = [tree]
    append = nodes.append
    for current in nodes:
        fields = _FIELDS.get(type(current))
        for name in _fields_of(type(current)) if fields is None else fields:
            value = getattr(current, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, _AST):
                        parents[id(item)] = current
                        append(item)
            elif isinstance(value, _AST):
                parents[id(value)] = current
                append(value)
    return parents


def calls_in(nodes: Iterable[ast.AST]) -> Iterator[ast.Call]:
    stack = list(nodes)
    pop, push = stack.pop, stack.append
    nested = _NESTED_SCOPES
    fields_of = _EXPRESSION_FIELDS
    while stack:
        node = pop()
        if isinstance(node, _CALL):
            yield node
        fields = fields_of.get(type(node))
        if fields is None:
            fields = fields_of[type(node)] = tuple(f for f in _fields_of(type(node)) if f != "ctx")
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, _AST) and type(item) not in nested:
                        push(item)
            elif isinstance(value, _AST) and type(value) not in nested:
                push(value)
