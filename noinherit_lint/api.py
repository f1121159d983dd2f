"""The rule API: what a check receives (a `CallSite`) and what it may ask about the whole module
(`ModuleFacts`, each fact named, typed and computed once, on first use).

Checks read arguments with the helpers of `noinherit_lint.arguments` and report with
`CallSite.report`.  Nothing here imports the checker or the rules, so rule modules import this
freely.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from functools import cached_property
from typing import FrozenSet, List, Optional, Tuple

from noinherit_lint import arguments
from noinherit_lint.findings import Finding, Fix, FixKind, Span
from noinherit_lint import fork_child
from noinherit_lint.analysis import spawn_reach
from noinherit_lint.analysis.index import ModuleIndex
from noinherit_lint.analysis.threads import ThreadFacts, thread_facts
from noinherit_lint.names import ModuleNames, Scope
from noinherit_lint.registry import RULES
from noinherit_lint.settings import HOW_TO_SET_MIN_PYTHON, Settings

# Modules whose import means "this module spawns processes or uses threads" (scope=module).
SPAWN_OR_THREAD_MODULES = frozenset({
    "subprocess", "pty", "multiprocessing", "concurrent.futures", "commands", "popen2",
    "threading", "_thread", "dummy_threading", "asyncio.subprocess",
})
THREAD_MODULES = frozenset({"threading", "_thread", "dummy_threading", "multiprocessing.dummy"})
# Qualified names whose call (or use as a base class) means the same.
SPAWN_OR_THREAD_CALL_PREFIXES = (
    "os.system", "os.popen", "os.spawn", "os.exec", "os.posix_spawn", "os.fork", "os.forkpty",
    "platform.popen", "asyncio.create_subprocess_", "socketserver.Threading", "socketserver.Forking",
    "http.server.ThreadingHTTPServer", "xmlrpc.server.Threading",
)
THREAD_QUALNAME_PREFIXES = (
    "threading.", "_thread.", "concurrent.futures.ThreadPoolExecutor", "multiprocessing.pool.ThreadPool",
    "multiprocessing.dummy", "socketserver.Threading", "http.server.ThreadingHTTPServer",
    "asyncio.to_thread",
)
FORK_CALLS = frozenset({"os.fork", "os.forkpty", "pty.fork"})
# Calls that start a program which gets every inheritable descriptor (no close_fds), on every version.
INHERITING_START_PREFIXES = ("os.exec", "os.spawn", "os.posix_spawn", "os.system", "pty.spawn")


# The last part of every prefix above ("system", "Threading", ...).  A call can only resolve to a
# name with one of the prefixes if its callee's leaf starts with that part; prefixes that end in
# "." ("threading.") name a module, whose import the module checks already catch.
_PREFIX_LEAVES = tuple(sorted({
    prefix.rpartition(".")[2]
    for prefix in SPAWN_OR_THREAD_CALL_PREFIXES + THREAD_QUALNAME_PREFIXES
    if not prefix.endswith(".")
}))
assert {p[:-1] for p in SPAWN_OR_THREAD_CALL_PREFIXES + THREAD_QUALNAME_PREFIXES if p.endswith(".")} \
    <= SPAWN_OR_THREAD_MODULES & THREAD_MODULES


class ModuleFacts:
    """What rules may ask about the whole module; each fact is computed on first use."""

    def __init__(self, names: ModuleNames, settings: Settings, tree: ast.AST, path: Optional[str] = None) -> None:
        self.names = names
        self.settings = settings
        self.tree = tree
        self.path = path  # the linted file (None: unknown): calls into its project are followed
        self.findings: List[Finding] = []  # so far; complete for the non-deferred checks

    @cached_property
    def _referenced_qualnames(self) -> Tuple[str, ...]:
        """Qualified names imported, called (with a leaf that may match a prefix) or subclassed."""
        names = self.names
        found = set(names.imported_qualnames)
        for leaf, calls in names.calls_by_leaf.items():
            if leaf.startswith(_PREFIX_LEAVES):
                for call, scope in calls:
                    found.update(names.qualnames(call.func, scope))
        for base, scope in names.class_bases:
            found.update(names.qualnames(base, scope))
        return tuple(found)

    def _imports_any(self, modules: FrozenSet[str]) -> bool:
        return any(
            module in modules or module.rpartition(".")[0] in modules
            for module in self.names.imported_modules
        )

    @cached_property
    def spawns_or_uses_threads(self) -> bool:
        """The module may start a child process, or another thread that may."""
        if self._imports_any(SPAWN_OR_THREAD_MODULES):
            return True
        return any(q.startswith(SPAWN_OR_THREAD_CALL_PREFIXES) for q in self._referenced_qualnames)

    @cached_property
    def uses_threads(self) -> bool:
        if self._imports_any(THREAD_MODULES):
            return True
        return any(q.startswith(THREAD_QUALNAME_PREFIXES) for q in self._referenced_qualnames)

    @cached_property
    def spawns_with_close_fds_false(self) -> bool:
        """Some subprocess call of the module passes ``close_fds=False``."""
        names = self.names
        return any(
            arguments.passes_close_fds_false(call)
            and any(q in arguments.SUBPROCESS_CALLS for q in names.qualnames(call.func, scope))
            for call, scope in names.calls
        )

    @cached_property
    def starts_programs_that_inherit(self) -> bool:
        """The module starts a program that gets every inheritable descriptor: ``os.exec*``,
        ``os.spawn*``, ``os.posix_spawn*``, ``os.system``, ``pty.spawn`` or a subprocess call with
        ``close_fds=False`` (a descriptor it creates may be meant for that program)."""
        if self.spawns_with_close_fds_false:
            return True
        return any(q.startswith(INHERITING_START_PREFIXES) for q in self._referenced_qualnames)

    @cached_property
    def mentions_scm_rights(self) -> bool:
        """``SCM_RIGHTS`` appears somewhere (an expression or ``from socket import SCM_RIGHTS``):
        the module passes descriptors over sockets."""
        return "socket.SCM_RIGHTS" in self.names.imported_qualnames or arguments.mentions(self.tree, "SCM_RIGHTS")

    @cached_property
    def index(self) -> ModuleIndex:
        """The whole-module analyses' shared index (`noinherit_lint.analysis`), built on first use:
        only modules where a rule has something to judge pay for it."""
        index = ModuleIndex(self.tree, self.names)
        spawn_reach.attach(index, self.path)
        return index

    @property
    def dependencies(self) -> Tuple[Tuple[str, str], ...]:
        """(absolute path, digest) of the project's other files the findings depended on."""
        if "index" not in self.__dict__:
            return ()
        return spawn_reach.dependencies(self.index)

    @property
    def threads(self) -> ThreadFacts:
        """Which threads the module starts, and whether their code spawns."""
        return thread_facts(self.index)

    def in_fork_child(self, node: ast.AST) -> bool:
        """Is `node` in fork-child code before it execs, as far as this module shows?"""
        return fork_child.in_child(self.index, node)

    def reported(self, *codes: str) -> bool:
        """Has a check that ran before reported one of `codes` (a code prefix counts)?"""
        return any(f.code.startswith(codes) for f in self.findings)


class CallSite:
    """One call whose callee resolved to a registered qualified name (or method name).

    For `registry.on_class_base` checks, `node` is the base expression of a class definition.
    `reports` are the codes the check that receives this site declared.
    """

    __slots__ = ("node", "qualname", "scope", "facts", "reports")

    def __init__(self, node: ast.Call, qualname: str, scope: Scope, facts: ModuleFacts,
                 reports: FrozenSet[str]) -> None:
        self.node = node
        self.qualname = qualname
        self.scope = scope
        self.facts = facts
        self.reports = reports

    @property
    def settings(self) -> Settings:
        return self.facts.settings

    @property
    def callee(self) -> str:
        """The short name used in messages: ``open``, ``os.dup2``, ``sock.set_inheritable``."""
        if self.qualname.startswith("builtins."):
            return self.qualname[len("builtins."):]
        return self.qualname

    def resolve(self, expr: ast.AST) -> Tuple[str, ...]:
        return self.facts.names.qualnames(expr, self.scope)

    def refers_to(self, expr: ast.AST, *qualnames: str) -> bool:
        return any(q in qualnames for q in self.resolve(expr))

    def name_bound_to(self, qualname: str) -> Optional[str]:
        """A name that refers to exactly `qualname` at the call (``os``, an alias of it, or
        ``F_DUPFD_CLOEXEC`` imported from fcntl), if any."""
        names = self.facts.names
        for name in [qualname.rpartition(".")[2]] + sorted(names.local_names_for(qualname)):
            if names.lookup(name, self.scope) == (qualname,):
                return name
        return None

    @property
    def has_starargs(self) -> bool:
        return arguments.has_starargs(self.node)

    def keyword(self, name: str) -> Optional[ast.keyword]:
        return arguments.keyword(self.node, name)

    def argument(self, position: int, name: Optional[str] = None) -> Optional[ast.expr]:
        """The argument at `position` (if no *args come before it) or passed as `name=`."""
        return arguments.argument(self.node, position, name)

    def report(self, code: str, text: str, fix: Optional[Fix] = None, *,
               node: Optional[ast.AST] = None, version_gated: bool = False) -> Finding:
        """A finding for this call: `text` follows the code; gated rules get the min-python hint."""
        if code not in self.reports:
            raise ValueError(f"a check registered for {sorted(self.reports)} reported {code}")
        if fix is not None:
            rule = RULES[code]
            if rule.fix_safety.applicability is None:
                raise ValueError(f"{code} has no fix, but a check offered one")
            if fix.safety is None:
                fix = replace(fix, safety=rule.fix_safety)
            elif fix.safety not in rule.fix_safeties():
                raise ValueError(f"{code}: a fix's safety must be one its Rule documents "
                                 f"(fix_safety or other_fix_safety), got {fix.safety!r}")
        message = f"{code} {text}"
        if version_gated and self.settings.min_python_assumed:
            message += f" (min-python {self.settings.min_python[0]}.{self.settings.min_python[1]} " \
                       f"assumed: {HOW_TO_SET_MIN_PYTHON})"
        return Finding(code, message, Span.of(node or self.node), fix)

    def runtime_fix(self, attribute: str) -> Fix:
        """Replace the callee with the runtime's `attribute`."""
        return Fix(FixKind.RUNTIME_CALLEE, Span.of(self.node.func), attribute)
