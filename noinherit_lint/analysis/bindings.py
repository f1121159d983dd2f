"""Flags built before ``os.open``: the expressions a flags name can hold (issue 10).

`flag_values(names, tree, function, name)`: ``os.open(path, flags)`` where ``flags`` is built in
the same function (``flags = os.O_WRONLY | os.O_CREAT``, ``flags |= os.O_EXCL``) or is a module
constant made of ``os.O_*`` names: the expressions the name can hold, or None when it can hold
anything else (a parameter, an unknown call, a loop).  (The other name-resolution misses of
issue 10 -- ``name = None`` next to an import, module-level aliases, ``getattr(module, "name")``
-- are read by `noinherit_lint.names` itself.)

`dict_keywords(function, name)`: ``Popen(cmd, **kwargs)`` where ``kwargs`` is built in the same
function as ``dict(stdin=PIPE, ...)`` or ``{"stdin": PIPE, ...}`` (then ``kwargs["stdout"] = ...``
adds to it): the keywords it holds, or None when it can hold anything else.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional

from noinherit_lint.analysis.index import FunctionNode, module_level_statements
from noinherit_lint.analysis.nodes import walk
from noinherit_lint.names import ModuleNames


# --------------------------------------------------------------------------- flags


def flag_values(names: ModuleNames, tree: ast.Module, function: Optional[ast.AST], name: str) -> Optional[List[ast.expr]]:
    """Every expression local (or module) `name` is given before use: ``=`` values and ``|=``
    operands in `function`, else the module's single assignment.  None: bound any other way."""
    if function is not None:
        arguments = function.args if isinstance(function, FunctionNode) else None
        if arguments is not None and name in {a.arg for a in arguments.posonlyargs + arguments.args
                                              + arguments.kwonlyargs} | {a.arg for a in (arguments.vararg, arguments.kwarg) if a}:
            return None
        values = _assigned_values(walk(function), name)
        if values is None or values:
            return values
    values = _assigned_values(module_level_statements(tree.body), name)
    if not values or len(names.module_scope.bindings.get(name, ())) != 1:
        return None
    return values


def _assigned_values(nodes, name: str) -> Optional[List[ast.expr]]:
    values: List[ast.expr] = []
    for node in nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    values.append(node.value)
                elif any(isinstance(e, ast.Name) and e.id == name for e in ast.walk(target)):
                    return None
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
            if not isinstance(node.op, (ast.BitOr, ast.Add)):
                return None  # flags &= ~os.O_CLOEXEC and the like: not a combination we read
            values.append(node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.NamedExpr, ast.AnnAssign)):
            target = getattr(node, "target", None)
            parts = [target] + [i.optional_vars for i in getattr(node, "items", [])]
            if any(p is not None and any(isinstance(e, ast.Name) and e.id == name for e in ast.walk(p)) for p in parts):
                return None
    return values


# --------------------------------------------------------------------------- **kwargs


def dict_keywords(function: Optional[ast.AST], name: str) -> Optional[Dict[str, ast.expr]]:
    """The keywords local `name` holds: one ``name = dict(k=v, ...)`` / ``{"k": v}`` in `function`,
    plus ``name["k"] = v`` stores.  None: a parameter, rebound, updated some other way, or unseen."""
    if not isinstance(function, FunctionNode):
        return None
    arguments = function.args
    if name in {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs} | \
            {a.arg for a in (arguments.vararg, arguments.kwarg) if a}:
        return None
    found: Optional[Dict[str, ast.expr]] = None
    for node in walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    if found is not None:
                        return None  # bound twice
                    found = _literal_keywords(node.value)
                    if found is None:
                        return None
                elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and \
                        target.value.id == name:
                    key = target.slice
                    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                        return None  # added to under a key we cannot read
                elif any(isinstance(e, ast.Name) and e.id == name for e in ast.walk(target)):
                    return None
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.NamedExpr)):
            target = node.target
            if any(isinstance(e, ast.Name) and e.id == name for e in ast.walk(target)):
                return None
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == name and \
                node.func.attr in ("update", "setdefault", "pop", "clear", "popitem"):
            return None
    if found is None:
        return None
    for node in walk(function):  # `name["stdout"] = PIPE` adds a keyword
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and \
                        target.value.id == name:
                    found[target.slice.value] = node.value  # type: ignore[attr-defined]
    return found


def _literal_keywords(value: ast.expr) -> Optional[Dict[str, ast.expr]]:
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict" \
            and not value.args and all(k.arg is not None for k in value.keywords):
        return {k.arg: k.value for k in value.keywords}  # type: ignore[misc]
    if isinstance(value, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str)
                                           for k in value.keys):
        return {k.value: v for k, v in zip(value.keys, value.values)}  # type: ignore[union-attr]
    return None
