"""Can a child be started while the handle made by a creation call is open?

A handle is a hazard only while a child can be started: `classify(index, call)` gives one of

- ``SPAWN_IN_LIFETIME``: a spawn (or a call of the module's own function that spawns) runs while
  the handle is open: inside the ``with`` body, or between the creation and ``close()`` (or
  ``os.close``) in the same function, or in the same statement;
- ``ESCAPES``: the handle outlives the code we can see: stored on ``self``/an object, in a global or
  a container, returned or yielded, passed to a constructor (``logging.StreamHandler(f)``,
  ``IOStream(sock)``) or appended to a list, passed to a call whose result is stored or returned
  (``self.t = factory(sock)``), captured by a nested function, a logging handler or a server, made a listening socket (``.listen()``), kept open
  across a ``yield`` of a generator, or a descriptor (``os.open``/``pipe``/``dup``) that is never
  closed in the function or is dropped as an expression statement (nothing closes a bare number);
- ``THREADS``: short-lived, but the module starts threads whose code spawns
  (`noinherit_lint.analysis.threads`): another thread may start a child meanwhile;
- ``SHORT_LIVED``: none of the above: no child this module starts can see it;
- ``UNKNOWN``: the call sits where the analysis does not follow it (a lambda, a comprehension, a
  display): rules should treat it like ``ESCAPES``.

What it cannot see (so a rule's docs must say so): spawns in another module called while the
handle is open (``pexpect.spawn(...)``, ``repo.hook.execute()``), threads started elsewhere, and
callers that keep a returned handle briefly.
"""

from __future__ import annotations

import ast
import enum
from dataclasses import dataclass
from typing import List, Optional, Set, Tuple

from noinherit_lint.analysis.function_nodes import body_of
from noinherit_lint.analysis.index import FunctionNode, ModuleIndex, has_position
from noinherit_lint.analysis.nodes import child_nodes, walk
from noinherit_lint.analysis.threads import thread_facts


class Lifetime(enum.Enum):
    SPAWN_IN_LIFETIME = "spawn-in-lifetime"
    ESCAPES = "escapes"
    THREADS = "threads"
    SHORT_LIVED = "short-lived"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Verdict:
    lifetime: Lifetime
    how: str  # one phrase for the message: "stored on self.sock", "subprocess.call() at line 12"
    spawn: Optional[ast.Call] = None


# Creators whose result is a bare descriptor number: nothing closes it when it goes out of scope.
DESCRIPTOR_CREATORS = ("os.open", "os.pipe", "os.pipe2", "os.dup", "os.openpty", "pty.openpty",
                       "os.memfd_create", "os.eventfd")
CLOSING_WRAPPERS = ("contextlib.closing",)
STORING_METHODS = frozenset({"append", "add", "extend", "insert", "put", "put_nowait", "setdefault",
                             "appendleft", "register", "addHandler"})
# Creations that live on by what they are: a logging handler keeps its file or socket for the life
# of the logger; a server object is a listening socket.
LONG_LIVED = ("logging.FileHandler", "logging.handlers.", "logging.basicConfig", "socketserver.",
              "http.server.", "xmlrpc.server.")


def classify(index: ModuleIndex, call: ast.Call) -> Verdict:
    path = index.path_to(call)
    if not path:
        return Verdict(Lifetime.UNKNOWN, "not found in the module")
    function = index.enclosing(path, FunctionNode + (ast.Lambda,))
    if isinstance(function, ast.Lambda):
        return Verdict(Lifetime.UNKNOWN, "made in a lambda")
    enclosing_class = index.class_of(function) if function is not None else None
    if any(q.startswith(LONG_LIVED) for q in index.callee(call)):
        return Verdict(Lifetime.ESCAPES, "a logging handler or server, kept open for the life of the program")
    verdict = _by_context(index, call, path, function, enclosing_class)
    if verdict.lifetime is Lifetime.SHORT_LIVED and thread_facts(index).threads_spawn:
        return Verdict(Lifetime.THREADS, "this module starts threads that spawn")
    return verdict


def _by_context(index: ModuleIndex, call: ast.Call, path: List[ast.AST], function: Optional[ast.AST],
                enclosing_class: Optional[str]) -> Verdict:
    value: ast.AST = call
    position = len(path) - 1
    parent = path[position - 1]
    # `closing(socket.socket())` is the handle too
    if isinstance(parent, ast.Call) and value in parent.args and \
            any(q in CLOSING_WRAPPERS for q in index.callee(parent)):
        value, position = parent, position - 1
        parent = path[position - 1]
    statement = next((n for n in reversed(path[:position]) if isinstance(n, ast.stmt)), None)

    if isinstance(parent, ast.withitem) and parent.context_expr is value:
        with_node = path[position - 2]
        return _within(index, with_node.body, enclosing_class, "the with block")
    if isinstance(parent, (ast.Return, ast.Yield, ast.YieldFrom)):
        return Verdict(Lifetime.ESCAPES, "returned to the caller")
    if isinstance(parent, ast.Attribute):  # open(p).read(), socket.socket().close()
        return _temporary(index, statement, enclosing_class)
    if isinstance(parent, ast.keyword) or (isinstance(parent, ast.Call) and value is not parent.func):
        outer = path[position - 2] if isinstance(parent, ast.keyword) else parent
        if index.is_spawn(outer):
            return Verdict(Lifetime.SPAWN_IN_LIFETIME, f"passed to {_callee_text(outer)}", outer)
        if _is_constructor(outer):
            return Verdict(Lifetime.ESCAPES, f"passed to {_callee_text(outer)}")
        return _temporary(index, statement, enclosing_class)
    if isinstance(parent, ast.Expr):
        if any(q in DESCRIPTOR_CREATORS for q in index.callee(call)):
            return Verdict(Lifetime.ESCAPES, "a descriptor dropped without a close: it stays open")
        return _temporary(index, statement, enclosing_class)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is value:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        return _assigned(index, parent, targets, call, function, enclosing_class)
    return Verdict(Lifetime.UNKNOWN, f"used in a {type(parent).__name__}")


def _callee_text(call: ast.Call) -> str:
    try:
        return ast.unparse(call.func) + "()"
    except Exception:  # pragma: no cover - unparse handles every expression
        return "a call"


def _is_constructor(call: ast.Call) -> bool:
    """``Name(...)`` / ``mod.Name(...)`` with a capitalised name: an object that keeps its argument."""
    func = call.func
    leaf = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if isinstance(func, ast.Attribute) and func.attr in STORING_METHODS:
        return True
    return bool(leaf) and leaf[0].isupper()


def _temporary(index: ModuleIndex, statement: Optional[ast.stmt], enclosing_class: Optional[str]) -> Verdict:
    if statement is not None:
        spawn = index.first_spawn([statement], enclosing_class)
        if spawn is not None:
            return Verdict(Lifetime.SPAWN_IN_LIFETIME, f"{_callee_text(spawn)} at line {spawn.lineno}", spawn)
    return Verdict(Lifetime.SHORT_LIVED, "used and dropped in one statement")


def _within(index: ModuleIndex, body: List[ast.stmt], enclosing_class: Optional[str], where: str) -> Verdict:
    spawn = index.first_spawn(body, enclosing_class)
    if spawn is not None:
        return Verdict(Lifetime.SPAWN_IN_LIFETIME, f"{_callee_text(spawn)} at line {spawn.lineno}", spawn)
    if _yields(body):
        return Verdict(Lifetime.ESCAPES, f"open across a yield in {where}")
    return Verdict(Lifetime.SHORT_LIVED, f"closed at the end of {where}")


def _yields(nodes) -> bool:
    """A yield or await in `nodes` or below them, not inside a nested function or class."""
    stack = list(nodes)
    seen = set()  # `nodes` may hold a node and its descendants: look at each once
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, (ast.Yield, ast.YieldFrom, ast.Await)):
            return True
        stack.extend(c for c in child_nodes(node) if not isinstance(c, _NOT_RUN_HERE))
    return False


_NOT_RUN_HERE = FunctionNode + (ast.Lambda, ast.ClassDef)


def _target_names(target: ast.expr) -> Optional[List[str]]:
    """Local names bound by a target (``a``, ``a, b``); None when the target stores elsewhere."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        names: List[str] = []
        for element in target.elts:
            inner = _target_names(element.value if isinstance(element, ast.Starred) else element)
            if inner is None:
                return None
            names.extend(inner)
        return names
    return None


def _assigned(index: ModuleIndex, assign: ast.stmt, targets: List[ast.expr], call: ast.Call,
              function: Optional[ast.AST], enclosing_class: Optional[str]) -> Verdict:
    local: Set[str] = set()
    for target in targets:
        names = _target_names(target)
        if names is None:
            return Verdict(Lifetime.ESCAPES, f"stored in {_storage_text(target)}")
        local.update(names)
    if function is None:
        return Verdict(Lifetime.ESCAPES, "kept in a module global")
    if local & body_of(index, function).declared:
        return Verdict(Lifetime.ESCAPES, "kept in a global")
    return _local_lifetime(index, assign, local, call, function, enclosing_class)


def _storage_text(target: ast.expr) -> str:
    """``self.sock``; ``self.master, self.slave``; else "a container"."""
    if isinstance(target, ast.Attribute):
        return ast.unparse(target)
    if isinstance(target, (ast.Tuple, ast.List)) and all(isinstance(e, (ast.Attribute, ast.Name)) for e in target.elts):
        return ", ".join(ast.unparse(e) for e in target.elts)
    return "a container"


def _after(node: ast.AST, statement: ast.stmt) -> bool:
    return has_position(node) and (node.lineno, node.col_offset) > (statement.end_lineno, statement.end_col_offset)


def _mentions(expr: ast.AST, names: Set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in walk(expr))


def _directly(expr: ast.AST, names: Set[str]) -> bool:
    """`expr` is one of the names, or a tuple/list of expressions among which one is."""
    if isinstance(expr, ast.Name):
        return expr.id in names
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        return any(_directly(e, names) for e in expr.elts)
    if isinstance(expr, ast.Dict):
        return any(v is not None and _directly(v, names) for v in expr.values)
    return False


def _local_lifetime(index: ModuleIndex, assign: ast.stmt, names: Set[str], call: ast.Call,
                    function: ast.AST, enclosing_class: Optional[str]) -> Verdict:
    body = body_of(index, function)
    rest = body.after((assign.end_lineno, assign.end_col_offset))
    cleanup = body.except_lines
    end: Optional[Tuple[int, int]] = None  # position of the first close() that always runs
    for node in rest:
        if _closes(index, node, names) and not any(s <= node.lineno <= e for s, e in cleanup):
            end = (node.end_lineno, node.end_col_offset)
            break
    escape: Optional[str] = None
    for node in rest:
        reason = _escape_use(node, names)
        if reason == LISTENER and end is not None:
            continue  # listens, then closes in the same function: not long-lived
        if reason:
            escape = reason
            break
    calls = [c for c in body.calls if _after(c, assign) and (end is None or (c.lineno, c.col_offset) < end)]
    spawn = next((c for c in calls if index.spawning_call(c, enclosing_class)), None)
    if spawn is not None:
        return Verdict(Lifetime.SPAWN_IN_LIFETIME, f"{_callee_text(spawn)} at line {spawn.lineno}", spawn)
    if escape is not None:
        return Verdict(Lifetime.ESCAPES, escape)
    if end is None and any(q in DESCRIPTOR_CREATORS for q in index.callee(call)):
        return Verdict(Lifetime.ESCAPES, "a descriptor never closed in this function")
    window = [n for n in rest if end is None or (n.lineno, n.col_offset) < end]
    if _yields(window):
        return Verdict(Lifetime.ESCAPES, "open across a yield")
    return Verdict(Lifetime.SHORT_LIVED, "closed in this function" if end else "dropped when the function returns")


LISTENER = "a listening socket"


def _closes(index: ModuleIndex, node: ast.AST, names: Set[str]) -> bool:
    """``x.close()``, ``os.close(x)``, ``with x:``, ``with closing(x):`` for one of the names."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "close" and _directly(func.value, names):
            return True
        if node.args and _directly(node.args[0], names) and \
                any(q in ("os.close", "contextlib.closing") for q in index.callee(node)):
            return True
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return any(_directly(item.context_expr, names) for item in node.items)
    return False


def _escape_use(node: ast.AST, names: Set[str]) -> Optional[str]:
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        value = node.value
        wrapped = isinstance(value, ast.Call) and any(
            _directly(a, names) for a in list(value.args) + [k.value for k in value.keywords])
        if _directly(value, names) or wrapped:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            via = f"passed to {_callee_text(value)} and " if wrapped else ""
            for target in targets:
                if isinstance(target, ast.Attribute):
                    return f"{via}stored in {ast.unparse(target)}"
                if isinstance(target, ast.Subscript):
                    return f"{via}stored in a container"
    if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) and node.value is not None:
        value = node.value
        if _directly(value, names) or (isinstance(value, ast.Call) and any(
                _directly(a, names) for a in list(value.args) + [k.value for k in value.keywords])):
            return "returned to the caller"
    if isinstance(node, FunctionNode + (ast.Lambda,)) and any(
            isinstance(n, ast.Name) and n.id in names for n in walk(node)):
        return "captured by a nested function"
    if isinstance(node, ast.Call):
        func = node.func
        given = list(node.args) + [k.value for k in node.keywords]
        if any(_directly(a, names) for a in given) and _is_constructor(node):
            return f"passed to {_callee_text(node)}"
        if isinstance(func, ast.Attribute) and func.attr == "listen" and _directly(func.value, names):
            return LISTENER
    return None
