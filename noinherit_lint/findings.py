"""The values the rules produce and everybody else consumes.

A `Finding` is what a rule reports: a code, a one-line message, the span of the call it is
about, and (when the rule knows a safe rewrite) a `Fix`.  Positions are in `ast` units:
1-based lines and 0-based **UTF-8 byte** columns, exactly what flake8 prints (plus one).
The codemod converts them to libcst's character columns in `noinherit_lint.fixes.positions`;
nothing else converts units.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from enum import Enum
from typing import Optional


@dataclass(frozen=True, order=True)
class Span:
    """A source range in ast units (1-based lines, 0-based UTF-8 byte columns, end exclusive)."""

    line: int
    col: int
    end_line: int
    end_col: int

    @classmethod
    def of(cls, node: ast.AST) -> "Span":
        return cls(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)


class Target(Enum):
    """What the span of a fix covers, and so what text the codemod cuts out to edit it."""

    CALL = "call"
    """A whole call; the edit changes its arguments (libcst must see a `Call` there)."""
    CALLEE = "callee"
    """The callee of a call; the text of that call is all the edit needs."""
    EXPRESSION = "expression"
    """Any expression, replaced in place; its statement decides whether it needs parentheses."""


class FixKind(Enum):
    """The one table of fix kinds: each is a mechanical edit the codemod knows how to make.

    Columns: the name, what the span covers (`Target`), whether the runtime import is needed, the
    edit function in `noinherit_lint.fixes.edits` (libcst, for Python 3 code), the same edit made
    on the text in `noinherit_lint.fixes.text_edits` (for Python 2 code, which libcst cannot
    read; both are named here so that the detector needs neither), and what the fix's `text`
    means.
    """

    RUNTIME_CALLEE = ("runtime-callee", Target.CALLEE, True, "runtime_callee", "runtime_callee",
                      "replace the callee with `<runtime alias>.<text>`")
    REPLACE = ("replace", Target.EXPRESSION, False, "replace", "replace",
               "replace the expression with the expression `text`")
    ADD_KEYWORD = ("add-keyword", Target.CALL, False, "add_keyword", "add_keyword",
                   "append the keyword argument `text` (``name=value``) to the call")
    OR_FLAG = ("or-flag", Target.EXPRESSION, False, "or_flag", "or_flag",
               "combine the expression with ``| text`` (a literal ``0`` is replaced by `text`)")
    RUNTIME_FLAG = ("runtime-flag", Target.EXPRESSION, True, "runtime_flag", "runtime_flag",
                    "combine the expression with ``| <runtime alias>.<text>`` (a literal ``0`` is "
                    "replaced by it): the user's own callee stays")
    APPEND_ARGUMENT = ("append-argument", Target.CALL, False, "append_argument", "append_argument",
                       "append the positional argument `text` to the call")

    def __init__(self, slug: str, target: Target, needs_runtime: bool, edit: str, text_edit: str,
                 meaning: str) -> None:
        self.slug = slug
        self.target = target
        self.needs_runtime = needs_runtime
        self.edit = edit
        self.text_edit = text_edit
        self.meaning = meaning


class Applicability(Enum):
    """ruff's fix applicability: a safe fix keeps what the program does; an unsafe one may not."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class FixSafety:
    """Whether a fix is safe, and why (or, with `applicability` None, why a rule has no fix)."""

    applicability: Optional[Applicability]
    reason: str

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE


def safe(reason: str) -> FixSafety:
    return FixSafety(Applicability.SAFE, reason)


def unsafe(reason: str) -> FixSafety:
    return FixSafety(Applicability.UNSAFE, reason)


def no_fix(reason: str) -> FixSafety:
    return FixSafety(None, reason)


@dataclass(frozen=True)
class Fix:
    """One edit the codemod may make for a finding.

    `safety` defaults to the rule's `fix_safety` (`CallSite.report` fills it in); it is not part of
    the edit's identity (two fixes that make the same edit are equal).
    """

    kind: FixKind
    span: Span
    text: str
    safety: Optional[FixSafety] = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.kind, FixKind):
            raise ValueError(f"unknown fix kind {self.kind!r}")

    @property
    def is_safe(self) -> bool:
        """Applied by default (`noinherit-fix` needs ``--unsafe-fixes`` for the others)."""
        return self.safety is not None and self.safety.is_safe


@dataclass(frozen=True)
class Finding:
    """A reported problem.  `message` starts with `code`, as flake8 requires."""

    code: str
    message: str
    span: Span
    fix: Optional[Fix] = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def col(self) -> int:
        return self.span.col
