"""Name resolution: which stdlib object does a call's callee (or an argument) refer to?

One pass over the tree (iterative: a 900-term expression must not hit the recursion limit)
records, per scope, what each name is bound to, and collects the calls.  A name resolves to a
**qualified name** such as ``os.dup2`` or ``builtins.open`` only when every binding of it in the
scope that owns it is an import (conditional imports such as ``try: import SocketServer /
except ImportError: import socketserver as SocketServer`` give several qualified names).  Any
other binding -- ``def open``, a parameter, ``open = gzip.open``, a ``for`` target, ``self.open``
-- makes the name unknown, so rules stay silent rather than guess.

Resolution is flow-insensitive (a later ``open = ...`` at module level shadows the builtin in
the whole module), which can only hide findings, never invent them.

``from module import *`` binds what the module exports: the names rules know of (``from os
import *`` rebinds ``open`` to ``os.open``) plus ``open`` for the stdlib modules that export one
(`STAR_EXPORTS_OPEN`: gzip, tarfile, ...).  A star import from a module that is not in the
standard library (or a relative one) may bind anything, so builtin names such as ``open`` become
unknown in that module.

``global`` and ``nonlocal`` move a function's bindings to the scope they name, whatever the
order in which the walk meets the statements.

Python 2 module names are mapped to their Python 3 names (``__builtin__`` -> ``builtins``,
``SocketServer`` -> ``socketserver`` ...) so that rules list targets once.

After the pass, `extend_module_bindings` reads four module-level patterns that would otherwise
make a name unknown (issue 10): (1) ``try: import pty / except ImportError: pty = None`` (and
``subprocess = None`` before the import, or a fallback ``def`` in the ``except ImportError``
handler) is "that import, or nothing" -- calling it when it is None fails, so every call that runs
is the import's; (2) a module-level alias bound once by assignment (``builtin_open = open``, ``move
= shutil.move``); (3) ``epoll = getattr(select, "epoll")`` (with or without a default); and (4) an
import with an assigned fallback, ``try: import SimpleHTTPServer / except ImportError:
SimpleHTTPServer = http.server``: the import or what is assigned (several qualified names, as for
conditional imports).  A name is rewritten only when every other binding of it in the module scope
is one of those statements.
"""

from __future__ import annotations

import ast
import builtins
import os
import sys
import sysconfig
from functools import lru_cache
from typing import Callable, Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

# Python 2 names of modules (and a few objects) -> Python 3 names.
PY2_NAMES: Dict[str, str] = {
    "__builtin__": "builtins",
    "SocketServer": "socketserver",
    "BaseHTTPServer": "http.server",
    "SimpleHTTPServer": "http.server",
    "CGIHTTPServer": "http.server",
    "SimpleXMLRPCServer": "xmlrpc.server",
    "DocXMLRPCServer": "xmlrpc.server",
    "thread": "_thread",
}

# Python 2-only stdlib modules (not in Python 3's list of stdlib modules).
PY2_ONLY_MODULES: FrozenSet[str] = frozenset(PY2_NAMES) | {
    "commands", "popen2", "anydbm", "dumbdbm", "dbhash", "whichdb", "posixfile", "linuxaudiodev",
    "sets", "urllib2", "urlparse", "httplib", "cookielib", "Cookie", "Queue", "ConfigParser",
    "StringIO", "cStringIO", "cPickle", "Tkinter", "tkMessageBox", "ttk", "HTMLParser", "htmlentitydefs",
    "xmlrpclib", "robotparser", "md5", "sha", "new", "mimetools", "rfc822", "exceptions", "string",
    "UserDict", "UserList", "UserString", "repr", "copy_reg", "dummy_thread", "markupbase", "imputil",
}

# Stdlib modules whose ``from module import *`` binds a function named ``open`` (read from the
# `__all__` / public names of CPython 2.7 and 3.13).  `os`, `io` and `codecs` are here too.
STAR_EXPORTS_OPEN: FrozenSet[str] = frozenset({
    "_io", "_pyio", "aifc", "anydbm", "bz2", "codecs", "dbm", "dbm.dumb", "dbm.gnu", "dbm.ndbm",
    "dumbdbm", "gzip", "io", "linuxaudiodev", "lzma", "nt", "os", "ossaudiodev", "posix", "posixfile",
    "shelve", "sunau", "tarfile", "tokenize", "wave", "webbrowser",
})

BUILTIN_NAMES: FrozenSet[str] = frozenset(dir(builtins)) | {"file", "execfile", "unicode"}

UNKNOWN = None  # a binding that is not an import

# Functions and classes have type parameters (``def f[T]()``) from Python 3.12.
_TYPE_PARAMETERS = sys.version_info >= (3, 12)

# Node types the walk visits with a method of their own (they bind names or open scopes), besides
# those named in `ModuleNames._special_visitors`: match patterns (3.10+), type parameters (3.12+).
_SPECIAL_NAMES = frozenset({"MatchAs", "MatchStar", "MatchMapping", "TypeVar", "ParamSpec", "TypeVarTuple"})
# Fields that never hold a node worth visiting (names, numbers, and the ctx/operator singletons).
_NON_NODE_FIELDS = frozenset({
    "ctx", "op", "ops", "id", "attr", "name", "names", "module", "level", "arg", "asname", "kind",
    "type_comment", "conversion", "is_async", "rest", "kwd_attrs", "tag",
})
# type -> names of the fields to visit, for the types without a method of their own.  None (an
# item of some lists of nodes) is a leaf.
_CHILD_FIELDS: Dict[type, Tuple[str, ...]] = {type(None): ()}


def _child_fields_of(kind: type) -> Tuple[str, ...]:
    fields = _CHILD_FIELDS[kind] = tuple(f for f in kind._fields if f not in _NON_NODE_FIELDS)
    return fields


def canonical(qualname: str) -> str:
    """Map a dotted name whose first part(s) are a Python 2 module to the Python 3 spelling."""
    head, _, rest = qualname.partition(".")
    if head in PY2_NAMES:
        mapped = PY2_NAMES[head]
        return mapped + ("." + rest if rest else "")
    return qualname


@lru_cache(maxsize=None)
def stdlib_top_level_names() -> FrozenSet[str]:
    """Top-level names of standard library modules (Python 2 and 3 spellings)."""
    names = set(getattr(sys, "stdlib_module_names", ())) | set(sys.builtin_module_names)
    if not hasattr(sys, "stdlib_module_names"):  # pragma: no cover - Python 3.9 only
        stdlib = sysconfig.get_paths()["stdlib"]
        for entry in os.listdir(stdlib):
            stem, ext = os.path.splitext(entry)
            if ext in ("", ".py") and stem.isidentifier():
                names.add(stem)
        dynload = os.path.join(stdlib, "lib-dynload")
        if os.path.isdir(dynload):
            names.update(entry.split(".")[0] for entry in os.listdir(dynload))
    return frozenset(names | PY2_ONLY_MODULES)


class Scope:
    """The bindings of one module, class, function, lambda or comprehension."""

    __slots__ = ("parent", "is_class", "is_comprehension", "bindings", "star_modules", "globals",
                 "nonlocals")

    def __init__(self, parent: Optional["Scope"], is_class: bool = False,
                 is_comprehension: bool = False) -> None:
        self.parent = parent
        self.is_class = is_class
        self.is_comprehension = is_comprehension
        # name -> list of qualified names (None for a binding that is not an import)
        self.bindings: Dict[str, List[Optional[str]]] = {}
        # modules of `from module import *` in this scope; None for one whose exports are unknown
        self.star_modules: List[Optional[str]] = []
        self.globals: Set[str] = set()
        self.nonlocals: Set[str] = set()

    def bind(self, name: str, qualname: Optional[str]) -> None:
        self.bindings.setdefault(name, []).append(qualname)


class ModuleNames:
    """The result of the one pass: scopes, calls and imported modules of one module."""

    def __init__(self, tree: ast.AST, star_exports: Dict[str, FrozenSet[str]], fallbacks: bool = True) -> None:
        """`star_exports` maps a module to the names `from module import *` is known to bind.

        `fallbacks=False` keeps every binding as written (no `extend_module_bindings`): for the
        codemod, which must know whether a name may hold something other than its import
        (``ftools = None`` means the call may find None there)."""
        self.star_exports = star_exports
        self.module_scope = Scope(None)
        self.scopes: List[Scope] = [self.module_scope]
        self.calls: List[Tuple[ast.Call, Scope]] = []
        # callee leaf name (``open``, ``dup2``) -> the calls with that leaf, in `calls` order
        self.calls_by_leaf: Dict[str, List[Tuple[ast.Call, Scope]]] = {}
        self.imported_modules: Set[str] = set()
        self.import_bound_names: Set[str] = set()
        self.imported_qualnames: Set[str] = set()
        self.class_bases: List[Tuple[ast.expr, Scope]] = []
        self._declaring_scopes: List[Scope] = []
        self._walk(tree)
        self._apply_declarations()
        if fallbacks and isinstance(tree, ast.Module):
            extend_module_bindings(self, tree)

    # ------------------------------------------------------------------ the pass

    def _walk(self, tree: ast.AST) -> None:
        """Visit every node, depth first, with the scope it is evaluated in.

        The stack holds nodes and, where the scope changes, the `Scope` to switch to: a scope
        node pushes its outer-scope children, then its own scope (to return to), then its
        inner-scope children, then the inner `Scope`; so a node is visited with the scope that
        was current when it was pushed, and no (node, scope) pair is built per node.

        The frequent kinds are handled first, in the loop.  A node that neither binds, opens a
        scope nor is a call has no effect of its own, so a kind whose children are known
        (an attribute's value, a keyword's value) pushes them directly, and a name that is only
        read (an attribute's value) is not pushed at all: the calls and bindings are met in the
        same order as when every node is visited."""
        stack: List[object] = [tree]
        pop, push, extend = stack.pop, stack.append, stack.extend
        Name, Load, Call, Attribute, Constant = ast.Name, ast.Load, ast.Call, ast.Attribute, ast.Constant
        AST = ast.AST
        calls_append = self.calls.append
        by_leaf = self.calls_by_leaf
        child_fields = _CHILD_FIELDS
        visitors = self._special_visitors()
        scope = self.module_scope
        while stack:
            node = pop()
            kind = type(node)
            if kind is Name:
                if type(node.ctx) is not Load:
                    bound = scope.bindings.get(node.id)
                    if bound is None:
                        scope.bindings[node.id] = [UNKNOWN]
                    else:
                        bound.append(UNKNOWN)
                continue
            if kind is Constant:
                continue
            if kind is Attribute:
                value = node.value
                if type(value) is not Name:  # the name an attribute is read from is never bound
                    push(value)
                continue
            if kind is Call:
                site = (node, scope)
                calls_append(site)
                func = node.func
                func_kind = type(func)
                if func_kind is Name:  # a Load: nothing to visit
                    leaf = func.id
                elif func_kind is Attribute:
                    leaf = func.attr
                    if type(func.value) is not Name:
                        push(func.value)
                else:
                    leaf = getattr_leaf(func) if func_kind is Call else None  # getattr(select, "epoll")()
                    push(func)
                if leaf is not None:
                    sites = by_leaf.get(leaf)
                    if sites is None:
                        by_leaf[leaf] = [site]
                    else:
                        sites.append(site)
                extend(node.args)
                for keyword in node.keywords:
                    push(keyword.value)
                continue
            fields = child_fields.get(kind)
            if fields is None:
                if kind is Scope:  # the scope of the nodes below it on the stack
                    scope = node
                    continue
                visit = visitors.get(kind)
                if visit is not None:
                    visit(node, scope, push, extend)
                    continue
                fields = _child_fields_of(kind)
            # a node that neither binds nor opens a scope: visit its children
            for field in fields:
                value = getattr(node, field, None)
                if value is None:
                    continue
                if type(value) is list:
                    extend(value)  # None items (``{**a}``'s key) are skipped when popped
                elif isinstance(value, AST):
                    push(value)

    def _special_visitors(self) -> Dict[type, Callable[..., None]]:
        """type -> the method that visits a node of that type that binds names or opens a scope
        (called with the node, its scope, and the stack's push and extend)."""
        visitors: Dict[type, Callable[..., None]] = {
            ast.FunctionDef: self._enter_function, ast.AsyncFunctionDef: self._enter_function,
            ast.Lambda: self._enter_lambda, ast.ClassDef: self._enter_class,
            ast.ListComp: self._enter_comprehension, ast.SetComp: self._enter_comprehension,
            ast.DictComp: self._enter_comprehension, ast.GeneratorExp: self._enter_comprehension,
            ast.Import: self._import, ast.ImportFrom: self._import_from,
            ast.Global: self._declare_global, ast.Nonlocal: self._declare_nonlocal,
            ast.NamedExpr: self._named_expression,
            ast.ExceptHandler: self._bind_then_visit, ast.arg: self._bind_then_visit,
        }
        for name in _SPECIAL_NAMES:
            kind = getattr(ast, name, None)
            if kind is not None:
                visitors[kind] = self._bind_then_visit
        return visitors

    def _declare_global(self, node: ast.Global, scope: Scope, push, extend) -> None:
        scope.globals.update(node.names)
        self._declaring_scopes.append(scope)

    def _declare_nonlocal(self, node: ast.Nonlocal, scope: Scope, push, extend) -> None:
        scope.nonlocals.update(node.names)
        self._declaring_scopes.append(scope)

    def _named_expression(self, node: ast.NamedExpr, scope: Scope, push, extend) -> None:
        """`(x := v)` binds x in the nearest enclosing scope that is not a comprehension."""
        target_scope = scope
        while target_scope.is_comprehension and target_scope.parent is not None:
            target_scope = target_scope.parent
        if isinstance(node.target, ast.Name):
            target_scope.bind(node.target.id, UNKNOWN)
        push(node.value)

    def _bind_then_visit(self, node: ast.AST, scope: Scope, push, extend) -> None:
        """Except handlers, arguments, match patterns, type parameters: bind, then visit."""
        name = node.arg if isinstance(node, ast.arg) else _pattern_or_alias_name(node)
        if name:
            scope.bind(name, UNKNOWN)
        extend(ast.iter_child_nodes(node))

    def _apply_declarations(self) -> None:
        """Move the bindings of `global`/`nonlocal` names to the scope that owns them."""
        for scope in dict.fromkeys(self._declaring_scopes):
            for name in scope.globals:
                moved = scope.bindings.pop(name, None)
                if moved:
                    self.module_scope.bindings.setdefault(name, []).extend(moved)
            for name in scope.nonlocals:
                moved = scope.bindings.pop(name, None)
                if not moved:
                    continue
                owner = scope.parent
                while owner is not None and (owner.is_class or name not in owner.bindings):
                    owner = owner.parent
                if owner is not None:
                    owner.bindings[name].extend(moved)

    def _new_scope(self, parent: Scope, **kind: bool) -> Scope:
        scope = Scope(parent, **kind)
        self.scopes.append(scope)
        return scope

    # The `_enter_*` methods push the children evaluated in `scope`, then (see `_walk`) `scope`,
    # the children evaluated in the new scope, and the new scope.

    def _enter_function(self, node: ast.FunctionDef, scope: Scope, push, extend) -> None:
        scope.bind(node.name, UNKNOWN)
        extend(node.decorator_list)
        if _TYPE_PARAMETERS and node.type_params:
            extend(node.type_params)
        inner = self._new_scope(scope)
        _push_arguments(node.args, inner.bindings, push, extend)
        if node.returns is not None:
            push(node.returns)
        push(scope)
        extend(node.body)
        push(inner)

    def _enter_lambda(self, node: ast.Lambda, scope: Scope, push, extend) -> None:
        inner = self._new_scope(scope)
        _push_arguments(node.args, inner.bindings, push, extend)
        push(scope)
        push(node.body)
        push(inner)

    def _enter_class(self, node: ast.ClassDef, scope: Scope, push, extend) -> None:
        scope.bind(node.name, UNKNOWN)
        extend(node.decorator_list)
        if _TYPE_PARAMETERS and node.type_params:
            extend(node.type_params)
        inner = self._new_scope(scope, is_class=True)
        for base in node.bases:
            self.class_bases.append((base, scope))
        extend(node.bases)
        for keyword in node.keywords:
            push(keyword.value)
        push(scope)
        extend(node.body)
        push(inner)

    def _enter_comprehension(self, node: ast.AST, scope: Scope, push, extend) -> None:
        """The first iterable is evaluated outside, the rest inside."""
        inner = self._new_scope(scope, is_comprehension=True)
        generators = node.generators  # type: ignore[attr-defined]
        push(generators[0].iter)
        push(scope)
        for index, generator in enumerate(generators):
            push(generator.target)
            if index:
                push(generator.iter)
            extend(generator.ifs)
        for part in ("elt", "key", "value"):
            child = getattr(node, part, None)
            if child is not None:
                push(child)
        push(inner)

    def _import(self, node: ast.Import, scope: Scope, push=None, extend=None) -> None:
        for alias in node.names:
            module = canonical(alias.name)
            self.imported_modules.add(module)
            if alias.asname:
                scope.bind(alias.asname, module)
                self.import_bound_names.add(alias.asname)
            else:
                top = alias.name.split(".")[0]
                scope.bind(top, canonical(top))
                self.import_bound_names.add(top)

    def _import_from(self, node: ast.ImportFrom, scope: Scope, push=None, extend=None) -> None:
        if node.level or not node.module:
            for alias in node.names:
                if alias.name == "*":
                    scope.star_modules.append(None)
                else:
                    scope.bind(alias.asname or alias.name, UNKNOWN)
            return
        module = canonical(node.module)
        self.imported_modules.add(module)
        for alias in node.names:
            if alias.name == "*":
                known = node.module.split(".")[0] in stdlib_top_level_names()
                scope.star_modules.append(module if known else None)
                self.import_bound_names.update(self.star_exports.get(module, ()))
                continue
            qualname = f"{module}.{alias.name}"
            self.imported_qualnames.add(qualname)
            self.imported_modules.add(qualname)  # `from concurrent import futures`
            local = alias.asname or alias.name
            scope.bind(local, qualname)
            self.import_bound_names.add(local)

    # ------------------------------------------------------------------ queries

    def _star_lookup(self, name: str, scope: Scope) -> Optional[Tuple[str, ...]]:
        """What the star imports of `scope` bind `name` to: None when none binds it, () unknown."""
        found: List[str] = []
        for module in scope.star_modules:
            if module is None:
                if name in BUILTIN_NAMES:
                    return ()  # an unknown module may rebind a builtin
                continue
            if name in self.star_exports.get(module, ()) or (name == "open" and module in STAR_EXPORTS_OPEN):
                found.append(f"{module}.{name}")
        return tuple(dict.fromkeys(found)) if found else None

    def lookup(self, name: str, scope: Scope) -> Tuple[Optional[str], ...]:
        """The qualified names `name` may refer to in `scope` (empty tuple: unknown)."""
        current: Optional[Scope] = scope
        first = True
        while current is not None:
            if (first or not current.is_class) and name in current.bindings:
                bound = current.bindings[name]
                if any(qualname is None for qualname in bound):
                    return ()
                return tuple(dict.fromkeys(bound))
            if current.star_modules and (first or not current.is_class):
                starred = self._star_lookup(name, current)
                if starred is not None:
                    return starred
            first = False
            current = current.parent
        if name in BUILTIN_NAMES:
            return (f"builtins.{name}",)
        return ()

    def qualnames(self, expr: ast.AST, scope: Scope) -> Tuple[str, ...]:
        """Qualified names of a Name or dotted Attribute chain (empty tuple: not resolvable)."""
        attributes: List[str] = []
        while isinstance(expr, ast.Attribute):
            attributes.append(expr.attr)
            expr = expr.value
        if isinstance(expr, ast.Call):  # getattr(select, "epoll")
            leaf = getattr_leaf(expr)
            if leaf is None or self.lookup(expr.func.id, scope) != ("builtins.getattr",):  # type: ignore[attr-defined]
                return ()
            attributes.append(leaf)
            expr = expr.args[0]
            while isinstance(expr, ast.Attribute):
                attributes.append(expr.attr)
                expr = expr.value
        if not isinstance(expr, ast.Name):
            return ()
        bases = self.lookup(expr.id, scope)
        if not bases:
            return ()
        suffix = "".join("." + attr for attr in reversed(attributes))
        return tuple(canonical(base + suffix) for base in bases)

    def binding_count(self, name: str) -> int:
        """How many times `name` is bound anywhere in the module (imports, assignments, defs ...)."""
        return sum(len(scope.bindings.get(name, ())) for scope in self.scopes)

    def names_bound_or_declared(self) -> Set[str]:
        """Every name bound anywhere, or declared ``global``/``nonlocal``."""
        found: Set[str] = set()
        for scope in self.scopes:
            found.update(scope.bindings, scope.globals, scope.nonlocals)
        return found

    def local_names_for(self, qualname: str) -> Iterator[str]:
        """Module-level names bound by import to exactly `qualname` (e.g. the alias of ``os``)."""
        for name, bound in self.module_scope.bindings.items():
            if bound and all(q == qualname for q in bound):
                yield name


def _push_arguments(args: ast.arguments, bindings: Dict[str, List[Optional[str]]], push, extend) -> None:
    """A function's or lambda's defaults (evaluated outside), then its parameters: bound in the
    function's scope (`bindings`), with their annotations."""
    extend(args.defaults)
    for default in args.kw_defaults:
        if default is not None:
            push(default)
    parameters = args.posonlyargs + args.args + args.kwonlyargs
    if args.vararg is not None:
        parameters.append(args.vararg)
    if args.kwarg is not None:
        parameters.append(args.kwarg)
    for parameter in parameters:
        bound = bindings.get(parameter.arg)
        if bound is None:
            bindings[parameter.arg] = [UNKNOWN]
        else:  # ``def f(a, a)`` parses (the compiler rejects it)
            bound.append(UNKNOWN)
        if parameter.annotation is not None:
            push(parameter.annotation)


def _pattern_or_alias_name(node: ast.AST) -> Optional[str]:
    """Names bound by except handlers, match patterns (3.10+) and type parameters (3.12+)."""
    kind = type(node).__name__
    if kind in ("MatchAs", "MatchStar", "ExceptHandler"):
        return getattr(node, "name", None)
    if kind == "MatchMapping":
        return getattr(node, "rest", None)
    if kind in ("TypeVar", "ParamSpec", "TypeVarTuple"):
        return getattr(node, "name", None)
    return None


# --------------------------------------------------------------------------- module-level fallbacks and aliases


_BLOCKS = (ast.If, ast.Try, ast.With, ast.For, ast.While) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())


def module_level_statements(body: List[ast.stmt]) -> List[ast.stmt]:
    """Statements run at module level, including inside if/try/with blocks (not inside defs), in
    source order (a list: every caller reads them all, and a generator costs more)."""
    found: List[ast.stmt] = []
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        found.append(statement)
        if isinstance(statement, _BLOCKS):
            inner: List[ast.stmt] = []
            for field in ("body", "orelse", "finalbody"):
                inner.extend(getattr(statement, field, []) or [])
            for handler in getattr(statement, "handlers", []) or []:
                inner.extend(handler.body)
            stack.extend(reversed(inner))
    return found


def extend_module_bindings(names: ModuleNames, tree: ast.Module) -> Dict[str, Tuple[str, ...]]:
    """Rewrite the bindings the misses hide; returns {name: qualified names} of what changed."""
    scope = names.module_scope
    statements = module_level_statements(tree.body)
    nones: Dict[str, int] = _fallback_defs(statements)
    aliases: Dict[str, List[ast.expr]] = {}
    other: Dict[str, int] = {}
    for statement in statements:
        if isinstance(statement, _DEFINITIONS):  # the common case, without the generator
            name = statement.name
            if not isinstance(statement, ast.ClassDef) and nones.get(name):
                continue  # counted as a fallback
            other[name] = other.get(name, 0) + 1
            continue
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and \
                isinstance(statement.targets[0], ast.Name):  # `name = value`, as `_bound_names` reads it
            name, value = statement.targets[0].id, statement.value
            if isinstance(value, ast.Constant) and value.value is None:
                nones[name] = nones.get(name, 0) + 1
            else:
                aliases.setdefault(name, []).append(value)
            continue
        if not isinstance(statement, _OTHER_BINDERS):
            continue
        for name, value in _bound_names(statement):
            if value is None:
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and nones.get(name):
                    continue  # counted as a fallback
                other[name] = other.get(name, 0) + 1
            elif isinstance(value, ast.Constant) and value.value is None:
                nones[name] = nones.get(name, 0) + 1
            else:
                aliases.setdefault(name, []).append(value)
    changed: Dict[str, Tuple[str, ...]] = {}
    for name, bound in list(scope.bindings.items()):
        if name in other or None not in bound:
            continue
        if len(bound) == 1:  # bound once, not by an import: only an alias can be read (2 and 3)
            values = aliases.get(name)
            if values is not None and len(values) == 1 and not nones.get(name):
                target = _alias_target(names, values[0])
                if target:
                    scope.bindings[name] = list(target)
                    names.import_bound_names.add(name)
                    changed[name] = target
            continue
        unknown = sum(1 for b in bound if b is None)
        imports = tuple(dict.fromkeys(b for b in bound if b is not None))
        if imports and nones.get(name, 0) == unknown and name not in aliases:
            scope.bindings[name] = list(imports)  # 1: that import, or nothing
            changed[name] = imports
        elif not imports and unknown == 1 and len(aliases.get(name, ())) == 1 and not nones.get(name):
            target = _alias_target(names, aliases[name][0])
            if target:
                scope.bindings[name] = list(target)  # 2 and 3
                names.import_bound_names.add(name)
                changed[name] = target
        elif imports and unknown == len(aliases.get(name, ())) and not nones.get(name):
            either = _import_or_aliases(names, imports, aliases[name])  # 4
            if either:
                scope.bindings[name] = list(either)
                changed[name] = either
    return changed


def _import_or_aliases(names: ModuleNames, imports: Tuple[str, ...], values: List[ast.expr]) -> Tuple[str, ...]:
    """``try: import SimpleHTTPServer / except ImportError: SimpleHTTPServer = http.server``: the name
    is the import or one of the objects assigned to it, each of which must resolve (else ())."""
    targets: List[str] = list(imports)
    for value in values:
        target = _alias_target(names, value)
        if not target:
            return ()
        targets.extend(target)
    return tuple(dict.fromkeys(targets))


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# The other statements `_bound_names` reads (a statement of any other kind binds nothing there).
_OTHER_BINDERS = (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.Try)


def _fallback_defs(statements: List[ast.stmt]) -> Dict[str, int]:
    """Names defined by ``def`` in the ``except ImportError`` handler of a ``try`` that imports them:
    ``try: from os import closerange / except ImportError: def closerange(lo, hi): ...``."""
    found: Dict[str, int] = {}
    for statement in statements:
        if not isinstance(statement, ast.Try):
            continue
        imported = {(a.asname or a.name).split(".")[0] for s in statement.body
                    if isinstance(s, (ast.Import, ast.ImportFrom)) for a in s.names}
        for handler in statement.handlers:
            caught = ast.unparse(handler.type) if handler.type is not None else ""
            if "ImportError" not in caught and "ModuleNotFoundError" not in caught:
                continue
            for member in handler.body:
                if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)) and member.name in imported:
                    found[member.name] = found.get(member.name, 0) + 1
    return found


def _bound_names(statement: ast.stmt):
    """(name, value) for each module-level name a statement binds; value None: not an assignment
    we can read (a def, a loop target, an augmented or unpacking assignment...)."""
    if isinstance(statement, ast.Assign):
        for target in statement.targets:
            if isinstance(target, ast.Name):
                yield target.id, statement.value
            else:
                for node in ast.walk(target):
                    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                        yield node.id, None
    elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        yield statement.target.id, statement.value
    elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield statement.name, None
    elif isinstance(statement, (ast.AugAssign, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)):
        for part in (getattr(statement, "target", None), *(i.optional_vars for i in getattr(statement, "items", []))):
            if part is not None:
                for node in ast.walk(part):
                    if isinstance(node, ast.Name):
                        yield node.id, None
    elif isinstance(statement, ast.Try):
        for handler in statement.handlers:
            if handler.name:
                yield handler.name, None
    # Names bound inside expressions (a walrus) are not listed: names.py counts them as unknown
    # bindings, so the counts above no longer match and the name is left alone (never rewritten).


def _alias_target(names: ModuleNames, value: ast.expr) -> Tuple[str, ...]:
    if isinstance(value, (ast.Name, ast.Attribute, ast.Call)):  # a Call: getattr(select, "epoll")
        return names.qualnames(value, names.module_scope)
    return ()


def getattr_leaf(call: ast.Call) -> Optional[str]:
    """``"epoll"`` for ``getattr(select, "epoll")`` (with or without a default): the attribute a
    ``getattr`` call with a constant name reads (whether ``getattr`` is the builtin is the caller's
    to check); None for any other call."""
    func, args = call.func, call.args
    if type(func) is ast.Name and func.id == "getattr" and len(args) in (2, 3) and not call.keywords:
        name = args[1]
        if type(name) is ast.Constant and type(name.value) is str and name.value.isidentifier():
            return name.value
    return None
