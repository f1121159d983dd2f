"""The single detector: `check(tree, settings)` runs every rule over one module's ast.

flake8 (``plugin.py``) and the codemod (``fixes/``) both call this and nothing else decides what
is a finding.  No flake8 or libcst import here.
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple

from noinherit_lint import registry
from noinherit_lint import rules as _rules  # noqa: F401  (registers every rule family)
from noinherit_lint.findings import RUNTIME_CALLEE, Finding, Fix, Span
from noinherit_lint.names import ModuleNames, Scope
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
    """What rules may ask about the whole module; computed on first use."""

    def __init__(self, names: ModuleNames, settings: Settings, tree: Optional[ast.AST] = None) -> None:
        self.names = names
        self.settings = settings
        self.tree = tree
        self.findings: List[Finding] = []
        # Per-module values a rule module computes once, keyed by a name that rule module owns.
        self.memo: Dict[str, object] = {}
        self._referenced: Optional[Tuple[str, ...]] = None

    def _referenced_qualnames(self) -> Tuple[str, ...]:
        """Qualified names imported, called (with a leaf that may match a prefix) or subclassed."""
        if self._referenced is None:
            names = self.names
            found = set(names.imported_qualnames)
            for leaf, calls in names.calls_by_leaf.items():
                if leaf.startswith(_PREFIX_LEAVES):
                    for call, scope in calls:
                        found.update(names.qualnames(call.func, scope))
            for base, scope in names.class_bases:
                found.update(names.qualnames(base, scope))
            self._referenced = tuple(found)
        return self._referenced

    def _imports_any(self, modules) -> bool:
        return any(
            module in modules or module.rpartition(".")[0] in modules
            for module in self.names.imported_modules
        )

    @property
    def spawns_or_uses_threads(self) -> bool:
        if self._imports_any(SPAWN_OR_THREAD_MODULES):
            return True
        return any(q.startswith(SPAWN_OR_THREAD_CALL_PREFIXES) for q in self._referenced_qualnames())

    @property
    def uses_threads(self) -> bool:
        if self._imports_any(THREAD_MODULES):
            return True
        return any(q.startswith(THREAD_QUALNAME_PREFIXES) for q in self._referenced_qualnames())

    def local_name_for(self, qualname: str) -> Optional[str]:
        """A module-level name bound by import to `qualname` (``os`` for os), if any."""
        return next(iter(sorted(self.names.local_names_for(qualname))), None)


class CallSite:
    """One call whose callee resolved to a registered qualified name (or method name).

    For `registry.on_class_base` checks, `node` is the base expression of a class definition.
    """

    __slots__ = ("node", "qualname", "scope", "facts")

    def __init__(self, node: ast.Call, qualname: str, scope: Scope, facts: ModuleFacts) -> None:
        self.node = node
        self.qualname = qualname
        self.scope = scope
        self.facts = facts

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

    @property
    def has_starargs(self) -> bool:
        return any(isinstance(a, ast.Starred) for a in self.node.args) or any(
            k.arg is None for k in self.node.keywords
        )

    def keyword(self, name: str) -> Optional[ast.keyword]:
        for keyword in self.node.keywords:
            if keyword.arg == name:
                return keyword
        return None

    def argument(self, position: int, name: Optional[str] = None) -> Optional[ast.expr]:
        """The argument at `position` (if no *args come before it) or passed as `name=`."""
        args = self.node.args
        if position < len(args) and not any(isinstance(a, ast.Starred) for a in args[: position + 1]):
            return args[position]
        if name is not None:
            keyword = self.keyword(name)
            if keyword is not None:
                return keyword.value
        return None

    def report(self, code: str, text: str, fix: Optional[Fix] = None, *,
               node: Optional[ast.AST] = None, version_gated: bool = False) -> Finding:
        """A finding for this call: `text` follows the code; gated rules get the min-python hint."""
        message = f"{code} {text}"
        if version_gated and self.settings.min_python_assumed:
            message += f" (min-python {self.settings.min_python[0]}.{self.settings.min_python[1]} " \
                       f"assumed: {HOW_TO_SET_MIN_PYTHON})"
        return Finding(code, message, Span.of(node or self.node), fix)

    def runtime_fix(self, attribute: str) -> Fix:
        """Replace the callee with the runtime's `attribute`."""
        return Fix(RUNTIME_CALLEE, Span.of(self.node.func), attribute)


_registry_cache: Dict[str, object] = {"size": None}


def _registry_views() -> Tuple[FrozenSet[str], Dict[str, FrozenSet[str]]]:
    """`registry.interesting_leaves()` and `star_exports()`, recomputed only when rules register."""
    size = (len(registry.BY_QUALNAME), len(registry.BY_METHOD), len(registry.KNOWN_QUALNAMES))
    if _registry_cache["size"] != size:
        _registry_cache.update(size=size, leaves=registry.interesting_leaves(),
                               exports=registry.star_exports())
    return _registry_cache["leaves"], _registry_cache["exports"]  # type: ignore[return-value]


def _sites(names: ModuleNames, facts: ModuleFacts) -> Iterator[Tuple[CallSite, object, bool]]:
    leaves, _ = _registry_views()
    by_qualname, by_method = registry.BY_QUALNAME, registry.BY_METHOD
    interesting = names.calls_by_leaf.keys() & (leaves | names.import_bound_names)
    for leaf, call, scope in sorted(
        ((name, call, scope) for name in interesting for call, scope in names.calls_by_leaf[name]),
        key=lambda item: (item[1].lineno, item[1].col_offset),
    ):
        qualnames = names.qualnames(call.func, scope)
        matched = False
        for qualname in qualnames:
            for check, deferred in by_qualname.get(qualname, ()):
                matched = True
                yield CallSite(call, qualname, scope, facts), check, deferred
        if not matched and not qualnames and isinstance(call.func, ast.Attribute):
            receiver = names.qualnames(call.func.value, scope)
            if not receiver:  # an object, not a module we know
                for check, deferred in by_method.get(leaf, ()):
                    yield CallSite(call, "." + leaf, scope, facts), check, deferred
    by_class_base = registry.BY_CLASS_BASE
    if by_class_base:
        for base, scope in names.class_bases:
            for qualname in names.qualnames(base, scope):
                for check, deferred in by_class_base.get(qualname, ()):
                    yield CallSite(base, qualname, scope, facts), check, deferred


def check(tree: ast.AST, settings: Settings) -> List[Finding]:
    """Every finding in `tree`, sorted by position, each (code, span) once."""
    names = ModuleNames(tree, _registry_views()[1])
    facts = ModuleFacts(names, settings, tree)
    deferred_sites = []
    for site, check_fn, deferred in _sites(names, facts):
        if deferred:
            deferred_sites.append((site, check_fn))
        else:
            facts.findings.extend(check_fn(site))
    for site, check_fn in deferred_sites:
        facts.findings.extend(check_fn(site))
    unique = {(f.code, f.span): f for f in facts.findings}
    return sorted(unique.values(), key=lambda f: (f.span, f.code))


def check_source(source: str, settings: Settings, filename: str = "<unknown>") -> List[Finding]:
    return check(ast.parse(source, filename=filename), settings)
