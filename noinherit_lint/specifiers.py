"""The oldest Python X.Y that a ``requires-python`` / ``python_requires`` specifier allows.

pip installs a project on an interpreter when the interpreter's ``X.Y.Z`` (a final release)
satisfies every comma-separated clause of the specifier (PEP 440, as `packaging.specifiers`
implements it).  `oldest_python(text)` is the oldest 2.x or 3.x series with at least one such
release, e.g. ``>=2.7,!=3.0.*,!=3.1.*`` -> (2, 7), ``>=3.8.0rc1`` -> (3, 8), ``>3.8`` -> (3, 8)
(3.8.1 qualifies), ``<3.8.0rc1`` -> (2, 0).

Only this subset of `packaging` is needed, so it is implemented here instead of adding a runtime
dependency; ``tests/test_specifiers.py`` checks it against `packaging` itself (the grammar, and
the answer for thousands of generated specifiers).

How the search stays exact: whether ``X.Y.Z`` satisfies a clause changes only at the numbers
the clause mentions (``n`` and ``n + 1``), so trying Z in {0} | {n, n + 1} and Y in the same
kind of set finds the oldest series without enumerating every release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

Version = Tuple[int, int]
Release = Tuple[int, ...]

PYTHON2_MINORS = range(0, 8)  # 2.0 ... 2.7; there is no 2.8


class SpecifierError(ValueError):
    """The text is not a PEP 440 version specifier; the message says what is wrong."""


# The grammar of packaging.specifiers.Specifier (its regular expression, without the possessive
# quantifiers, which do not change what it accepts).  ``(?a:...)`` keeps IGNORECASE from matching
# non-ASCII letters such as the Kelvin sign.
_PRE = r"(?a:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)"
_POST = r"(?a:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)"
_DEV = r"(?a:[-_.]?dev[-_.]?[0-9]*)"
_LOCAL = r"(?a:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)"


def _version(group: str, *, min_release_parts: int = 1, local: bool = False) -> str:
    """A PEP 440 version with named groups ``<group>_epoch``, ``_release``, ``_pre`` ..."""
    more = "*" if min_release_parts == 1 else "+"
    pattern = (
        rf"v?(?:(?P<{group}_epoch>[0-9]+)!)?(?P<{group}_release>[0-9]+(?:\.[0-9]+){more})"
        rf"(?P<{group}_pre>{_PRE})?(?P<{group}_post>{_POST})?(?P<{group}_dev>{_DEV})?"
    )
    return pattern + (rf"(?P<{group}_local>{_LOCAL})?" if local else "")


# One alternative per operator family, as in packaging: === takes any text; == and != allow a
# .* wildcard (release numbers only) or a +local label; ~= needs two release numbers; the
# ordered comparisons allow neither wildcard nor local label.
_CLAUSE = re.compile(
    r"\s*(?:"
    r"(?P<arbitrary_op>===)\s*(?P<arbitrary>[^\s;)]+)"
    r"|(?P<wild_op>==|!=)\s*v?(?:(?P<wild_epoch>[0-9]+)!)?(?P<wild_release>[0-9]+(?:\.[0-9]+)*)\.\*"
    rf"|(?P<eq_op>==|!=)\s*{_version('eq', local=True)}"
    rf"|(?P<compatible_op>~=)\s*{_version('compatible', min_release_parts=2)}"
    rf"|(?P<ordered_op><=|>=|<|>)\s*{_version('ordered')}"
    r")\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clause:
    """One clause such as ``>=3.8.0rc1``: what a final release is compared with."""

    op: str
    epoch: int = 0
    release: Release = ()
    pre: bool = False
    post: bool = False
    dev: bool = False
    local: bool = False
    wildcard: bool = False
    arbitrary: str = ""  # the text after ``===``

    def allows(self, x: int, y: int, z: int) -> bool:
        """Does the final release ``x.y.z`` satisfy this clause (packaging's semantics)?"""
        if self.op == "===":
            return f"{x}.{y}.{z}" == self.arbitrary.lower()
        if self.op == "~=":
            return self._compare(x, y, z) >= 0 and self._prefix_matches(self.release[:-1], x, y, z)
        if self.wildcard:
            matches = self._prefix_matches(self.release, x, y, z)
            return matches if self.op == "==" else not matches
        order = self._compare(x, y, z)
        return {"==": order == 0, "!=": order != 0, "<=": order <= 0, ">=": order >= 0,
                "<": order < 0, ">": order > 0}[self.op]

    def _prefix_matches(self, prefix: Release, x: int, y: int, z: int) -> bool:
        candidate = (x, y, z) + (0,) * max(0, len(prefix) - 3)
        return self.epoch == 0 and candidate[: len(prefix)] == prefix

    def _compare(self, x: int, y: int, z: int) -> int:
        """-1, 0 or 1: the final release x.y.z (epoch 0) compared with this clause's version."""
        if self.epoch:
            return -1
        mine, theirs = _trim((x, y, z)), _trim(self.release)
        if mine != theirs:
            return -1 if mine < theirs else 1
        if self.pre:  # 3.8rc1 and 3.8rc1.post1 come before 3.8
            return 1
        if self.post:  # 3.8.post1 and 3.8.post1.dev0 come after 3.8
            return -1
        if self.dev or self.local:  # 3.8.dev0 before 3.8; 3.8+local after (only == and != allow it)
            return 1 if self.dev else -1
        return 0


def _trim(release: Release) -> Release:
    end = len(release)
    while end > 1 and release[end - 1] == 0:
        end -= 1
    return release[:end]


def _clause(text: str, alone: bool) -> Clause:
    match = _CLAUSE.fullmatch(text)
    if not match:
        reason = _why_not(text) or "not a PEP 440 version specifier"
        raise SpecifierError(reason if alone else f"clause {text.strip()!r}: {reason}")
    groups = match.groupdict()
    if groups["arbitrary_op"]:
        return Clause("===", arbitrary=groups["arbitrary"])
    family = next(name for name in ("wild", "eq", "compatible", "ordered") if groups[name + "_op"])

    def flag(part: str) -> bool:
        return bool(groups.get(f"{family}_{part}"))

    return Clause(
        op=groups[family + "_op"],
        epoch=int(groups[family + "_epoch"] or 0),
        release=tuple(int(number) for number in groups[family + "_release"].split(".")),
        pre=flag("pre"), post=flag("post"), dev=flag("dev"), local=flag("local"),
        wildcard=family == "wild",
    )


def _why_not(text: str) -> str:
    """A hint for the common mistakes (packaging itself only says "Invalid specifier")."""
    stripped = text.strip()
    if "||" in stripped or " or " in stripped:
        return "PEP 440 has no 'or': the comma-separated clauses must all hold"
    if stripped.endswith(".*") and not stripped.startswith(("==", "!=")):
        return "a .* suffix is allowed only after == or !="
    if stripped.startswith("~=") and "." not in stripped:
        return "~= needs at least two numbers, as in ~=3.8"
    if "+" in stripped and not stripped.startswith(("==", "!=")):
        return "a +local label is allowed only after == or !="
    if stripped[:1].isdigit():
        return "an operator such as >= is missing"
    return ""


def parse(text: str) -> List[Clause]:
    """The clauses of a specifier set (``""`` has none and allows everything)."""
    parts = [part for part in text.split(",") if part.strip()]
    return [_clause(part, alone=len(parts) == 1) for part in parts]


def _breakpoints(releases: Iterable[Release], index: int) -> List[int]:
    """0 and, for each release, its number at `index` (missing numbers are 0) and the next one."""
    points = {0, 1}
    for release in releases:
        number = release[index] if len(release) > index else 0
        points.update((number, number + 1))
    return sorted(points)


def oldest_python(text: str) -> Optional[Version]:
    """The oldest 2.x/3.x series with a release that satisfies `text`; None if none does.

    Raises `SpecifierError` when `text` is not a valid specifier.
    """
    clauses = parse(text)
    releases = [c.release if c.op != "===" else _release_of(c.arbitrary) for c in clauses]
    micros = _breakpoints(releases, 2)
    series = [(2, minor) for minor in PYTHON2_MINORS] + [(3, minor) for minor in _breakpoints(releases, 1)]
    for major, minor in series:
        if any(all(c.allows(major, minor, micro) for c in clauses) for micro in micros):
            return (major, minor)
    return None


def _release_of(text: str) -> Release:
    numbers = re.match(r"[0-9]+(?:\.[0-9]+)*", text)
    return tuple(int(n) for n in numbers.group().split(".")) if numbers else ()
