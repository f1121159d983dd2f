"""Does every spawn of the module close every descriptor in the child?

A module whose only way of starting a child is fork, close every descriptor above the standard
streams, exec (pexpect/ptyprocess, sh's ``_close_fds``, supervisord) cannot leak a handle to its
own children: NIH1xx have nothing to report there.  `every_spawn_closes_all(index)` is true when
the module spawns at all and each spawn call is one of

- a fork (``os.fork``/``os.forkpty``/``pty.fork``) whose child code (`noinherit_lint.fork_child`) closes the
  descriptors: ``os.closerange(n, ...)`` with a literal ``n <= 3`` or any ``closerange`` inside a
  loop (the ``pass_fds`` gaps pattern), or ``os.close(fd)`` of the variable of a ``for`` loop
  (over ``range(3, ...)``, ``os.listdir("/dev/fd")``, ...);
- an ``exec*`` call in such a child;
- a ``subprocess`` call with a literal ``close_fds=True`` (or without ``close_fds`` when
  `close_fds_default` -- Python >= 3.2 -- is true), which closes every descriptor above 2 in the
  child.

Any other spawn (``os.system``, ``os.spawn*``, ``posix_spawn``, ``popen``, a fork whose child does
not close, an exec outside a fork child) makes it false.  Children started by another module
(supervisord's ``options.fork()`` wrappers) are not seen.
"""

from __future__ import annotations

import ast
from typing import List, Optional

from noinherit_lint.analysis.index import ModuleIndex
from noinherit_lint.analysis.nodes import walk
from noinherit_lint.fork_child import child_ranges

SUBPROCESS = ("subprocess.Popen", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
              "subprocess.run")


def every_spawn_closes_all(index: ModuleIndex, close_fds_default: bool = False) -> bool:
    key = f"closes_all.{close_fds_default}"
    if key not in index.memo:
        index.memo[key] = _judge(index, close_fds_default)
    return bool(index.memo[key])


def _judge(index: ModuleIndex, close_fds_default: bool) -> bool:
    spawns = sorted(index.spawn_calls.values(), key=lambda c: (c.lineno, c.col_offset))
    if not spawns:
        return False
    ranges = child_ranges(index)
    loops = _Loops(index.tree)
    closing = [r for r in ranges if _closes_in(index, r, loops)]

    def in_closing_child(node: ast.AST) -> bool:
        return any(start <= node.lineno <= end for start, end in closing)

    for call in spawns:
        if index.is_fork(call):
            if not _child_of(call, closing):
                return False
        elif index.is_exec(call):
            if not in_closing_child(call):
                return False
        elif any(q in SUBPROCESS for q in index.callee(call)):
            if not _closes_fds(call, close_fds_default):
                return False
        else:
            return False
    return True


def _child_of(fork: ast.Call, closing: List) -> bool:
    """A closing child range starts after the fork (in the branch that tests its result)."""
    return any(start > fork.lineno for start, _ in closing)


def _closes_fds(call: ast.Call, default: bool) -> bool:
    if any(k.arg is None for k in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args):
        return False
    for keyword in call.keywords:
        if keyword.arg == "close_fds":
            return isinstance(keyword.value, ast.Constant) and keyword.value.value is True
    if len(call.args) > 7:
        value = call.args[7]
        return isinstance(value, ast.Constant) and value.value is True
    return default


class _Loops:
    """The module's ``for`` and ``while`` loops, found (one walk of the module) when first asked."""

    def __init__(self, tree: ast.AST) -> None:
        self._tree = tree
        self._every: Optional[List[ast.AST]] = None

    def starting_in(self, start: int, end: int) -> List[ast.AST]:
        if self._every is None:
            self._every = [n for n in walk(self._tree) if isinstance(n, (ast.For, ast.While))]
        return [n for n in self._every if start <= n.lineno <= end]


def _closes_in(index: ModuleIndex, child: tuple, every_loop: _Loops) -> bool:
    start, end = child
    loops: Optional[List[ast.AST]] = None  # only a closerange or close call needs them
    for call, _ in index.names.calls:
        if not start <= call.lineno <= end:
            continue
        callee = index.callee(call)
        if "os.closerange" in callee and call.args:
            first = call.args[0]
            if isinstance(first, ast.Constant) and type(first.value) is int and first.value <= 3:
                return True
            loops = every_loop.starting_in(start, end) if loops is None else loops
            if any(loop.lineno <= call.lineno <= loop.end_lineno for loop in loops):
                return True
        if "os.close" in callee and len(call.args) == 1 and isinstance(call.args[0], ast.Name):
            name = call.args[0].id
            loops = every_loop.starting_in(start, end) if loops is None else loops
            if any(isinstance(loop, ast.For) and isinstance(loop.target, ast.Name) and loop.target.id == name
                   and loop.lineno <= call.lineno <= loop.end_lineno for loop in loops):
                return True
    return False
