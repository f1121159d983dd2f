"""An index of one module's code that the analyses share, built lazily.

- `path_to(node)`: the chain of ancestors of a node, found by descending through position
  ranges; answers are remembered, and a module that asks more than `PARENT_MAP_AFTER` times gets
  a parent map of the whole tree instead (a descent scans every sibling on the way, so 2,000
  handles in one list cost 2,000 x 2,000 steps without it; most files ask a few times or never).
- `is_spawn(call)`: the call starts a child process (subprocess, os.system/popen/spawn*/exec*/
  posix_spawn*/fork*, pty, commands, popen2, platform.popen, multiprocessing.Process, asyncio
  subprocesses) -- resolved through imports, never by spelling.
- `local_targets(call, enclosing_class)`: the module's own functions a call may run: a bare name
  bound by a module-level ``def``, or ``self.name(...)``/``cls.name(...)`` for a method of the
  enclosing class.
- `spawning_functions()`: the module's functions that spawn, directly or through other functions
  of the module (a fixpoint over that call graph).  A call into another module is not followed.
"""

from __future__ import annotations

import ast
from typing import Dict, Iterable, List, Optional, Set, Tuple

from noinherit_lint.analysis.nodes import calls_in, child_nodes, parent_map  # noqa: F401 (calls_in re-exported)
from noinherit_lint.names import ModuleNames, Scope, module_level_statements  # noqa: F401 (re-exported)

# Qualified-name prefixes of calls that start a child process (a fork is a child too: it gets
# every descriptor).
SPAWN_PREFIXES = (
    "subprocess.Popen", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
    "subprocess.run", "subprocess.getoutput", "subprocess.getstatusoutput",
    "os.system", "os.popen", "os.spawn", "os.exec", "os.posix_spawn", "os.fork", "os.forkpty",
    "pty.fork", "pty.spawn", "commands.", "popen2.", "platform.popen",
    "multiprocessing.Process", "multiprocessing.Pool", "concurrent.futures.ProcessPoolExecutor",
    "asyncio.create_subprocess_",
)
FORK_QUALNAMES = ("os.fork", "os.forkpty", "pty.fork")
# The last part of each prefix: a call can only resolve to a spawner if its callee's leaf starts
# with it.  Prefixes that end in "." name a module whose every function spawns.
_SPAWN_LEAVES = tuple(sorted({p.rpartition(".")[2] for p in SPAWN_PREFIXES if not p.endswith(".")}))
_MODULE_SPAWN_LEAVES = frozenset({"getoutput", "getstatusoutput", "getstatus", "popen2", "popen3", "popen4",
                                  "Popen3", "Popen4"})
EXEC_PREFIX = "os.exec"

PARENT_MAP_AFTER = 32  # path_to() questions answered by descent before the parent map is built

FunctionNode = (ast.FunctionDef, ast.AsyncFunctionDef)


def has_position(node: ast.AST) -> bool:
    return hasattr(node, "lineno") and getattr(node, "end_lineno", None) is not None


class ModuleIndex:
    def __init__(self, tree: ast.Module, names: ModuleNames) -> None:
        self.tree = tree
        self.names = names
        self._scope_of_call: Optional[Dict[int, Scope]] = None
        self._functions: Optional[Dict[str, List[ast.AST]]] = None
        self._methods: Optional[Dict[Tuple[str, str], ast.AST]] = None
        self._spawning: Optional[Set[int]] = None
        self._spawn_calls: Optional[Dict[int, ast.Call]] = None
        self._paths: Dict[int, List[ast.AST]] = {}
        self._parents: Optional[Dict[int, ast.AST]] = None
        # Per-module answers of the analyses, keyed by the analysis that owns them.
        self.memo: Dict[str, object] = {}

    # ------------------------------------------------------------------ positions

    def path_to(self, target: ast.AST) -> List[ast.AST]:
        """Ancestors of `target`, outermost (the module) first, `target` last; [] if not found."""
        known = self._paths.get(id(target))
        if known is None:
            if self._parents is None and len(self._paths) >= PARENT_MAP_AFTER:
                self._parents = parent_map(self.tree)
            known = self._path_by_parents(target) if self._parents is not None else self._descend(target)
            self._paths[id(target)] = known
        return list(known)

    def _path_by_parents(self, target: ast.AST) -> List[ast.AST]:
        assert self._parents is not None
        if id(target) not in self._parents:
            return []
        path = [target]
        while id(path[-1]) in self._parents:
            path.append(self._parents[id(path[-1])])
        path.reverse()
        return path

    def _descend(self, target: ast.AST) -> List[ast.AST]:
        """Through the children whose position range holds the target's; a node without a position
        (withitem, arguments, comprehension...) is looked inside."""
        start = end = None  # the target's, read when a positioned node is first compared
        first_line = last_line = 0
        path: List[ast.AST] = [self.tree]
        stack = [iter(child_nodes(self.tree))]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                path.pop()
                continue
            if child is target:
                return path + [child]
            child_end = getattr(child, "end_lineno", None)
            if child_end is not None and hasattr(child, "lineno"):
                if start is None:
                    start = (target.lineno, target.col_offset)  # type: ignore[attr-defined]
                    end = (target.end_lineno, target.end_col_offset)  # type: ignore[attr-defined]
                    first_line, last_line = start[0], end[0]
                if child.lineno > first_line or child_end < last_line:  # type: ignore[attr-defined]
                    continue  # the lines alone say it (most siblings): no tuples built
                if not ((child.lineno, child.col_offset) <= start  # type: ignore[attr-defined]
                        and (child_end, child.end_col_offset) >= end):  # type: ignore[attr-defined]
                    continue
            path.append(child)
            stack.append(iter(child_nodes(child)))
        return []

    @staticmethod
    def enclosing(path: List[ast.AST], kinds) -> Optional[ast.AST]:
        for node in reversed(path[:-1]):
            if isinstance(node, kinds):
                return node
        return None

    # ------------------------------------------------------------------ resolution

    def scope_of(self, call: ast.Call) -> Optional[Scope]:
        if self._scope_of_call is None:
            self._scope_of_call = {id(c): s for c, s in self.names.calls}
        return self._scope_of_call.get(id(call))

    def callee(self, call: ast.Call) -> Tuple[str, ...]:
        scope = self.scope_of(call)
        return self.names.qualnames(call.func, scope) if scope is not None else ()

    def resolve(self, expr: ast.AST, at: ast.Call) -> Tuple[str, ...]:
        """Qualified names of `expr` (a Name or dotted Attribute) in the scope of the call `at`."""
        scope = self.scope_of(at)
        return self.names.qualnames(expr, scope) if scope is not None else ()

    @property
    def spawn_calls(self) -> Dict[int, ast.Call]:
        """id -> call for every call of the module that spawns (only calls whose callee's last
        name could match a spawner are resolved)."""
        if self._spawn_calls is None:
            found: Dict[int, ast.Call] = {}
            for leaf, sites in self.names.calls_by_leaf.items():
                if not leaf.startswith(_SPAWN_LEAVES) and leaf not in _MODULE_SPAWN_LEAVES:
                    continue
                for call, scope in sites:
                    if any(q.startswith(SPAWN_PREFIXES) for q in self.names.qualnames(call.func, scope)):
                        found[id(call)] = call
            self._spawn_calls = found
        return self._spawn_calls

    def is_spawn(self, call: ast.Call) -> bool:
        return id(call) in self.spawn_calls

    def is_fork(self, call: ast.Call) -> bool:
        return any(q in FORK_QUALNAMES for q in self.callee(call))

    def is_exec(self, call: ast.Call) -> bool:
        return any(q.startswith(EXEC_PREFIX) for q in self.callee(call))

    # ------------------------------------------------------------------ the module's functions

    def _index_functions(self) -> None:
        functions: Dict[str, List[ast.AST]] = {}
        methods: Dict[Tuple[str, str], ast.AST] = {}
        for statement in module_level_statements(self.tree.body):
            if isinstance(statement, FunctionNode):
                functions.setdefault(statement.name, []).append(statement)
            elif isinstance(statement, ast.ClassDef):
                for member in statement.body:
                    if isinstance(member, FunctionNode):
                        methods[(statement.name, member.name)] = member
        self._functions, self._methods = functions, methods

    @property
    def functions(self) -> Dict[str, List[ast.AST]]:
        """Module-level ``def``s by name (several for conditional definitions)."""
        if self._functions is None:
            self._index_functions()
        return self._functions  # type: ignore[return-value]

    @property
    def methods(self) -> Dict[Tuple[str, str], ast.AST]:
        """Methods of module-level classes by (class name, method name)."""
        if self._methods is None:
            self._index_functions()
        return self._methods  # type: ignore[return-value]

    def local_targets(self, call: ast.Call, enclosing_class: Optional[str]) -> List[ast.AST]:
        func = call.func
        if isinstance(func, ast.Name):
            bound = self.names.module_scope.bindings.get(func.id)
            if func.id in self.functions and bound and all(b is None for b in bound):
                return list(self.functions[func.id])
            return []
        if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id in ("self", "cls") and enclosing_class is not None):
            method = self.methods.get((enclosing_class, func.attr))
            return [method] if method is not None else []
        return []

    def class_of(self, function: ast.AST) -> Optional[str]:
        for (class_name, _), method in self.methods.items():
            if method is function:
                return class_name
        return None

    def spawning_functions(self) -> Set[int]:
        """ids of the module's functions that spawn, directly or through the module's functions.

        Computed from the spawn calls outwards (each one's enclosing function, then the callers of
        that function by name), so the cost follows the number of spawns, not the module's size."""
        if self._spawning is None:
            spawning: Set[int] = set()
            work: List[ast.AST] = []
            for call in self.spawn_calls.values():
                function = self.enclosing(self.path_to(call), FunctionNode)
                if function is not None and id(function) not in spawning:
                    spawning.add(id(function))
                    work.append(function)
            while work:
                function = work.pop()
                for call, _ in self.names.calls_by_leaf.get(function.name, ()):
                    caller = self.enclosing(self.path_to(call), FunctionNode)
                    if caller is None or id(caller) in spawning:
                        continue
                    if any(t is function for t in self.local_targets(call, self.class_of(caller))):
                        spawning.add(id(caller))
                        work.append(caller)
            self._spawning = spawning
        return self._spawning

    def spawning_call(self, call: ast.Call, enclosing_class: Optional[str]) -> bool:
        """The call spawns, or runs one of the module's functions that spawns."""
        spawn_calls = self.spawn_calls
        if not spawn_calls:
            return False  # nothing in the module spawns, so none of its functions does
        if id(call) in spawn_calls:
            return True
        spawning = self.spawning_functions()
        return any(id(target) in spawning for target in self.local_targets(call, enclosing_class))

    def first_spawn(self, nodes: Iterable[ast.AST], enclosing_class: Optional[str]) -> Optional[ast.Call]:
        if not self.spawn_calls:
            return None
        found = [c for c in calls_in(nodes) if self.spawning_call(c, enclosing_class)]
        return min(found, key=lambda c: (c.lineno, c.col_offset)) if found else None
