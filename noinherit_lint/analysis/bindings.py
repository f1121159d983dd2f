"""Flags built before ``os.open``: the expressions a flags name can hold (issue 10).

`flag_values(names, tree, function, name)`: ``os.open(path, flags)`` where ``flags`` is built in
the same function (``flags = os.O_WRONLY | os.O_CREAT``, ``flags |= os.O_EXCL``) or is a module
constant made of ``os.O_*`` names: the expressions the name can hold, or None when it can hold
anything else (a parameter, an unknown call, a loop).  (The other name-resolution misses of
issue 10 -- ``name = None`` next to an import, module-level aliases, ``getattr(module, "name")``
-- are read by `noinherit_lint.names` itself.)
"""

from __future__ import annotations

import ast
from typing import List, Optional

from noinherit_lint.analysis.index import FunctionNode, module_level_statements
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
        values = _assigned_values(ast.walk(function), name)
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
