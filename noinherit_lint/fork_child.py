"""Which lines run in the child branch of a fork, as far as the ast tells (a module fact).

``pid = os.fork()`` (or ``pid, fd = pty.fork()``, or a fork call right in the test) followed by
``if pid == 0:`` / ``if not pid:`` (the body is the child), ``if pid:`` / ``if pid > 0:`` /
``if pid != 0:`` (the ``else:`` branch is the child), and ``if pid: os._exit(0)``-style parent
exits (the rest of the block is the child).  A pid name counts only in the function (or module)
that assigned it.
"""

from __future__ import annotations

import ast
from functools import partial
from typing import Callable, FrozenSet, List, Optional, Set, Tuple

from noinherit_lint.arguments import is_zero
from noinherit_lint.names import ModuleNames

LineRange = Tuple[int, int]  # first and last line, inclusive

_PARENT_EXITS = ("_exit", "exit")


def child_line_ranges(tree: ast.AST, names: ModuleNames, fork_calls: FrozenSet[str]) -> List[LineRange]:
    """The line ranges of fork-child code; `fork_calls` are the qualified names that fork."""
    forks = _fork_calls(names, fork_calls)
    if not forks:
        return []
    pid_names: Set[Tuple[int, str]] = set()  # (id of the enclosing function or module, name)
    blocks: List[Tuple[int, list]] = []  # statement lists, with their enclosing function
    stack = [(tree, id(tree))]
    while stack:
        node, owner = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            owner = id(node)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and id(node.value) in forks:
            for target in node.targets:
                if isinstance(target, (ast.Tuple, ast.List)) and target.elts:
                    target = target.elts[0]
                if isinstance(target, ast.Name):
                    pid_names.add((owner, target.id))
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(node, field, None)
            if isinstance(statements, list) and statements and isinstance(statements[0], ast.stmt):
                blocks.append((owner, statements))
        stack.extend((child, owner) for child in ast.iter_child_nodes(node))

    def is_pid(expr: ast.expr, owner: int) -> bool:
        if isinstance(expr, ast.NamedExpr):
            expr = expr.value
        if isinstance(expr, ast.Call):
            return id(expr) in forks
        return isinstance(expr, ast.Name) and (owner, expr.id) in pid_names

    ranges: List[LineRange] = []
    for owner, statements in blocks:
        for index, statement in enumerate(statements):
            if not isinstance(statement, ast.If):
                continue
            child_in_body = _child_in_body(statement.test, partial(is_pid, owner=owner))
            if child_in_body is None:
                continue
            child = statement.body if child_in_body else statement.orelse
            if child:
                ranges.append((child[0].lineno, child[-1].end_lineno))
            elif not child_in_body and _ends_in_exit(statement.body) and index + 1 < len(statements):
                rest = statements[index + 1:]
                ranges.append((rest[0].lineno, rest[-1].end_lineno))
    return ranges


def _fork_calls(names: ModuleNames, fork_calls: FrozenSet[str]) -> Set[int]:
    """ids of the calls that resolve to a fork."""
    leaves = {qualname.rpartition(".")[2] for qualname in fork_calls}
    found = set()
    for call, scope in names.calls:
        func = call.func
        leaf = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if leaf in leaves and any(q in fork_calls for q in names.qualnames(func, scope)):
            found.add(id(call))
    return found


def _child_in_body(test: ast.expr, is_pid: Callable[[ast.expr], bool]) -> Optional[bool]:
    """True: the if-body is the child; False: the else branch is; None: not a pid test."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and is_pid(test.operand):
        return True
    if is_pid(test):
        return False
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, op, right = test.left, test.ops[0], test.comparators[0]
        if is_zero(left) and is_pid(right):
            left, right = right, left
            op = {ast.Lt: ast.Gt(), ast.Gt: ast.Lt()}.get(type(op), op)
        if is_pid(left) and is_zero(right):
            if isinstance(op, (ast.Eq, ast.Is)):
                return True
            if isinstance(op, (ast.NotEq, ast.IsNot, ast.Gt)):
                return False
    return None


def _ends_in_exit(statements: list) -> bool:
    last = statements[-1]
    if isinstance(last, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
        return True
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        func = last.value.func
        leaf = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return leaf in _PARENT_EXITS or leaf.startswith("exec")
    return False
