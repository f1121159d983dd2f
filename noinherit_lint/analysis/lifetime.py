"""Can a child be started while the handle made by a creation call is open?

A handle is a hazard only while a child can be started: `classify(index, call)` gives one of

- ``SPAWN_IN_LIFETIME``: a spawn (or a call of the module's own function that spawns) runs while
  the handle is open: inside the ``with`` body, or between the creation and ``close()`` (or
  ``os.close``) in the same function, or in the same statement;
- ``ESCAPES``: the handle outlives the code we can see: stored on ``self``/an object, in a global or
  a container, returned or yielded, passed to a constructor (``logging.StreamHandler(f)``,
  ``IOStream(sock)``) or appended to a list, passed to a call whose result is stored or returned
  (``self.t = factory(sock)``, ``return csv.reader(open(p))``: `noinherit_lint.analysis.owners`
  says which calls keep a handle; a handle given to one lives as long as its result, so
  ``rows = csv.reader(open(p))`` is open while a later spawn runs), captured by a nested
  function, a logging handler or a server, made a listening socket (``.listen()``), kept open
  across a ``yield`` of a generator, or a descriptor (``os.open``/``pipe``/``dup``) that is never
  closed in the function or is dropped as an expression statement (nothing closes a bare number);
- ``THREADS``: short-lived, but the module starts threads whose code spawns
  (`noinherit_lint.analysis.threads`): another thread may start a child meanwhile;
- ``SHORT_LIVED``: none of the above: no child this module starts can see it;
- ``UNKNOWN``: the call sits where the analysis does not follow it (a lambda, a comprehension, a
  display): rules should treat it like ``ESCAPES``.

A call into another module of the same project is followed (`spawn_reach`, `project_modules`:
``run_git_or_fail(...)`` imported from the project's ``utils`` that runs git; a script run by
``exec`` in a module that spawns).  What it cannot see (so a rule's docs must say so): spawns in
installed packages or the standard library called while the handle is open (``pexpect.spawn(...)``),
calls through objects (``repo.hook.execute()``), threads started elsewhere, and callers that keep a
returned handle briefly.
"""

from __future__ import annotations

import ast
import enum
from dataclasses import dataclass
from typing import List, Optional, Set, Tuple

from noinherit_lint.analysis.function_nodes import body_of
from noinherit_lint.analysis.index import FunctionNode, ModuleIndex, has_position
from noinherit_lint.analysis.nodes import child_nodes, walk
from noinherit_lint.analysis.project_modules import Effect
from noinherit_lint.analysis.spawn_reach import Reach, call_reach, first_reach
from noinherit_lint.analysis.owners import STORING_METHODS, Ownership, consumes, ownership
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
    effect: Optional[Effect] = None  # the child is started elsewhere (`spawn_reach`): by whom


def _spawned(reach: Reach) -> Verdict:
    spawn = reach.call
    return Verdict(Lifetime.SPAWN_IN_LIFETIME, f"{callee_text(spawn)} at line {spawn.lineno}", spawn, reach.effect)


# Creators whose result is a bare descriptor number: nothing closes it when it goes out of scope.
DESCRIPTOR_CREATORS = ("os.open", "os.pipe", "os.pipe2", "os.dup", "os.openpty", "pty.openpty",
                       "os.memfd_create", "os.eventfd")
CLOSING_WRAPPERS = ("contextlib.closing",)
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
        return _within(index, with_node.body, enclosing_class, "the with block", function)
    if isinstance(parent, (ast.Return, ast.Yield, ast.YieldFrom)):
        return Verdict(Lifetime.ESCAPES, "returned to the caller")
    if isinstance(parent, ast.Attribute):  # open(p).read(), socket.socket().close()
        return _temporary(index, statement, enclosing_class)
    if isinstance(parent, ast.keyword) or (isinstance(parent, ast.Call) and value is not parent.func):
        outer = path[position - 2] if isinstance(parent, ast.keyword) else parent
        if index.is_spawn(outer):
            return Verdict(Lifetime.SPAWN_IN_LIFETIME, f"passed to {callee_text(outer)}", outer)
        kind = ownership(index, outer, lambda arg: arg is value)
        if kind is Ownership.KEEPS_IF_KEPT:
            during = _temporary(index, statement, enclosing_class)  # rc = run(open(p)), run() spawning
            if during.lifetime is Lifetime.SPAWN_IN_LIFETIME:
                return during
            at = position - (2 if isinstance(parent, ast.keyword) else 1)
            held = _held_by_result(index, path[:at + 1], function, enclosing_class)
            return held if held is not None else during
        if kind is Ownership.KEEPS:
            wrapper = _local_wrapper(index, outer, path[:position - (1 if isinstance(parent, ast.keyword) else 0)],
                                     call, function, enclosing_class)
            if wrapper is not None:
                return wrapper
            if isinstance(statement, ast.Assign) and statement.value is outer and len(statement.targets) == 1:
                scoped = _test_scoped(index, function, enclosing_class, statement.targets[0])
                if scoped is not None:
                    return scoped
            return Verdict(Lifetime.ESCAPES, f"passed to {callee_text(outer)}")
        return _temporary(index, statement, enclosing_class)
    if isinstance(parent, ast.Expr):
        if any(q in DESCRIPTOR_CREATORS for q in index.callee(call)):
            return Verdict(Lifetime.ESCAPES, "a descriptor dropped without a close: it stays open")
        return _temporary(index, statement, enclosing_class)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is value:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        return _assigned(index, parent, targets, call, function, enclosing_class)
    return Verdict(Lifetime.UNKNOWN, f"used in a {type(parent).__name__}")


def _local_wrapper(index: ModuleIndex, wrapper: ast.Call, path: List[ast.AST], call: ast.Call,
                   function: Optional[ast.AST], enclosing_class: Optional[str]) -> Optional[Verdict]:
    """The lifetime of a handle passed straight to a constructor that is a ``with`` item or bound to
    a local name (``stream = IOStream(socket.socket())``): the object owns the handle, so the
    handle lives as long as that object does.  None when the object goes elsewhere (stored,
    passed on, returned): the handle escapes with it."""
    if path[-1] is not wrapper or function is None or len(path) < 2:
        return None
    if any(q.startswith("logging.") for q in index.callee(wrapper)):
        return None  # a logging handler: the logging module keeps it for the life of the program
    parent = path[-2]
    value = wrapper
    if isinstance(parent, ast.Call) and value in parent.args and \
            any(q in CLOSING_WRAPPERS for q in index.callee(parent)):  # closing(IOStream(sock))
        value, path = parent, path[:-1]
        parent = path[-2] if len(path) >= 2 else None
    owned = f"owned by {callee_text(wrapper)}"
    if isinstance(parent, ast.withitem) and parent.context_expr is value and len(path) >= 3:
        verdict = _within(index, path[-3].body, enclosing_class, "the with block", function)
    elif isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is value:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        if not all(isinstance(t, ast.Name) for t in targets):
            return None
        verdict = _assigned(index, parent, targets, call, function, enclosing_class)
    else:
        return None
    return _through_owner(owned, verdict)


def _held_by_result(index: ModuleIndex, path: List[ast.AST], function: Optional[ast.AST],
                    enclosing_class: Optional[str]) -> Optional[Verdict]:
    """The lifetime of a handle given straight to a call whose result may hold it (`path` ends at
    that call, ``Ownership.KEEPS_IF_KEPT``): ``rows = csv.reader(open(p))``, ``x = foo(open(p))``,
    ``return wrap(sock)``: the handle lives as long as the result.  None when the result is not
    kept -- dropped, or used in the statement only (``foo(open(p)).bar()``, ``if foo(open(p)):``,
    ``json.load(wrap(open(p)))``): the caller then treats the handle as used for one statement."""
    owner = path[-1]
    owned = f"owned by {callee_text(owner)}"
    parent = path[-2] if len(path) >= 2 else None
    if isinstance(parent, ast.keyword) or (isinstance(parent, ast.Call) and owner is not parent.func):
        outer = path[-3] if isinstance(parent, ast.keyword) else parent
        if index.is_spawn(outer):
            return Verdict(Lifetime.SPAWN_IN_LIFETIME, f"{owned}, passed to {callee_text(outer)}", outer)
        kind = ownership(index, outer, lambda arg: arg is owner)
        if kind is Ownership.CONSUMES:
            return None
        if kind is Ownership.KEEPS:
            return Verdict(Lifetime.ESCAPES, f"{owned}, passed to {callee_text(outer)}")
        return _held_by_result(index, path[:len(path) - (2 if isinstance(parent, ast.keyword) else 1)],
                               function, enclosing_class)
    if isinstance(parent, ast.withitem) and parent.context_expr is owner and len(path) >= 3:
        verdict = _within(index, path[-3].body, enclosing_class, "the with block", function)
    elif isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is owner:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        verdict = _assigned(index, parent, targets, owner, function, enclosing_class)
    elif isinstance(parent, (ast.Return, ast.Yield, ast.YieldFrom)):
        verdict = Verdict(Lifetime.ESCAPES, "returned to the caller")
    elif isinstance(parent, (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Starred)):
        verdict = Verdict(Lifetime.UNKNOWN, f"used in a {type(parent).__name__}")
    else:
        return None
    return _through_owner(owned, verdict)


def _through_owner(owned: str, verdict: Verdict) -> Verdict:
    """The owner's lifetime as the handle's, its reason prefixed by ``owned by ...``; a spawn
    inside the owner's lifetime speaks for itself."""
    if verdict.lifetime is Lifetime.SHORT_LIVED:
        return Verdict(Lifetime.SHORT_LIVED, f"{owned}, {verdict.how}")
    if verdict.lifetime is Lifetime.SPAWN_IN_LIFETIME:
        return verdict
    return Verdict(verdict.lifetime, f"{owned}: {verdict.how}", verdict.spawn)


def callee_text(call: ast.Call) -> str:
    try:
        return ast.unparse(call.func) + "()"
    except Exception:  # pragma: no cover - unparse handles every expression
        return "a call"


def _temporary(index: ModuleIndex, statement: Optional[ast.stmt], enclosing_class: Optional[str]) -> Verdict:
    if statement is not None:
        reach = first_reach(index, [statement], enclosing_class)
        if reach is not None:
            return _spawned(reach)
    return Verdict(Lifetime.SHORT_LIVED, "used and dropped in one statement")


def _within(index: ModuleIndex, body: List[ast.stmt], enclosing_class: Optional[str], where: str,
            function: Optional[ast.AST] = None) -> Verdict:
    reach = first_reach(index, body, enclosing_class)
    if reach is not None:
        return _spawned(reach)
    suspended = _suspended(index, function, body, f" in {where}")
    if suspended is not None:
        return suspended
    return Verdict(Lifetime.SHORT_LIVED, f"closed at the end of {where}")


# Decorators that make a generator a coroutine run by an event loop (tornado's gen.coroutine,
# gen.engine and testing.gen_test, asyncio.coroutine, types.coroutine, twisted's inlineCallbacks).
COROUTINE_DECORATORS = frozenset({"coroutine", "engine", "gen_test", "inlineCallbacks"})


def _is_coroutine(function: Optional[ast.AST]) -> bool:
    if isinstance(function, ast.AsyncFunctionDef):
        return True
    for decorator in getattr(function, "decorator_list", ()):
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        leaf = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
        if leaf in COROUTINE_DECORATORS:
            return True
    return False


def _suspended(index: ModuleIndex, function: Optional[ast.AST], nodes, where: str) -> Optional[Verdict]:
    """ESCAPES when the code suspends (yield, await) while the handle is open, else None.

    A generator hands control to its caller (a ``@contextmanager``'s ``with`` body) while it is
    open.  A coroutine hands it to the event loop, which runs the module's other coroutines and
    callbacks: that is a hazard when the module spawns somewhere, and not otherwise (what other
    modules run meanwhile cannot be seen, as for any call into another module)."""
    if not _yields(nodes):
        return None
    if not _is_coroutine(function):
        return Verdict(Lifetime.ESCAPES, f"open across a yield{where}")
    spawns = sorted(index.spawn_calls.values(), key=lambda c: (c.lineno, c.col_offset))
    if not spawns:
        return None
    spawn = spawns[0]
    return Verdict(Lifetime.ESCAPES, f"open across an await{where}, while the event loop may run "
                                     f"{callee_text(spawn)} at line {spawn.lineno}")


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
            scoped = _test_scoped(index, function, enclosing_class, target) if len(targets) == 1 else None
            return scoped or Verdict(Lifetime.ESCAPES, f"stored in {_storage_text(target)}")
        local.update(names)
    if function is None:
        return _module_lifetime(index, assign, local, call)
    if local & body_of(index, function).declared:
        return Verdict(Lifetime.ESCAPES, "kept in a global")
    return _local_lifetime(index, assign, local, call, function, enclosing_class)


def _module_lifetime(index: ModuleIndex, assign: ast.stmt, names: Set[str], call: ast.Call) -> Verdict:
    """A handle bound to a module global: short-lived only when module code closes it later, no
    function or class of the module mentions the name (nothing else can keep or use it), and
    nothing spawns in between; otherwise it stays open for the life of the program."""
    if names & _names_in_nested_scopes(index):
        return Verdict(Lifetime.ESCAPES, "kept in a module global")
    verdict = _local_lifetime(index, assign, names, call, index.tree, None)
    if verdict.lifetime is Lifetime.SHORT_LIVED and verdict.how == "closed in this function":
        return Verdict(Lifetime.SHORT_LIVED, "closed by the module code")
    if verdict.lifetime is Lifetime.SPAWN_IN_LIFETIME:
        return verdict
    return Verdict(Lifetime.ESCAPES, "kept in a module global")


_NESTED = FunctionNode + (ast.Lambda, ast.ClassDef)


def _names_in_nested_scopes(index: ModuleIndex) -> Set[str]:
    """Names used anywhere inside the module's functions, lambdas and classes (memoised).

    One walk: the module's code is descended until a function, lambda or class, whose names
    (its own and those of everything nested in it) are then read in one `walk` of it."""
    found = index.memo.get("lifetime.nested_names")
    if found is None:
        found = set()
        outside: List[ast.AST] = list(index.tree.body)
        while outside:
            node = outside.pop()
            if isinstance(node, _NESTED):
                found.update(n.id for n in walk(node) if isinstance(n, ast.Name))
            else:
                outside.extend(child_nodes(node))
        index.memo["lifetime.nested_names"] = found
    return found  # type: ignore[return-value]


# unittest's (and pytest's xunit-style) fixtures: what setUp opens, the tearDown of its class closes
# after one test (setUpClass: after the class's tests), and only the class's code runs in between.
TEARDOWN_OF = {"setUp": ("tearDown",), "asyncSetUp": ("asyncTearDown", "tearDown"),
               "setUpClass": ("tearDownClass",), "setup_method": ("teardown_method",),
               "setup_class": ("teardown_class",)}


def _test_scoped(index: ModuleIndex, function: Optional[ast.AST], enclosing_class: Optional[str],
                 target: ast.expr) -> Optional[Verdict]:
    """``self.x = handle`` in ``setUp()`` that the class's ``tearDown()`` (or an ``addCleanup`` in
    setUp) closes: it is open for one test.  SPAWN_IN_LIFETIME when a method of the class spawns
    (the test runs meanwhile), else SHORT_LIVED; None when it is not that pattern."""
    if function is None or enclosing_class is None or getattr(function, "name", None) not in TEARDOWN_OF:
        return None
    if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
            and target.value.id in ("self", "cls")):
        return None
    teardowns = [index.methods[(enclosing_class, name)] for name in TEARDOWN_OF[function.name]
                 if (enclosing_class, name) in index.methods]
    teardown = next((m for m in teardowns if any(_closes_attribute(index, n, target.attr) for n in walk(m))), None)
    cleanup = any(_is_cleanup_of(n, target.attr) for n in walk(function))
    if teardown is None and not cleanup:
        return None
    methods = [m for (cls, _), m in index.methods.items() if cls == enclosing_class]
    reach = first_reach(index, [s for m in methods for s in m.body], enclosing_class)
    if reach is not None:
        return _spawned(reach)
    where = f"{teardown.name}()" if teardown is not None else "an addCleanup()"
    return Verdict(Lifetime.SHORT_LIVED, f"open for one test, closed in {where}")


def _is_attribute(expr: ast.AST, attribute: str) -> bool:
    """``self.<attribute>`` (or ``cls.<attribute>``)."""
    return (isinstance(expr, ast.Attribute) and expr.attr == attribute and isinstance(expr.value, ast.Name)
            and expr.value.id in ("self", "cls"))


def _closes_attribute(index: ModuleIndex, node: ast.AST, attribute: str) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "close" and _is_attribute(func.value, attribute):
        return True
    return bool(node.args) and _is_attribute(node.args[0], attribute) and "os.close" in index.callee(node)


def _is_cleanup_of(node: ast.AST, attribute: str) -> bool:
    """``self.addCleanup(self.<attribute>.close)``."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "addCleanup"
            and bool(node.args) and isinstance(node.args[0], ast.Attribute) and node.args[0].attr == "close"
            and _is_attribute(node.args[0].value, attribute))


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
    handles = names
    names, owners = _with_owners(index, rest, names)
    cleanup = body.except_lines + _nested_ranges(function, body.nodes)
    end: Optional[Tuple[int, int]] = None  # position of the first close() that always runs
    for node in rest:
        if _closes(index, node, names) and not any(s <= node.lineno <= e for s, e in cleanup):
            end = (node.end_lineno, node.end_col_offset)
            break
    escape: Optional[str] = None
    for node in rest:
        if id(node) in owners:
            continue  # `stream = IOStream(sock)`: the owner is followed instead
        reason = _escape_use(index, node, names)
        if reason and end is not None and has_position(node) and (node.lineno, node.col_offset) > end \
                and not _escape_use(index, node, handles):
            continue  # an owner goes on after the handle was closed: it holds a closed handle
        if reason == LISTENER and end is not None:
            continue  # listens, then closes in the same function: not long-lived
        if reason == CAPTURED and end is not None:
            callback = node.body if isinstance(node.body, list) else [node.body]  # a def's statements, a lambda's expression
            if first_reach(index, callback, enclosing_class) is None:
                continue  # a callback used while it is open; after the close it holds a closed handle
        if reason:
            escape = reason
            break
    calls = [c for c in body.calls if _after(c, assign) and (end is None or (c.lineno, c.col_offset) < end)]
    reach = next((r for r in (call_reach(index, c, enclosing_class) for c in calls) if r is not None), None)
    if reach is not None:
        return _spawned(reach)
    if escape is not None:
        return Verdict(Lifetime.ESCAPES, escape)
    if end is None and any(q in DESCRIPTOR_CREATORS for q in index.callee(call)):
        return Verdict(Lifetime.ESCAPES, "a descriptor never closed in this function")
    window = [n for n in rest if end is None or (n.lineno, n.col_offset) < end]
    suspended = _suspended(index, function, window, "")
    if suspended is not None:
        return suspended
    return Verdict(Lifetime.SHORT_LIVED, "closed in this function" if end else "dropped when the function returns")


def _with_owners(index: ModuleIndex, rest: List[ast.AST], names: Set[str]) -> Tuple[Set[str], Set[int]]:
    """`names` plus the local names bound to an object that may hold the handle
    (``stream = IOStream(sock)``, ``rows = csv.reader(f)``, ``x = foo(f)``; not ``data =
    json.load(f)``: `noinherit_lint.analysis.owners`): closing the owner closes the handle, and
    the handle escapes when the owner does while the handle is open.  Also the ids of those calls
    and their assignments (not escapes themselves).  A logging handler is not followed: logging
    keeps it; nor a storing method (``handles.append(f)`` returns None)."""
    names, owners = set(names), set()
    for node in rest:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            continue
        value = node.value
        if (isinstance(value, ast.Call)
                and any(_directly(a, names) for a in list(value.args) + [k.value for k in value.keywords])
                and not (isinstance(value.func, ast.Attribute) and value.func.attr in STORING_METHODS)
                and not index.is_spawn(value)
                and ownership(index, value, lambda arg: _directly(arg, names)) is not Ownership.CONSUMES
                and not any(q.startswith("logging.") for q in index.callee(value))):
            names.add(node.targets[0].id)
            owners.update((id(node), id(value)))
    return names, owners


LISTENER = "a listening socket"
CAPTURED = "captured by a nested function"


def _nested_ranges(function: ast.AST, nodes: List[ast.AST]) -> List[Tuple[int, int]]:
    """Lines of the functions and lambdas defined inside (`nodes`: the function's, from `body_of`):
    a close() there runs when they are called."""
    return [(n.lineno, n.end_lineno) for n in nodes  # type: ignore[attr-defined]
            if isinstance(n, FunctionNode + (ast.Lambda,)) and n is not function]


def _closes(index: ModuleIndex, node: ast.AST, names: Set[str]) -> bool:
    """``x.close()``, ``os.close(x)``, ``with x:``, ``with closing(x):`` for one of the names."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "close" and _directly(func.value, names):
            return True
        if node.args and _directly(node.args[0], names) and \
                any(q in ("os.close", "contextlib.closing") for q in index.callee(node)):
            return True
        leaf = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if node.args and _directly(node.args[0], names) and leaf.startswith("close") and "exec" not in leaf:
            return True  # a closing helper: self.close_fd(fd), closefd(fd), os.closerange(fd, n)
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return any(_directly(item.context_expr, names) for item in node.items)
    return False


def _escape_use(index: ModuleIndex, node: ast.AST, names: Set[str]) -> Optional[str]:
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        value = node.value
        wrapped = isinstance(value, ast.Call) and any(
            _directly(a, names) for a in list(value.args) + [k.value for k in value.keywords]) \
            and not consumes(index, value, lambda arg: _directly(arg, names))
        if _directly(value, names) or wrapped:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            via = f"passed to {callee_text(value)} and " if wrapped else ""
            for target in targets:
                if isinstance(target, ast.Attribute):
                    return f"{via}stored in {ast.unparse(target)}"
                if isinstance(target, ast.Subscript):
                    return f"{via}stored in a container"
    if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) and node.value is not None:
        value = node.value
        if _directly(value, names) or (isinstance(value, ast.Call) and any(
                _directly(a, names) for a in list(value.args) + [k.value for k in value.keywords])
                and not consumes(index, value, lambda arg: _directly(arg, names))):
            return "returned to the caller"
    if isinstance(node, FunctionNode + (ast.Lambda,)) and any(
            isinstance(n, ast.Name) and n.id in names for n in walk(node)):
        return CAPTURED
    if isinstance(node, ast.Call):
        func = node.func
        given = list(node.args) + [k.value for k in node.keywords]
        if any(_directly(a, names) for a in given) and ownership(index, node) is Ownership.KEEPS:
            return f"passed to {callee_text(node)}"
        if isinstance(func, ast.Attribute) and func.attr == "listen" and _directly(func.value, names):
            return LISTENER
    return None
