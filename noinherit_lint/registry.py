"""The rule registry: which check runs for which resolved callee.

Rule modules (``noinherit_lint/rules/*.py``) declare their codes with `Rule(...)` and attach small
check functions to qualified names::

    @on_call("os.dup2")
    def _dup2(site: CallSite) -> Iterator[Finding]:
        ...

`on_class_base("socketserver.ForkingMixIn")` attaches a check to class definitions whose base
resolves to the name (``class S(socketserver.ForkingMixIn, TCPServer)``); the site's `node` is
then the base expression, not a call.

`on_method("set_inheritable")` attaches a check to method calls on receivers that do not resolve
to a module (``sock.set_inheritable(True)``).  `deferred=True` runs a check after every other
check of the module, so that it can look at `site.facts.findings` (NIH302 needs to know whether
the module makes a handle inheritable).

`known_names("fcntl.F_DUPFD", ...)` declares module attributes that rules compare arguments with,
so that ``from fcntl import *`` is understood.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, List, Set, Tuple


@dataclass(frozen=True)
class Rule:
    """One code, as documented in README's rule table."""

    code: str
    name: str  # slug, ruff style: names the pattern
    summary: str  # what it matches, one line
    versions: str  # where the leak is real, e.g. "< 3.4", "all"
    fixable: str  # "yes", "partly" or "no"


RULES: Dict[str, Rule] = {}
BY_QUALNAME: Dict[str, List[Tuple[Callable, bool]]] = {}
BY_METHOD: Dict[str, List[Tuple[Callable, bool]]] = {}
BY_CLASS_BASE: Dict[str, List[Tuple[Callable, bool]]] = {}
KNOWN_QUALNAMES: Set[str] = set()


def register(*rules: Rule) -> None:
    for rule in rules:
        if rule.code in RULES:
            raise ValueError(f"duplicate rule code {rule.code}")
        RULES[rule.code] = rule


def _attach(table: Dict[str, List[Tuple[Callable, bool]]], keys, deferred: bool, known: bool):
    """A decorator that files a check under each key of `table` (and, for qualified names, makes
    them known to star imports)."""
    def decorate(check: Callable) -> Callable:
        for key in keys:
            table.setdefault(key, []).append((check, deferred))
            if known:
                KNOWN_QUALNAMES.add(key)
        return check

    return decorate


def on_call(*qualnames: str, deferred: bool = False):
    return _attach(BY_QUALNAME, qualnames, deferred, known=True)


def on_method(*method_names: str, deferred: bool = False):
    return _attach(BY_METHOD, method_names, deferred, known=False)


def on_class_base(*qualnames: str, deferred: bool = False):
    return _attach(BY_CLASS_BASE, qualnames, deferred, known=True)


def known_names(*qualnames: str) -> None:
    KNOWN_QUALNAMES.update(qualnames)


def star_exports() -> Dict[str, FrozenSet[str]]:
    """module -> public names that rules know of (what ``from module import *`` binds)."""
    exports: Dict[str, Set[str]] = {}
    for qualname in KNOWN_QUALNAMES:
        module, _, name = qualname.rpartition(".")
        if module and not name.startswith("_"):
            exports.setdefault(module, set()).add(name)
    return {module: frozenset(names) for module, names in exports.items()}


def interesting_leaves() -> FrozenSet[str]:
    """Callee leaf names worth resolving; any other call is skipped without lookup."""
    return frozenset(q.rpartition(".")[2] for q in BY_QUALNAME) | frozenset(BY_METHOD)
