"""The single detector: `check(tree, settings)` runs every rule over one module's ast.

flake8 (``plugin.py``) and the codemod (``fixes/``) both call this and nothing else decides what
is a finding.  No flake8 or libcst import here.  What a check receives is `noinherit_lint.api`.
"""

from __future__ import annotations

import ast
from typing import Iterator, List, Optional, Tuple

from noinherit_lint import parsing, registry
from noinherit_lint import rules as _rules  # noqa: F401  (imports, so registers, every rule module)
from noinherit_lint.api import CallSite, ModuleFacts
from noinherit_lint.findings import Finding
from noinherit_lint.names import ModuleNames
from noinherit_lint.settings import Settings


def _sites(names: ModuleNames, facts: ModuleFacts) -> Iterator[Tuple[CallSite, registry.Check]]:
    """Every (site, check) pair of the module: calls in source order, then class bases."""
    by_qualname, by_method = registry.BY_QUALNAME, registry.BY_METHOD
    interesting = names.calls_by_leaf.keys() & (registry.interesting_leaves() | names.import_bound_names)
    for leaf, call, scope in sorted(
        ((name, call, scope) for name in interesting for call, scope in names.calls_by_leaf[name]),
        key=lambda item: (item[1].lineno, item[1].col_offset),
    ):
        qualnames = names.qualnames(call.func, scope)
        matched = False
        for qualname in qualnames:
            for check in by_qualname.get(qualname, ()):
                matched = True
                yield CallSite(call, qualname, scope, facts, check.reports), check
        if not matched and not qualnames and isinstance(call.func, ast.Attribute):
            receiver = names.qualnames(call.func.value, scope)
            if not receiver:  # an object, not a module we know
                for check in by_method.get(leaf, ()):
                    yield CallSite(call, "." + leaf, scope, facts, check.reports), check
    by_class_base = registry.BY_CLASS_BASE
    if by_class_base:
        for base, scope in names.class_bases:
            for qualname in names.qualnames(base, scope):
                for check in by_class_base.get(qualname, ()):
                    yield CallSite(base, qualname, scope, facts, check.reports), check


def check(tree: ast.AST, settings: Settings, path: Optional[str] = None) -> List[Finding]:
    """Every finding in `tree`, sorted by position, each (code, span) once.  `path`: the file
    the tree is of (calls into its project's other modules are followed), None when unknown."""
    return check_with_dependencies(tree, settings, path)[0]


def check_with_dependencies(tree: ast.AST, settings: Settings,
                            path: Optional[str] = None) -> Tuple[List[Finding], Tuple[Tuple[str, str], ...]]:
    """`check`'s findings and the (absolute path, digest) of every other file they depended on."""
    names = ModuleNames(tree, registry.star_exports())
    facts = ModuleFacts(names, settings, tree, path)
    deferred_sites = []
    for site, registered in _sites(names, facts):
        if registered.deferred:
            deferred_sites.append((site, registered))
        else:
            facts.findings.extend(registered.function(site))
    for site, registered in deferred_sites:
        facts.findings.extend(registered.function(site))
    unique = {(f.code, f.span): f for f in facts.findings}
    return sorted(unique.values(), key=lambda f: (f.span, f.code)), facts.dependencies


def check_source(source: str, settings: Settings, filename: str = "<unknown>") -> List[Finding]:
    """The findings of a module's text, Python 3 or Python 2; raises `parsing.Unparsable`."""
    return check(parsing.parse(source, filename).tree, settings, filename)
