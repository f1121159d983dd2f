"""Does the module start threads whose code spawns?  (NIH303's race, and the "threads" lifetime case.)

Using threads is not enough: ``threading.Event()``/``Lock()`` start nothing, and a test server
thread that only serves requests never starts a child.  The race of bpo-19764 (and the window
between creating a handle and marking it close-on-exec) needs *another thread that spawns*.

Thread code is found where it is started:

- ``threading.Thread(target=f)`` / ``Thread(None, f)``, ``threading.Timer(t, f)``,
  ``_thread.start_new_thread(f, args)`` (``thread`` on Python 2);
- ``pool.submit(f)`` / ``map`` / ``apply_async`` / ``apply`` / ``imap*`` / ``starmap*`` in a module
  that makes a thread pool (``concurrent.futures.ThreadPoolExecutor``,
  ``multiprocessing.pool.ThreadPool``, ``multiprocessing.dummy.Pool``);
- the ``run`` method of a module class derived from ``threading.Thread`` (directly or through
  another module class);
- the request-handler class given to a ``socketserver`` threading server (``ThreadingTCPServer``,
  ``ThreadingHTTPServer``, ... or a module class derived from ``ThreadingMixIn``).

- ``Thread(target=server.serve_forever)`` (or ``handle_request``): the request-handler classes of
  the module (derived from a socketserver / http.server handler) run in that thread.

A target is judged when it is the module's own code (a module-level function, ``self.method``,
a function defined in the same function, a lambda); the code spawns when it calls a spawner, one
of the module's functions that spawns, or a function of another module of the same project that
does (`spawn_reach`: ``run_git_or_fail`` from the project's ``utils``).  A target in an installed
package or the standard library cannot be judged statically and counts as not spawning.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import List, Optional

from noinherit_lint.analysis.index import FunctionNode, ModuleIndex, module_level_statements
from noinherit_lint.analysis.project_modules import Effect
from noinherit_lint.analysis.spawn_reach import Reach, first_reach, function_reach

THREAD_CALLS = {  # qualname -> (position, keyword) of the target
    "threading.Thread": (1, "target"),
    "threading.Timer": (1, "function"),
    "_thread.start_new_thread": (0, None),
    "_thread.start_new": (0, None),
}
THREAD_POOLS = ("concurrent.futures.ThreadPoolExecutor", "multiprocessing.pool.ThreadPool",
                "multiprocessing.dummy.Pool")
POOL_METHODS = frozenset({"submit", "map", "apply_async", "apply", "imap", "imap_unordered",
                          "starmap", "starmap_async", "map_async"})
THREAD_BASES = ("threading.Thread",)
_STARTER_LEAVES = frozenset({"Thread", "Timer", "start_new_thread", "start_new", "ThreadPoolExecutor",
                             "ThreadPool", "Pool"})
# ``server.serve_forever`` / ``handle_request`` as a thread's target: the thread runs the request
# handlers of the server, which a module class derived from one of these bases may be.
SERVING_METHODS = frozenset({"serve_forever", "handle_request"})
HANDLER_BASES = ("socketserver.BaseRequestHandler", "socketserver.StreamRequestHandler",
                 "socketserver.DatagramRequestHandler", "http.server.BaseHTTPRequestHandler",
                 "http.server.SimpleHTTPRequestHandler", "http.server.CGIHTTPRequestHandler",
                 "xmlrpc.server.SimpleXMLRPCRequestHandler")
THREADING_SERVERS = ("socketserver.Threading", "http.server.ThreadingHTTPServer", "xmlrpc.server.Threading")


@dataclass(frozen=True)
class ThreadStart:
    node: ast.AST  # the call that starts the thread, or the class whose run() is thread code
    target: Optional[ast.AST]  # the thread's code, when it is the module's own
    spawns: bool
    effect: Optional[Effect] = None  # it spawns through another module of the project: whose code


def _started(node: ast.AST, target: Optional[ast.AST], reach: Optional[Reach]) -> ThreadStart:
    return ThreadStart(node, target, reach is not None, reach.effect if reach is not None else None)


@dataclass(frozen=True)
class ThreadFacts:
    starts: List[ThreadStart]

    @property
    def starts_threads(self) -> bool:
        return bool(self.starts)

    @property
    def threads_spawn(self) -> bool:
        return any(start.spawns for start in self.starts)

    @property
    def remote(self) -> Optional[Effect]:
        """When the only thread code that spawns does it through another module of the project:
        the first such callee (for messages); else None."""
        spawning = [start for start in self.starts if start.spawns]
        if spawning and all(start.effect is not None for start in spawning):
            return spawning[0].effect
        return None


_MEMO = "threads.facts"


def thread_facts(index: ModuleIndex) -> ThreadFacts:
    facts = index.memo.get(_MEMO)
    if facts is None:
        facts = index.memo[_MEMO] = ThreadFacts(_thread_starts(index))
    return facts  # type: ignore[return-value]


def _thread_starts(index: ModuleIndex) -> List[ThreadStart]:
    starts: List[ThreadStart] = []
    names = index.names
    makes_pool = False
    pool_calls = []
    leaves = [leaf for leaf in names.calls_by_leaf if leaf in _STARTER_LEAVES or leaf in POOL_METHODS
              or leaf.startswith("Threading")]
    for call, scope in sorted((site for leaf in leaves for site in names.calls_by_leaf[leaf]),
                              key=lambda site: (site[0].lineno, site[0].col_offset)):
        func = call.func
        leaf = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if leaf in POOL_METHODS and isinstance(func, ast.Attribute):
            pool_calls.append(call)
            continue
        qualnames = names.qualnames(func, scope)
        if any(q in THREAD_POOLS for q in qualnames):
            makes_pool = True
            continue
        for qualname in qualnames:
            if qualname in THREAD_CALLS:
                position, keyword = THREAD_CALLS[qualname]
                starts.append(_start(index, call, _argument(call, position, keyword)))
                break
            if qualname.startswith(THREADING_SERVERS):
                starts.append(_handler_start(index, call))
                break
    if makes_pool:
        starts.extend(_start(index, call, call.args[0] if call.args else None) for call in pool_calls)
    starts.extend(_thread_classes(index))
    return starts


def _argument(call: ast.Call, position: int, keyword: Optional[str]) -> Optional[ast.expr]:
    if keyword is not None:
        for given in call.keywords:
            if given.arg == keyword:
                return given.value
    if position < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[:position + 1]):
        return call.args[position]
    return None


def _start(index: ModuleIndex, call: ast.Call, target: Optional[ast.expr]) -> ThreadStart:
    if target is None:
        return ThreadStart(call, None, False)
    path = index.path_to(call)
    function = index.enclosing(path, FunctionNode)
    enclosing_class = index.class_of(function) if function is not None else None
    if isinstance(target, ast.Lambda):
        return _started(call, target, first_reach(index, [target.body], enclosing_class, executes=False))
    code = _local_function(index, target, function, enclosing_class)
    if code is None:
        if isinstance(target, ast.Attribute) and target.attr in SERVING_METHODS:
            return _serving(index, call)
        return ThreadStart(call, None, False)
    reach = function_reach(index, code, executes=False) or \
        first_reach(index, code.body, enclosing_class, executes=False)
    return _started(call, code, reach)


def _request_handlers(index: ModuleIndex) -> List[ast.ClassDef]:
    """Module classes derived from a request handler (``SimpleHTTPServer.SimpleHTTPRequestHandler``
    after ``try: import SimpleHTTPServer / except ImportError: SimpleHTTPServer = http.server``
    resolves: `names.extend_module_bindings`)."""
    classes = _module_classes(index)
    found = _derives(index, classes, HANDLER_BASES)
    for cls in classes:  # and classes derived from those
        if cls not in found and any(isinstance(b, ast.Name) and any(f.name == b.id for f in found) for b in cls.bases):
            found.append(cls)
    return found


def _serving(index: ModuleIndex, call: ast.Call) -> ThreadStart:
    """``Thread(target=server.serve_forever)``: the thread runs the request handlers; the module's
    own handler classes (derived from a socketserver / http.server handler) are judged."""
    for cls in _request_handlers(index):
        for member in cls.body:
            if isinstance(member, FunctionNode):
                reach = function_reach(index, member, executes=False)
                if reach is not None:
                    return _started(call, cls, reach)
    return ThreadStart(call, None, False)


def _local_function(index: ModuleIndex, target: ast.expr, function: Optional[ast.AST],
                    enclosing_class: Optional[str]) -> Optional[ast.AST]:
    """The module's own function a thread target names, if any."""
    if isinstance(target, ast.Name):
        if function is not None:
            for statement in ast.walk(function):
                if isinstance(statement, FunctionNode) and statement.name == target.id and statement is not function:
                    return statement
        found = index.functions.get(target.id)
        return found[0] if found else None
    if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
            and target.value.id in ("self", "cls") and enclosing_class is not None):
        return index.methods.get((enclosing_class, target.attr))
    return None


def _module_classes(index: ModuleIndex) -> List[ast.ClassDef]:
    return [s for s in module_level_statements(index.tree.body) if isinstance(s, ast.ClassDef)]


def _derives(index: ModuleIndex, classes: List[ast.ClassDef], prefixes) -> List[ast.ClassDef]:
    """Module classes derived (directly or through module classes) from a base with `prefixes`."""
    names = index.names
    found: List[ast.ClassDef] = []
    changed = True
    while changed:
        changed = False
        for cls in classes:
            if cls in found:
                continue
            for base in cls.bases:
                if any(q.startswith(prefixes) for q in names.qualnames(base, names.module_scope)) or (
                        isinstance(base, ast.Name) and any(f.name == base.id for f in found)):
                    found.append(cls)
                    changed = True
                    break
    return found


def _thread_classes(index: ModuleIndex) -> List[ThreadStart]:
    starts = []
    classes = _module_classes(index)
    for cls in _derives(index, classes, THREAD_BASES):
        run = _method_through_bases(index, classes, cls, "run")
        reach = None
        if run is not None:
            reach = function_reach(index, run, executes=False) or first_reach(index, run.body, cls.name, executes=False)
        starts.append(_started(cls, run, reach))
    for cls in _derives(index, classes, ("socketserver.ThreadingMixIn",)):
        starts.append(ThreadStart(cls, None, False))  # its handler is given where it is made
    return starts


def _method_through_bases(index: ModuleIndex, classes: List[ast.ClassDef], cls: ast.ClassDef,
                          name: str) -> Optional[ast.AST]:
    seen = set()
    while cls is not None and cls.name not in seen:
        seen.add(cls.name)
        method = index.methods.get((cls.name, name))
        if method is not None:
            return method
        parent = next((b.id for b in cls.bases if isinstance(b, ast.Name)), None)
        cls = next((c for c in classes if c.name == parent), None)
    return None


def _handler_start(index: ModuleIndex, call: ast.Call) -> ThreadStart:
    """A threading socketserver: its handler class (second argument) runs in the threads."""
    handler = _argument(call, 1, "RequestHandlerClass")
    if not isinstance(handler, ast.Name):
        return ThreadStart(call, None, False)
    cls = next((c for c in _module_classes(index) if c.name == handler.id), None)
    if cls is None:
        return ThreadStart(call, None, False)
    reach = next((r for r in (function_reach(index, m, executes=False) for m in cls.body
                              if isinstance(m, FunctionNode)) if r is not None), None)
    return _started(call, cls, reach)
