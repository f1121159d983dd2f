"""Is FD_CLOEXEC set on a new handle by the statements right after its creation?

``r, w = os.pipe()`` followed by ``fcntl.fcntl(r, fcntl.F_SETFD, fcntl.FD_CLOEXEC)`` (or a helper
named like ``close_on_exec``/``set_close_exec``/``_setCloseOnExec``) is the non-atomic pattern of
the 2007 proposal: not a plain leak, but a window in which another thread that spawns gives its
child the handle.  `cloexec_after(index, call)` returns the names of the created handles that get
marked within the next `WINDOW` statements of the same block, or ``None`` when none is.

Marking is any of, on the handle (``x``, ``x.fileno()``, or each element of ``for p in pair:``):

- ``fcntl.fcntl(x, F_SETFD, <anything mentioning FD_CLOEXEC>)`` or a literal odd argument;
- ``os.set_inheritable(x, False)``, ``x.set_inheritable(False)``;
- a call of a function whose name, without underscores and case, contains ``closeonexec``,
  ``cloexec``, ``closeexec`` or ``noinherit`` (``close_on_exec``, ``set_close_exec``,
  ``_setCloseOnExec``, ``set_cloexec``, ``make_noinherit``).

When the creation is the last statement of a ``try`` body, the statements after the ``try``
follow it.  Handles stored on an attribute (``self.PIPE = os.pipe()``) are matched by the same spelling
(``for p in self.PIPE:``).
"""

from __future__ import annotations

import ast
import re
from typing import List, Optional, Set

from noinherit_lint.analysis.index import ModuleIndex
from noinherit_lint.analysis.nodes import walk

WINDOW = 5  # statements after the creation that may mark it
_HELPER = re.compile(r"closeonexec|cloexec|closeexec|noinherit")


def cloexec_after(index: ModuleIndex, call: ast.Call) -> Optional[Set[str]]:
    path = index.path_to(call)
    statement = next((n for n in reversed(path) if isinstance(n, ast.stmt)), None)
    if not isinstance(statement, (ast.Assign, ast.AnnAssign)) or statement.value is not call:
        return None
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    handles = {ast.unparse(e) for t in targets for e in _elements(t)}
    whole = {ast.unparse(t) for t in targets}
    parent = path[path.index(statement) - 1]
    block = next((getattr(parent, f) for f in ("body", "orelse", "finalbody")
                  if any(s is statement for s in getattr(parent, f, None) or [])), None)
    if block is None:
        return None
    following = block[block.index(statement) + 1:]
    if not following and isinstance(parent, ast.Try) and block is parent.body:
        # `try: sock = socket.socket(...) / except ...: continue` then the marking after the try
        outer_path = path[:path.index(parent)]
        outer = outer_path[-1]
        outer_block = next((getattr(outer, f) for f in ("body", "orelse", "finalbody")
                            if any(s is parent for s in getattr(outer, f, None) or [])), None)
        if outer_block is not None:
            following = outer_block[outer_block.index(parent) + 1:]
    following = following[:WINDOW]
    marked: Set[str] = set()
    for later in following:
        marked |= _marked_in(index, later, handles, whole)
    return marked & handles or None


def _elements(target: ast.expr) -> List[ast.expr]:
    if isinstance(target, (ast.Tuple, ast.List)):
        return [e for t in target.elts for e in _elements(t)]
    return [target]


def _spelled(expr: ast.expr) -> str:
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "fileno":
        expr = expr.func.value
    return ast.unparse(expr)


def _marked_in(index: ModuleIndex, statement: ast.stmt, handles: Set[str], whole: Set[str]) -> Set[str]:
    marked: Set[str] = set()
    aliases = {}  # loop variable -> the handles it walks over
    if isinstance(statement, ast.For) and isinstance(statement.target, ast.Name) and \
            ast.unparse(statement.iter) in whole | handles:
        aliases[statement.target.id] = handles if ast.unparse(statement.iter) in whole else {ast.unparse(statement.iter)}
    for node in walk(statement):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = _spelled(node.func.value) if _is_method_mark(index, node) else _spelled(node.args[0])
        covered = aliases.get(first, {first} & handles)
        if covered and _marks(index, node):
            marked |= covered
    return marked


def _is_method_mark(index: ModuleIndex, call: ast.Call) -> bool:
    """``sock.set_inheritable(...)`` on an object (not ``os.set_inheritable``)."""
    return isinstance(call.func, ast.Attribute) and call.func.attr == "set_inheritable" and not index.callee(call)


def _marks(index: ModuleIndex, call: ast.Call) -> bool:
    callee = index.callee(call)
    if "fcntl.fcntl" in callee and len(call.args) >= 3:
        if not any(q == "fcntl.F_SETFD" for q in index.resolve(call.args[1], call)):
            return False
        arg = call.args[2]
        if isinstance(arg, ast.Constant) and type(arg.value) is int:
            return bool(arg.value & 1)
        return any((isinstance(n, ast.Name) and n.id == "FD_CLOEXEC") or
                   (isinstance(n, ast.Attribute) and n.attr == "FD_CLOEXEC") for n in ast.walk(arg)) and \
            not any(isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Invert) for n in ast.walk(arg))
    if _is_method_mark(index, call):
        return len(call.args) == 1 and isinstance(call.args[0], ast.Constant) and call.args[0].value is False
    if "os.set_inheritable" in callee:
        return len(call.args) == 2 and isinstance(call.args[1], ast.Constant) and call.args[1].value is False
    func = call.func
    leaf = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return bool(_HELPER.search(leaf.replace("_", "").lower()))
