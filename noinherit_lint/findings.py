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


# Fix kinds.  Each names one mechanical edit that the codemod knows how to make.
RUNTIME_CALLEE = "runtime-callee"
"""Replace the callee at `span` with `<runtime alias>.<text>` (and import the runtime)."""
REPLACE = "replace"
"""Replace the expression at `span` with the expression `text`."""
ADD_KEYWORD = "add-keyword"
"""Append the keyword argument `text` (``name=value``) to the call at `span`."""
OR_FLAG = "or-flag"
"""Combine the expression at `span` with `| text` (a literal ``0`` is replaced by `text`)."""
APPEND_ARGUMENT = "append-argument"
"""Append the positional argument `text` to the call at `span`."""

FIX_KINDS = frozenset({RUNTIME_CALLEE, REPLACE, ADD_KEYWORD, OR_FLAG, APPEND_ARGUMENT})


class Applicability(Enum):
    """ruff's fix applicability: a safe fix keeps what the program does; an unsafe one may not."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class FixSafety:
    """Whether a fix is safe, and why (or, with `applicability` None, why a rule has no fix)."""

    applicability: Optional[Applicability]
    reason: str


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

    kind: str
    span: Span
    text: str
    safety: Optional[FixSafety] = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in FIX_KINDS:
            raise ValueError(f"unknown fix kind {self.kind!r}")


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
