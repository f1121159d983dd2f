"""Does code run in a fork child before it execs?  (The one place for that fact.)

Handles made there are meant for the program the child is about to exec (or die with it), and
``os.dup2(fd, n)`` there hands a descriptor on on purpose: a finding there is noise, and a fix
such as ``inheritable=False`` would break the child.  NIH1xx and NIH2xx stay silent in child code
(`in_child`); `noinherit_lint.analysis.closes_all` reads the child ranges to see a child that
closes every descriptor before it execs.

Child code is:

1. a child branch of a fork: ``pid = os.fork()`` (``pid, fd = pty.fork()``, ``self.pid =
   os.fork()``) tested as ``if pid == 0:`` / ``if not pid:`` / ``if 0 == pid:`` / ``if pid ==
   CHILD:`` (a module constant bound once to 0) -- the body; ``if pid:`` / ``if pid > 0:`` / ``if
   pid != 0:`` -- the ``else`` branch; ``if os.fork() == 0:`` directly; and the rest of the block
   after ``if pid: os._exit(0)`` **when that rest calls ``os.exec*``** (without an exec it is a
   daemon or a worker carrying on as the program, not a child about to exec).  A pid name counts
   only in the function (or module) that assigned it;
2. a function of the module (module-level ``def`` called by name, or a method called as
   ``self.name()``) all of whose calls in the module are in child code, iterated to a fixpoint;
3. a function passed as ``preexec_fn=`` (it runs in the child between fork and exec).

Not seen: children forked in another module that call into this one.
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, List, Optional, Set, Tuple

from noinherit_lint.analysis.index import FunctionNode, ModuleIndex, calls_in, module_level_statements
from noinherit_lint.analysis.nodes import child_nodes
from noinherit_lint.arguments import is_zero as _is_zero_literal

Range = Tuple[int, int]
_MEMO = "fork_child.ranges"
_EXITS = ("os._exit", "os.abort", "sys.exit")


def in_child(index: ModuleIndex, node: ast.AST) -> bool:
    """Is `node` in fork-child code before exec, as far as this module shows?"""
    line = node.lineno
    return any(start <= line <= end for start, end in child_ranges(index))


def child_ranges(index: ModuleIndex) -> List[Range]:
    """The line ranges of the module's fork-child code, computed once per module (NIH1xx, NIH201
    and `closes_all` all ask)."""
    ranges = index.memo.get(_MEMO)
    if ranges is None:
        ranges = index.memo[_MEMO] = _child_ranges(index)
    return ranges  # type: ignore[return-value]


def _child_ranges(index: ModuleIndex) -> List[Range]:
    ranges = _branch_ranges(index)
    ranges.extend(_preexec_ranges(index))
    if ranges:
        ranges.extend(_child_only_functions(index, ranges))
    return ranges


# --------------------------------------------------------------------------- fork branches


def _zero_constants(index: ModuleIndex) -> Set[str]:
    """Module names bound once, to the literal 0 (``CHILD = 0``)."""
    counts: Dict[str, int] = {}
    zero: Set[str] = set()
    for statement in module_level_statements(index.tree.body):
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    counts[target.id] = counts.get(target.id, 0) + 1
                    value = statement.value
                    if isinstance(value, ast.Constant) and value.value == 0 and type(value.value) is int:
                        zero.add(target.id)
    return {name for name in zero if counts[name] == 1 and len(index.names.module_scope.bindings.get(name, ())) == 1}


def _branch_ranges(index: ModuleIndex) -> List[Range]:
    forks = {id(call) for call in index.spawn_calls.values() if index.is_fork(call)}
    if not forks:
        return []
    zeros = _zero_constants(index)
    pid_exprs: Dict[int, Set[str]] = {}  # id(enclosing function or module) -> pid targets' text
    blocks: List[Tuple[int, List[ast.stmt]]] = []
    # A pid test only reads names the same function (or module) assigned from a fork, or a fork
    # call itself: only the code of the functions that fork is walked, not their nested ones.
    owners = _fork_owners(index, forks)
    for owner_node in owners or [index.tree]:
        stack: List[Tuple[ast.AST, int]] = [(owner_node, id(owner_node))]
        while stack:
            node, owner = stack.pop()
            if isinstance(node, _OWNERS):
                owner = id(node)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and id(node.value) in forks:
                for target in node.targets:
                    if isinstance(target, (ast.Tuple, ast.List)) and target.elts:
                        target = target.elts[0]
                    pid_exprs.setdefault(owner, set()).add(ast.unparse(target))
            for field in ("body", "orelse", "finalbody"):
                statements = getattr(node, field, None)
                if isinstance(statements, list) and statements and isinstance(statements[0], ast.stmt):
                    blocks.append((owner, statements))
            stack.extend((child, owner) for child in child_nodes(node)
                         if not (owners and isinstance(child, _OWNERS)))

    def is_pid(expr: ast.expr, owner: int) -> bool:
        if isinstance(expr, ast.NamedExpr):
            expr = expr.value
        if isinstance(expr, ast.Call):
            return id(expr) in forks
        return ast.unparse(expr) in pid_exprs.get(owner, ())

    def is_zero(expr: ast.expr) -> bool:
        if isinstance(expr, ast.Constant):
            return expr.value == 0 and type(expr.value) is int
        return isinstance(expr, ast.Name) and expr.id in zeros

    ranges: List[Range] = []
    for owner, statements in blocks:
        for position, statement in enumerate(statements):
            if not isinstance(statement, ast.If):
                continue
            child_in_body = _child_in_body(statement.test, lambda e: is_pid(e, owner), is_zero)
            if child_in_body is None:
                continue
            child = statement.body if child_in_body else statement.orelse
            if child:
                ranges.append((child[0].lineno, child[-1].end_lineno))
            elif not child_in_body and _ends_in_exit(index, statement.body) and position + 1 < len(statements):
                rest = statements[position + 1:]
                if any(index.is_exec(c) for c in calls_in(rest)):
                    ranges.append((rest[0].lineno, rest[-1].end_lineno))
    return ranges


_OWNERS = FunctionNode + (ast.Lambda,)


def _fork_owners(index: ModuleIndex, forks: Set[int]) -> List[ast.AST]:
    """The functions (or lambdas, or the module) whose own code calls a fork, each once; [] when
    a fork is not found in the tree (then the whole module is walked)."""
    owners: Dict[int, ast.AST] = {}
    for call in index.spawn_calls.values():
        if id(call) in forks:
            path = index.path_to(call)
            if not path:
                return []
            owner = index.enclosing(path, _OWNERS) or index.tree
            owners[id(owner)] = owner
    return list(owners.values())


def _child_in_body(test: ast.expr, is_pid, is_zero) -> Optional[bool]:
    """True: the if-body is the child; False: the else branch is; None: not a pid test.

    A module constant bound to 0 (``CHILD``) is read as the 0 it is."""
    if isinstance(test, ast.Compare) and len(test.comparators) == 1:
        left, right = test.left, test.comparators[0]
        if not isinstance(right, ast.Constant) and is_zero(right):
            test = ast.Compare(left=left, ops=test.ops, comparators=[ast.Constant(0)])
        elif not isinstance(left, ast.Constant) and is_zero(left):
            test = ast.Compare(left=ast.Constant(0), ops=test.ops, comparators=[right])
    return _read_pid_test(test, is_pid)


def _read_pid_test(test: ast.expr, is_pid: Callable[[ast.expr], bool]) -> Optional[bool]:
    """True: the if-body is the child; False: the else branch is; None: not a pid test."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and is_pid(test.operand):
        return True
    if is_pid(test):
        return False
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, op, right = test.left, test.ops[0], test.comparators[0]
        if _is_zero_literal(left) and is_pid(right):
            left, right = right, left
            op = {ast.Lt: ast.Gt(), ast.Gt: ast.Lt()}.get(type(op), op)
        if is_pid(left) and _is_zero_literal(right):
            if isinstance(op, (ast.Eq, ast.Is)):
                return True
            if isinstance(op, (ast.NotEq, ast.IsNot, ast.Gt)):
                return False
    return None


def _is_exit(index: ModuleIndex, call: ast.Call) -> bool:
    return any(q in _EXITS for q in index.callee(call))


def _ends_in_exit(index: ModuleIndex, statements: List[ast.stmt]) -> bool:
    last = statements[-1]
    if isinstance(last, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
        return True
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        return _is_exit(index, last.value) or index.is_exec(last.value)
    return False


# --------------------------------------------------------------------------- functions


def _span(node: ast.AST) -> Range:
    return (node.lineno, node.end_lineno)


def _preexec_ranges(index: ModuleIndex) -> List[Range]:
    ranges: List[Range] = []
    for call, _ in index.names.calls:
        for keyword in call.keywords:
            if keyword.arg != "preexec_fn":
                continue
            value = keyword.value
            if isinstance(value, ast.Lambda):
                ranges.append(_span(value))
            elif isinstance(value, ast.Name):
                path = index.path_to(call)
                function = index.enclosing(path, FunctionNode)
                scope = function if function is not None else index.tree
                for node in ast.walk(scope):
                    if isinstance(node, FunctionNode) and node.name == value.id:
                        ranges.append(_span(node))
    return ranges


def _child_only_functions(index: ModuleIndex, ranges: List[Range]) -> List[Range]:
    """Module functions and methods called only from child code (to a fixpoint)."""
    candidates: Dict[int, ast.AST] = {}
    sites: Dict[int, List[ast.Call]] = {}
    classes = {id(m): c for (c, _), m in index.methods.items()}
    wanted = set(index.functions) | {name for _, name in index.methods}
    for call, _ in (site for leaf in wanted for site in index.names.calls_by_leaf.get(leaf, ())):
        # the enclosing class only matters for self.name() / cls.name() calls
        enclosing_class = None
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
            function = index.enclosing(index.path_to(call), FunctionNode)
            enclosing_class = classes.get(id(function)) if function is not None else None
        for target in index.local_targets(call, enclosing_class):
            candidates[id(target)] = target
            sites.setdefault(id(target), []).append(call)
    found: List[Range] = []
    chosen: Set[int] = set()
    changed = True
    while changed:
        changed = False
        every = ranges + found
        for key, function in candidates.items():
            if key in chosen:
                continue
            calls = sites[key]
            if all(any(s <= c.lineno <= e for s, e in every) for c in calls) and not any(
                    function.lineno <= c.lineno <= function.end_lineno for c in calls):
                chosen.add(key)
                found.append(_span(function))
                changed = True
    return found
