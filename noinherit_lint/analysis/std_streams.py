"""Expressions that denote descriptors 0, 1 and 2, and creation calls that get one of those numbers.

Children are meant to share the standard streams: ``os.dup2(x, sys.stdout.fileno())`` redirects
stdout, and ``open("/dev/null")`` right after ``os.close(0)`` *is* the new stdin (the kernel
gives the lowest free number).  `is_std_fd(index, expr, at)` says whether `expr` is one of

- a literal 0, 1 or 2; ``pty.STDIN_FILENO`` / ``STDOUT_FILENO`` / ``STDERR_FILENO``;
- ``s.fileno()`` where ``s`` is ``sys.stdin/stdout/stderr`` or ``sys.__stdin__``... (any
  import style), or a name bound in the same function to one of those streams;
- a name bound in the same function only to such expressions (``fd = sys.stdout.fileno()``);
- ``param.fileno()`` / ``param`` where `param` is a parameter of a module function and every
  call of that function in the module passes a standard stream (or a standard fd) there
  (``redirect(sys.stdout, 1)``, ``redirect_stream(sys.stdin, ...)``).

`holds_std_fd(index, expr, at)` is that, or a name bound only to a creation call that gets a
standard descriptor number (below).

`creates_std_fd(index, call)` says whether a creation call's result is fd 0, 1 or 2 because the
statements just before it in the same block closed standard descriptors that no creation took
since: ``os.close(0)``, ``os.closerange(0, 3)`` (any literal range starting at 0), or it is
assigned to ``sys.stdin``/``sys.stdout``/``sys.stderr`` right after such a close.

Not seen: a helper in another function that closed everything first (python-daemon's
``close_all_open_files()``).
"""

from __future__ import annotations

import ast
from typing import Callable, List, Optional, Set

from noinherit_lint.analysis.index import FunctionNode, ModuleIndex

STD_STREAMS = ("sys.stdin", "sys.stdout", "sys.stderr", "sys.__stdin__", "sys.__stdout__", "sys.__stderr__")
STD_FILENOS = ("pty.STDIN_FILENO", "pty.STDOUT_FILENO", "pty.STDERR_FILENO")
_CREATORS = ("os.open", "os.dup", "os.pipe", "os.openpty", "pty.openpty", "builtins.open", "builtins.file",
             "io.open", "codecs.open", "io.FileIO", "socket.socket", "socket.fromfd")


def is_std_fd(index: ModuleIndex, expr: ast.expr, at: ast.Call, depth: int = 0) -> bool:
    """Does `expr`, evaluated where the call `at` is, denote descriptor 0, 1 or 2?"""
    if isinstance(expr, ast.Constant):
        return type(expr.value) is int and expr.value in (0, 1, 2)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "fileno" \
            and not expr.args:
        return is_std_stream(index, expr.func.value, at, depth)
    if isinstance(expr, (ast.Name, ast.Attribute)) and any(q in STD_FILENOS for q in index.resolve(expr, at)):
        return True
    if isinstance(expr, ast.Name) and depth < _MAX_DEPTH:
        return _bound_only_to(index, expr.id, at, lambda value, where: is_std_fd(index, value, where, depth + 1))
    return False


def is_std_stream(index: ModuleIndex, expr: ast.expr, at: ast.Call, depth: int = 0) -> bool:
    """Does `expr` denote ``sys.stdin``/``stdout``/``stderr`` (or their ``__std*__`` originals)?"""
    if any(q in STD_STREAMS for q in index.resolve(expr, at)):
        return True
    if isinstance(expr, ast.Name) and depth < _MAX_DEPTH:
        return _bound_only_to(index, expr.id, at, lambda value, where: is_std_stream(index, value, where, depth + 1))
    return False


_MAX_DEPTH = 3  # names bound to names bound to ... (and callers of callers) followed this far


def _bound_only_to(index: ModuleIndex, name: str, at: ast.Call, judge: Callable[[ast.expr, ast.Call], bool]) -> bool:
    """Every value local `name` can hold where `at` is satisfies `judge(value, call it is judged at)`:
    the values assigned in the enclosing function, or, for a parameter that the function never
    rebinds, the argument every call of the function in the module passes."""
    function = index.enclosing(index.path_to(at), FunctionNode)
    if function is None:
        return False
    values: List[ast.expr] = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                values.append(node.value)
            elif any(isinstance(e, ast.Name) and e.id == name for t in node.targets for e in ast.walk(t)):
                return False  # unpacked from something we do not follow
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.NamedExpr, ast.withitem)):
            target = getattr(node, "target", None) or getattr(node, "optional_vars", None)
            if target is not None and any(isinstance(e, ast.Name) and e.id == name for e in ast.walk(target)):
                return False
    arguments = function.args
    parameters = [a.arg for a in arguments.posonlyargs + arguments.args]
    if name in parameters or name in [a.arg for a in arguments.kwonlyargs]:
        if values or not isinstance(function, FunctionNode):
            return False
        position = parameters.index(name) if name in parameters else None
        return _every_caller_passes(index, function, position, name, judge)
    return bool(values) and all(judge(value, at) for value in values)


def _every_caller_passes(index: ModuleIndex, function: ast.AST, position: Optional[int], name: str,
                         judge: Callable[[ast.expr, ast.Call], bool]) -> bool:
    calls = [call for call, _ in index.names.calls
             if isinstance(call.func, ast.Name) and call.func.id == function.name]
    if not calls:
        return False
    for call in calls:
        value = None
        if position is not None and position < len(call.args) and \
                not any(isinstance(a, ast.Starred) for a in call.args[:position + 1]):
            value = call.args[position]
        else:
            value = next((k.value for k in call.keywords if k.arg == name), None)
        if value is None or not judge(value, call):
            return False
    return True


def holds_std_fd(index: ModuleIndex, expr: ast.expr, at: ast.Call) -> bool:
    """`is_std_fd`, or a name bound in the enclosing function only to creation calls that get a
    standard descriptor number (``os.closerange(0, 3)`` then ``fd = os.open(os.devnull, ...)``)."""
    if is_std_fd(index, expr, at):
        return True
    return isinstance(expr, ast.Name) and _bound_only_to(
        index, expr.id, at, lambda value, _: isinstance(value, ast.Call) and creates_std_fd(index, value))


# --------------------------------------------------------------------------- creations


def creates_std_fd(index: ModuleIndex, call: ast.Call) -> bool:
    """The creation call gets a standard descriptor number: std fds were closed just before."""
    path = index.path_to(call)
    statement = next((n for n in reversed(path) if isinstance(n, ast.stmt)), None)
    if statement is None:
        return False
    block = _block_of(path, statement)
    if block is None:
        return False
    free: Set[int] = set()
    for earlier in block[:block.index(statement)]:
        free |= _closed_std_fds(index, earlier)
        if free:  # creations only matter once a standard descriptor is free
            free -= set(sorted(free)[:_creations(index, earlier)])
    return bool(free)


def _block_of(path: List[ast.AST], statement: ast.stmt) -> Optional[List[ast.stmt]]:
    parent = path[path.index(statement) - 1]
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and any(s is statement for s in block):
            return block
    return None


def _closed_std_fds(index: ModuleIndex, statement: ast.stmt) -> Set[int]:
    closed: Set[int] = set()
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return closed
    call = statement.value
    callee = index.callee(call)
    ints = [a.value for a in call.args if isinstance(a, ast.Constant) and type(a.value) is int]
    if "os.close" in callee and len(ints) == 1 and ints[0] in (0, 1, 2):
        closed.add(ints[0])
    if "os.closerange" in callee and len(ints) == 2 and len(call.args) == 2 and ints[0] == 0:
        closed.update(range(0, min(ints[1], 3)))
    return closed


def _creations(index: ModuleIndex, statement: ast.stmt) -> int:
    return sum(1 for node in ast.walk(statement) if isinstance(node, ast.Call)
               and any(q in _CREATORS for q in index.callee(node)))
