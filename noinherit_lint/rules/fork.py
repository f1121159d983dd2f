"""NIH4xx: fork without exec.  Close-on-exec does not help here: a forked child gets a copy of
*every* descriptor, inheritable or not, and keeps it until it exits or execs.

NIH401 ``fork-in-threaded-module``
    What: ``os.fork()``, ``os.forkpty()`` or ``pty.fork()`` in a module that uses threads
    (imports or calls ``threading``, ``_thread``/``thread``, ``concurrent.futures.ThreadPoolExecutor``,
    ``multiprocessing.pool.ThreadPool``, ``socketserver.ThreadingMixIn`` ...).
    Why: the child holds a copy of every file, pipe end and socket of the parent, including the ones
    other threads are using at that moment: a pipe reader waits for an EOF that never comes, a
    closed listening socket keeps accepting connections, a ``flock`` stays held until the child
    exits.  Other threads' locks are copied in whatever state they were (deadlocks); Python 3.12+
    warns (``DeprecationWarning: This process ... is multi-threaded, use of fork() may lead to
    deadlocks in the child``).
    Example::

        import os, threading
        pid = os.fork()          # NIH401

    Fix: start children with ``subprocess`` (fork+exec, ``close_fds=True``) or ``multiprocessing``
    with the ``"spawn"``/``"forkserver"`` start method; or fork before any thread or handle exists.
    Fix safety: report-only (the child's code would have to change).
    Versions: every Python version, POSIX (Windows has no fork).

NIH402 ``fork-start-method``
    What: ``multiprocessing.set_start_method("fork")`` and ``multiprocessing.get_context("fork")``
    (positional or ``method=``) in any import style, which covers
    ``ProcessPoolExecutor(mp_context=multiprocessing.get_context("fork"))``; and a fork context
    made directly, ``multiprocessing.context.ForkContext()`` (``multiprocessing.context`` has no
    module-level ``get_context``/``set_start_method``).
    Why: workers are forked, not spawned: each gets a copy of every handle the parent holds when the
    worker starts (files, sockets, pipe ends of other workers).
    Example::

        multiprocessing.set_start_method("fork")   # NIH402

    Fix: ``"forkserver"`` (POSIX) or ``"spawn"``; both start workers with only the handles they
    need.  Fix safety: report-only -- spawn/forkserver pickle the target and re-import ``__main__``,
    which code written for fork may not survive.
    Versions: every version, POSIX.  The implicit default (fork on Linux up to 3.13) is not flagged.

NIH403 ``forking-socketserver``
    What: ``socketserver.ForkingMixIn``, ``ForkingTCPServer``, ``ForkingUDPServer``,
    ``ForkingUnixStreamServer``, ``ForkingUnixDatagramServer`` (also Python 2's ``SocketServer``),
    whether called or used as a base class (``class S(socketserver.ForkingMixIn, TCPServer)``).
    Why: every request is handled in a forked child that holds the listening socket and every other
    handle the server has open; a server that is shut down keeps its port bound while any child
    lives.
    Example::

        class Server(socketserver.ForkingMixIn, socketserver.TCPServer):   # NIH403
            pass

    Fix: ``ThreadingMixIn``, or open nothing before ``serve_forever()`` and close what the request
    handler does not need.  Fix safety: report-only.  Versions: every version, POSIX.

The helper `in_fork_child` (used by NIH201's fix) tells whether a node lies in the child branch of
``pid = os.fork()``: ``if pid == 0:`` / ``if not pid:`` bodies, ``else:`` of ``if pid:`` /
``if pid > 0:``, and the rest of the block after ``if pid: os._exit(0)``-style parent exits.
"""

from __future__ import annotations

import ast
from functools import partial
from typing import TYPE_CHECKING, Iterator, List, Optional, Set, Tuple

from noinherit_lint.findings import Finding
from noinherit_lint.registry import Rule, on_call, on_class_base, register

if TYPE_CHECKING:  # the checker imports the rules, not the other way round
    from noinherit_lint.checker import CallSite, ModuleFacts

register(
    Rule("NIH401", "fork-in-threaded-module", "os.fork/os.forkpty/pty.fork in a module that uses threads",
         "all", "no"),
    Rule("NIH402", "fork-start-method", 'multiprocessing.set_start_method("fork") / get_context("fork")',
         "all", "no"),
    Rule("NIH403", "forking-socketserver", "socketserver.ForkingMixIn / ForkingTCPServer / ForkingUDPServer",
         "all", "no"),
)

FORK_CALLS = ("os.fork", "os.forkpty", "pty.fork")


@on_call(*FORK_CALLS)
def _fork(site: CallSite) -> Iterator[Finding]:
    if site.facts.uses_threads:
        yield site.report(
            "NIH401",
            f"{site.callee}() in a module that uses threads gives the child a copy of every handle "
            "(close-on-exec does not apply) and of other threads' locks; use subprocess, or "
            'multiprocessing with "spawn"/"forkserver"',
        )


FORK_START = (
    'starts workers that inherit a copy of every handle of the parent; use "forkserver" or "spawn"'
)


@on_call("multiprocessing.set_start_method", "multiprocessing.get_context")
def _start_method(site: CallSite) -> Iterator[Finding]:
    method = site.argument(0, "method")
    if isinstance(method, ast.Constant) and method.value == "fork":
        yield site.report("NIH402", f'{site.callee}("fork") {FORK_START}')


@on_call("multiprocessing.context.ForkContext")
def _fork_context(site: CallSite) -> Iterator[Finding]:
    yield site.report("NIH402", f"{site.callee}() {FORK_START}")


FORKING_SERVERS = tuple(
    f"socketserver.{name}" for name in (
        "ForkingMixIn", "ForkingTCPServer", "ForkingUDPServer",
        "ForkingUnixStreamServer", "ForkingUnixDatagramServer",
    )
)


def _forking_server_finding(site: CallSite) -> Finding:
    return site.report(
        "NIH403",
        f"{site.callee} handles each request in a forked child that holds the listening socket and "
        "every other handle of the server; use ThreadingMixIn or close what the handler does not need",
    )


@on_call(*FORKING_SERVERS)
def _forking_server_call(site: CallSite) -> Iterator[Finding]:
    yield _forking_server_finding(site)


@on_class_base(*FORKING_SERVERS)
def _forking_server_base(site: CallSite) -> Iterator[Finding]:
    yield _forking_server_finding(site)


# --------------------------------------------------------------------------- fork-child branches

_MEMO_KEY = "fork.child_ranges"
_PARENT_EXITS = ("_exit", "exit")


def in_fork_child(site: CallSite) -> bool:
    """Is the site's node inside a fork child (before it execs or exits), as far as we can tell?"""
    ranges = site.facts.memo.get(_MEMO_KEY)
    if ranges is None:
        ranges = site.facts.memo[_MEMO_KEY] = _child_ranges(site.facts)
    line = site.node.lineno
    return any(start <= line <= end for start, end in ranges)


def _fork_calls(facts: ModuleFacts) -> Set[int]:
    names = facts.names
    found = set()
    for call, scope in names.calls:
        func = call.func
        leaf = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if leaf in ("fork", "forkpty") and any(q in FORK_CALLS for q in names.qualnames(func, scope)):
            found.add(id(call))
    return found


def _child_ranges(facts: ModuleFacts) -> List[Tuple[int, int]]:
    fork_calls = _fork_calls(facts)
    if not fork_calls or facts.tree is None:
        return []
    pid_names: Set[Tuple[int, str]] = set()  # (id of the enclosing function or module, name)
    blocks: List[Tuple[int, list]] = []  # statement lists, with their enclosing function
    stack = [(facts.tree, id(facts.tree))]
    while stack:
        node, owner = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            owner = id(node)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and id(node.value) in fork_calls:
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
            return id(expr) in fork_calls
        return isinstance(expr, ast.Name) and (owner, expr.id) in pid_names

    ranges: List[Tuple[int, int]] = []
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


def _child_in_body(test: ast.expr, is_pid) -> Optional[bool]:
    """True: the if-body is the child; False: the else branch is; None: not a pid test."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and is_pid(test.operand):
        return True
    if is_pid(test):
        return False
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, op, right = test.left, test.ops[0], test.comparators[0]
        if _is_zero(left) and is_pid(right):
            left, right = right, left
            op = {ast.Lt: ast.Gt(), ast.Gt: ast.Lt()}.get(type(op), op)
        if is_pid(left) and _is_zero(right):
            if isinstance(op, (ast.Eq, ast.Is)):
                return True
            if isinstance(op, (ast.NotEq, ast.IsNot, ast.Gt)):
                return False
    return None


def _is_zero(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and expr.value == 0 and not isinstance(expr.value, bool)


def _ends_in_exit(statements: list) -> bool:
    last = statements[-1]
    if isinstance(last, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
        return True
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        func = last.value.func
        leaf = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return leaf in _PARENT_EXITS or leaf.startswith("exec")
    return False
