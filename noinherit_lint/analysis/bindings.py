"""Name-resolution misses of `noinherit_lint.names`, resolved as a separate pass.

`names.py` makes a name unknown as soon as one of its bindings is not an import, which hides:

1. ``try: import pty`` / ``except ImportError: pty = None`` (and ``subprocess = None`` before the
   import): the ``None`` fallback means "that import, or nothing" -- calling it when it is None
   fails, so every call that runs is the import's; likewise a ``def`` of the same name in the
   ``except ImportError`` handler (``closerange`` for an old ``os``) stands in for the import;
2. module-level aliases bound once by assignment: ``builtin_open = open``, ``move = shutil.move``
   (the 2007 proposal's own module does both);
3. ``epoll = getattr(select, "epoll")`` (with or without a default): ``select.epoll``.

`extend_module_bindings(names, tree)` rewrites the module scope's bindings of such names in place
(and records the new names as import-bound, so that the checker resolves calls through them).  It
only rewrites a name when every non-import binding of it in the module scope is one of the
statements above, so it can never turn a name bound some other way (a ``def``, a parameter, a
second assignment, a ``global`` in a function) into a stdlib name.

`flag_values(names, tree, name, call)` is the fourth miss: ``os.open(path, flags)`` where
``flags`` is built in the same function (``flags = os.O_WRONLY | os.O_CREAT``,
``flags |= os.O_EXCL``) or is a module constant made of ``os.O_*`` names: the expressions the
name can hold, or None when it can hold anything else (a parameter, an unknown call, a loop).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from noinherit_lint.analysis.index import FunctionNode, module_level_statements
from noinherit_lint.names import ModuleNames, canonical


def extend_module_bindings(names: ModuleNames, tree: ast.Module) -> Dict[str, Tuple[str, ...]]:
    """Rewrite the bindings the misses hide; returns {name: qualified names} of what changed."""
    scope = names.module_scope
    nones: Dict[str, int] = dict(_fallback_defs(tree))
    aliases: Dict[str, List[ast.expr]] = {}
    other: Dict[str, int] = {}
    for statement in module_level_statements(tree.body):
        for name, value in _bound_names(statement):
            if value is None:
                if isinstance(statement, FunctionNode) and nones.get(name):
                    continue  # counted as a fallback
                other[name] = other.get(name, 0) + 1
            elif isinstance(value, ast.Constant) and value.value is None:
                nones[name] = nones.get(name, 0) + 1
            else:
                aliases.setdefault(name, []).append(value)
    changed: Dict[str, Tuple[str, ...]] = {}
    for name, bound in list(scope.bindings.items()):
        unknown = sum(1 for b in bound if b is None)
        imports = tuple(dict.fromkeys(b for b in bound if b is not None))
        if not unknown or other.get(name):
            continue
        if imports and nones.get(name, 0) == unknown and name not in aliases:
            scope.bindings[name] = list(imports)  # 1: that import, or nothing
            changed[name] = imports
        elif not imports and unknown == 1 and len(aliases.get(name, ())) == 1 and not nones.get(name):
            target = _alias_target(names, aliases[name][0])
            if target:
                scope.bindings[name] = list(target)  # 2 and 3
                names.import_bound_names.add(name)
                changed[name] = target
    return changed


def _fallback_defs(tree: ast.Module) -> Dict[str, int]:
    """Names defined by ``def`` in the ``except ImportError`` handler of a ``try`` that imports them:
    ``try: from os import closerange / except ImportError: def closerange(lo, hi): ...``."""
    found: Dict[str, int] = {}
    for statement in module_level_statements(tree.body):
        if not isinstance(statement, ast.Try):
            continue
        imported = {(a.asname or a.name).split(".")[0] for s in statement.body
                    if isinstance(s, (ast.Import, ast.ImportFrom)) for a in s.names}
        for handler in statement.handlers:
            caught = ast.unparse(handler.type) if handler.type is not None else ""
            if "ImportError" not in caught and "ModuleNotFoundError" not in caught:
                continue
            for member in handler.body:
                if isinstance(member, FunctionNode) and member.name in imported:
                    found[member.name] = found.get(member.name, 0) + 1
    return found


def _bound_names(statement: ast.stmt):
    """(name, value) for each module-level name a statement binds; value None: not an assignment
    we can read (a def, a loop target, an augmented or unpacking assignment...)."""
    if isinstance(statement, ast.Assign):
        for target in statement.targets:
            if isinstance(target, ast.Name):
                yield target.id, statement.value
            else:
                for node in ast.walk(target):
                    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                        yield node.id, None
    elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        yield statement.target.id, statement.value
    elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield statement.name, None
    elif isinstance(statement, (ast.AugAssign, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)):
        for part in (getattr(statement, "target", None), *(i.optional_vars for i in getattr(statement, "items", []))):
            if part is not None:
                for node in ast.walk(part):
                    if isinstance(node, ast.Name):
                        yield node.id, None
    elif isinstance(statement, ast.Try):
        for handler in statement.handlers:
            if handler.name:
                yield handler.name, None
    # Names bound inside expressions (a walrus) are not listed: names.py counts them as unknown
    # bindings, so the counts above no longer match and the name is left alone (never rewritten).


def _alias_target(names: ModuleNames, value: ast.expr) -> Tuple[str, ...]:
    scope = names.module_scope
    if isinstance(value, (ast.Name, ast.Attribute)):
        return names.qualnames(value, scope)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and \
            names.lookup(value.func.id, scope) == ("builtins.getattr",) and \
            len(value.args) in (2, 3) and not value.keywords and \
            isinstance(value.args[1], ast.Constant) and isinstance(value.args[1].value, str):
        modules = names.qualnames(value.args[0], scope)
        attribute = value.args[1].value
        if modules and attribute.isidentifier():
            return tuple(canonical(f"{m}.{attribute}") for m in modules)
    return ()


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
