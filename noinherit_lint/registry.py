"""The registry: the rules, and which check runs for which resolved callee.

Rule modules (``noinherit_lint/rules/*.py``, all imported by the ``rules`` package) declare their
codes with `register(Rule(...))` (name, summary, versions, fix, fix safety and documentation) and
attach small check functions to qualified names, saying which codes each may report::

    @on_call("os.dup2", reports="NIH201")
    def _dup2(site: CallSite) -> Iterator[Finding]:
        ...

`on_class_base("socketserver.ForkingMixIn", reports=...)` attaches a check to class definitions
whose base resolves to the name (``class S(socketserver.ForkingMixIn, TCPServer)``); the site's
`node` is then the base expression, not a call.

`on_method("set_inheritable", reports=...)` attaches a check to method calls on receivers that do
not resolve to a module (``sock.set_inheritable(True)``).  `deferred=True` runs a check after every
other check of the module, so that it can look at `site.facts.findings` (NIH302 needs to know
whether the module makes a handle inheritable).

`known_names("fcntl.F_DUPFD", ...)` declares module attributes that rules compare arguments with,
so that ``from fcntl import *`` is understood.

`register_file_code(FileCode(...))` declares a code that a front end reports about a whole file,
not a rule's finding (``NIH001``: the file cannot be parsed).  It is a code like the others
wherever codes are named (`known_codes`: ``--select``/``--ignore``/``[tool.noinherit]``,
README's table, ``--explain``), but no check reports it and it has no fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable, Dict, FrozenSet, List, Optional, Set, Tuple, Union

from noinherit_lint.findings import FixSafety


class FixAvailability(Enum):
    """Whether a rule's findings carry a `Fix` (ruff's "fix is always/sometimes/never available")."""

    ALWAYS = "always"
    SOMETIMES = "sometimes"
    NEVER = "never"


@dataclass(frozen=True)
class Rule:
    """One code: the single source of truth for README's table, ``--explain`` and the meta-tests.

    `doc` is markdown in ruff's sections (``## What it does``, ``## Why is this bad?``,
    ``## Example``, ``## Use instead``, ``## Versions``, ``## References``); the ``## Fix safety``
    section is rendered from `fix`, `fix_safety` and `other_fix_safety` (`noinherit_lint.docs`).
    The code blocks of Example and Use instead are complete modules: the tests run the detector
    over them.

    A check may give one of its fixes a safety of `other_fix_safety` instead of the default (NIH201's
    fix is unsafe in a module that also calls ``os.exec*``); `CallSite.report` refuses any other, so
    every reason a fix can carry is in the rule's documentation.
    """

    code: str
    name: str  # slug, ruff style: names the pattern
    summary: str  # what it matches, one line
    versions: str  # where the leak is real, e.g. "< 3.4", "all"
    fix: FixAvailability
    fix_safety: FixSafety  # the default of every Fix the rule offers (`applicability` None: no fix)
    doc: str
    other_fix_safety: Tuple[FixSafety, ...] = ()  # what some of its fixes carry instead

    def fix_safeties(self) -> Tuple[FixSafety, ...]:
        """Every safety a fix of this rule may carry, the default first."""
        return (self.fix_safety,) + self.other_fix_safety


@dataclass(frozen=True)
class FileCode:
    """A code about a whole file (NIH001).  `doc` has the sections of a `Rule`'s; its Example is
    a module that neither grammar parses, its Use instead one that parses."""

    code: str
    name: str
    summary: str
    no_fix: str  # why there is no automatic fix (the rendered "Fix safety" section)
    doc: str


@dataclass(frozen=True)
class Check:
    """A check function, when it runs, and the codes it may report."""

    function: Callable
    deferred: bool
    reports: FrozenSet[str]


RULES: Dict[str, Rule] = {}
FILE_CODES: Dict[str, FileCode] = {}
BY_QUALNAME: Dict[str, List[Check]] = {}
BY_METHOD: Dict[str, List[Check]] = {}
BY_CLASS_BASE: Dict[str, List[Check]] = {}
KNOWN_QUALNAMES: Set[str] = set()


def register(*rules: Rule) -> None:
    for rule in rules:
        if rule.code in RULES:
            raise ValueError(f"duplicate rule code {rule.code}")
        if (rule.fix is FixAvailability.NEVER) != (rule.fix_safety.applicability is None):
            raise ValueError(f"{rule.code}: a rule without a fix has a fix safety without applicability")
        if any(other.applicability is None for other in rule.other_fix_safety):
            raise ValueError(f"{rule.code}: other_fix_safety holds a safety without applicability")
        if rule.fix is FixAvailability.NEVER and rule.other_fix_safety:
            raise ValueError(f"{rule.code}: a rule without a fix has other fix safeties")
        RULES[rule.code] = rule


def register_file_code(*codes: FileCode) -> None:
    for code in codes:
        if code.code in RULES or code.code in FILE_CODES:
            raise ValueError(f"duplicate code {code.code}")
        FILE_CODES[code.code] = code


def known_codes() -> Tuple[str, ...]:
    """Every code, sorted: the rules' and the file codes'."""
    return tuple(sorted({**RULES, **FILE_CODES}))


def _attach(table: Dict[str, List[Check]], keys, reports: Union[str, Tuple[str, ...]], deferred: bool,
            known: bool):
    """A decorator that files a check under each key of `table` (and, for qualified names, makes
    them known to star imports)."""
    codes = frozenset((reports,) if isinstance(reports, str) else reports)
    if not codes:
        raise ValueError("a check must name the codes it reports")

    def decorate(function: Callable) -> Callable:
        check = Check(function, deferred, codes)
        for key in keys:
            table.setdefault(key, []).append(check)
            if known:
                KNOWN_QUALNAMES.add(key)
        _forget_views()
        return function

    return decorate


def on_call(*qualnames: str, reports: Union[str, Tuple[str, ...]], deferred: bool = False):
    return _attach(BY_QUALNAME, qualnames, reports, deferred, known=True)


def on_method(*method_names: str, reports: Union[str, Tuple[str, ...]], deferred: bool = False):
    return _attach(BY_METHOD, method_names, reports, deferred, known=False)


def on_class_base(*qualnames: str, reports: Union[str, Tuple[str, ...]], deferred: bool = False):
    return _attach(BY_CLASS_BASE, qualnames, reports, deferred, known=True)


def known_names(*qualnames: str) -> None:
    KNOWN_QUALNAMES.update(qualnames)
    _forget_views()


@dataclass(frozen=True)
class _Views:
    """What the checker derives from the tables; rebuilt after a registration changed them."""

    interesting_leaves: FrozenSet[str]
    star_exports: Dict[str, FrozenSet[str]]


_current_views: Optional[_Views] = None


def _forget_views() -> None:
    global _current_views
    _current_views = None


def _views() -> _Views:
    global _current_views
    if _current_views is None:
        exports: Dict[str, Set[str]] = {}
        for qualname in KNOWN_QUALNAMES:
            module, _, name = qualname.rpartition(".")
            if module and not name.startswith("_"):
                exports.setdefault(module, set()).add(name)
        _current_views = _Views(
            frozenset(q.rpartition(".")[2] for q in BY_QUALNAME) | frozenset(BY_METHOD),
            {module: frozenset(names) for module, names in exports.items()},
        )
    return _current_views


def star_exports() -> Dict[str, FrozenSet[str]]:
    """module -> public names that rules know of (what ``from module import *`` binds)."""
    return _views().star_exports


def interesting_leaves() -> FrozenSet[str]:
    """Callee leaf names worth resolving; any other call is skipped without lookup."""
    return _views().interesting_leaves
