"""Edit only the code around the fixes: libcst parses a call or a few lines, not the whole module.

Parsing a large module with libcst (and resolving positions, transforming, printing it) costs
10-50x an `ast.parse`.  So each fix gets a *region*, the smallest piece of text that libcst can
parse on its own and in which the fix means the same:

* a fix of a call (`Target.CALL`: a new argument) or of its callee (`Target.CALLEE`) -> the text of
  that **call** (brackets make it a valid statement even when it spans lines);
* a fix of an expression (`Target.EXPRESSION`: replaced or OR-ed, whose parentheses depend on
  what surrounds it) -> the whole lines of the innermost **statement** around it, widened while another statement
  shares its first or last line (``s = '''...'''; f = open(p)``).  When the fix sits in the header
  of a compound statement whose body starts on a later line (``with open(p) as f:``), only the
  header lines are taken and ``pass`` stands in for the body.

Regions that overlap merge (an inner call into the outer one, a call into its statement).  An
indented line region is parsed as the body of an ``if 1:`` line put in front of it (indentation
is relative to the block, so the lines stay exactly as they are).  Each region is edited with
`apply.apply_fixes` at spans shifted into it, printed, and put back in place.

Anything unusual -- a region libcst cannot parse on its own (``else: x = open(p)``), added text
that comes back changed -- returns None, and the caller edits the whole module instead.  The
caller also re-parses the final text, whole, with `ast`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from typing import Iterator, List, Optional, Sequence, Tuple

import libcst as cst

from noinherit_lint.findings import Fix, Span, Target
from noinherit_lint.fixes.apply import apply_fixes
from noinherit_lint.fixes.positions import TextOffsets
from noinherit_lint.lines import ending_of

_BODIES = ("body", "orelse", "finalbody")
_NOT_HEADER = (ast.stmt, ast.ExceptHandler, ast.match_case)

LINES, HEADER, CALL = "lines", "header", "call"


class _Statement:
    __slots__ = ("node", "start", "end", "body_start", "simple")

    def __init__(self, node: ast.stmt) -> None:
        self.node = node
        self.start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
        self.end = node.end_lineno
        body = getattr(node, "body", None)
        self.simple = body is None
        # A header on lines of its own (``with open(p) as f:`` above its body) can be edited alone.
        self.body_start = body[0].lineno if body and body[0].lineno > self.start else None


def _statements(tree: ast.Module) -> List[_Statement]:
    """Every statement, found by walking statement lists only (expressions are never entered)."""
    found: List[_Statement] = []
    stack = [tree.body]
    while stack:
        for node in stack.pop():
            found.append(_Statement(node))
            for name in _BODIES:
                block = getattr(node, name, None)
                if block and isinstance(block, list) and isinstance(block[0], ast.stmt):
                    stack.append(block)
            for handler in getattr(node, "handlers", ()):
                stack.append(handler.body)
            for case in getattr(node, "cases", ()):
                stack.append(case.body)
    return found


def _innermost(statements: Sequence[_Statement], span: Span) -> Optional[_Statement]:
    best = None
    for statement in statements:
        if statement.start <= span.line and span.end_line <= statement.end:
            if best is None or statement.end - statement.start < best.end - best.start:
                best = statement
    return best


def _widen(start: int, end: int, statements: Sequence[_Statement]) -> Tuple[int, int]:
    """Grow the lines until no simple statement crosses the first or last one.

    Only a simple statement can share a line with the region's statement from outside it (a
    compound statement ends with a block, after which nothing can follow on the same line).
    """
    changed = True
    while changed:
        changed = False
        for other in statements:
            if not other.simple:
                continue
            if other.start < start <= other.end:
                start, changed = other.start, True
            if other.start <= end < other.end:
                end, changed = other.end, True
    return start, end


def _own_calls(statement: ast.stmt) -> Iterator[ast.Call]:
    """The calls in `statement` outside its nested statements."""
    stack = [child for child in ast.iter_child_nodes(statement) if not isinstance(child, _NOT_HEADER)]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call):
            yield node
        stack.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, _NOT_HEADER))


@dataclass
class Region:
    start: int  # character offsets into the source, end exclusive
    end: int
    kind: str  # LINES, HEADER or CALL
    first_line: int  # 1-based
    first_column: int  # byte column of `start` on `first_line` (0 for line regions)
    fixes: List[Fix] = field(default_factory=list)


class _Text(TextOffsets):
    """Offsets of lines and columns in one source text, and the regions cut from it."""

    def line_region(self, first: int, last: int, kind: str) -> Region:
        return Region(self.line_starts[first - 1], self.line_starts[last], kind, first, 0)

    def call_region(self, span: Span) -> Region:
        return Region(self.offset(span.line, span.col), self.offset(span.end_line, span.end_col), CALL,
                      span.line, span.col)


def _region_for(fix: Fix, statement: _Statement, text: _Text, statements: Sequence[_Statement]) -> Region:
    if fix.kind.target is Target.CALL:
        return text.call_region(fix.span)
    if fix.kind.target is Target.CALLEE:
        for call in _own_calls(statement.node):
            if Span.of(call.func) == fix.span:
                return text.call_region(Span.of(call))
    if statement.body_start is not None and fix.span.end_line < statement.body_start:
        return text.line_region(statement.start, statement.body_start - 1, HEADER)
    first, last = _widen(statement.start, statement.end, statements)
    return text.line_region(first, last, LINES)


def regions_for(source: str, tree: ast.Module, fixes: Sequence[Fix],
                text: Optional[_Text] = None) -> Optional[List[Region]]:
    """Disjoint regions in source order, each with its fixes; None when that cannot be done."""
    statements = _statements(tree)
    text = text or _Text(source)
    found: List[Region] = []
    for fix in fixes:
        statement = _innermost(statements, fix.span)
        if statement is None:
            return None
        region = _region_for(fix, statement, text, statements)
        region.fixes.append(fix)
        found.append(region)
    found.sort(key=lambda r: (r.start, -r.end))
    merged: List[Region] = []
    for region in found:
        if not merged or region.start >= merged[-1].end:
            merged.append(region)
            continue
        outer = merged[-1]
        if region.end <= outer.end:  # nested: the outer region carries the fix
            outer.fixes.extend(region.fixes)
        elif CALL in (outer.kind, region.kind):
            return None  # a call crossing a region's end: nothing sensible to do here
        else:  # two line regions sharing lines
            outer.end, outer.kind = region.end, LINES
            outer.fixes.extend(region.fixes)
    return merged


def _indentation(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t\f"))]


def _snippet(region: Region, source: str, text: _Text) -> Tuple[str, str, str, int]:
    """(text libcst parses, its added prefix, its added suffix, lines before the region's first)."""
    body = source[region.start:region.end]
    first = text.lines[region.first_line - 1]
    newline = ending_of(first) or "\n"
    if region.kind == CALL:
        return body + newline, "", newline, region.first_line - 1
    prefix = "if 1:" + newline if _indentation(first) else ""
    suffix = _indentation(first) + "    pass" + newline if region.kind == HEADER else ""
    if not body.endswith(("\n", "\r")):  # the file's last line has no line break: add one for now
        suffix = newline + suffix
    return prefix + body + suffix, prefix, suffix, region.first_line - 1 - (1 if prefix else 0)


def _shift(fix: Fix, region: Region, line_offset: int) -> Fix:
    span = fix.span
    col, end_col = span.col, span.end_col
    if region.kind == CALL:  # the call's first line starts at its column
        if span.line == region.first_line:
            col -= region.first_column
        if span.end_line == region.first_line:
            end_col -= region.first_column
    moved = Span(span.line - line_offset, col, span.end_line - line_offset, end_col)
    return replace(fix, span=moved)


def edit_regions(source: str, tree: ast.Module, fixes: Sequence[Fix], alias: Optional[str]):
    """(new source, applied fixes, unmatched (fix, why)) or None when the whole module must be edited."""
    text = _Text(source)
    regions = regions_for(source, tree, fixes, text)
    if regions is None:
        return None
    pieces: List[str] = []
    done = 0
    applied: List[Fix] = []
    unmatched: List[Tuple[Fix, str]] = []
    for region in regions:
        snippet, prefix, suffix, line_offset = _snippet(region, source, text)
        shifted = [_shift(fix, region, line_offset) for fix in region.fixes]
        try:
            module = cst.parse_module(snippet)
        except cst.ParserSyntaxError:
            return None
        result = apply_fixes(module, snippet, shifted, alias)
        new_text = result.module.code
        if not (new_text.startswith(prefix) and new_text.endswith(suffix)):
            return None
        original = dict(zip(shifted, region.fixes))
        applied.extend(original[fix] for fix in result.applied)
        unmatched.extend((original[fix], why) for fix, why in result.unmatched)
        pieces.append(source[done:region.start])
        pieces.append(new_text[len(prefix):len(new_text) - len(suffix)])
        done = region.end
    pieces.append(source[done:])
    return "".join(pieces), applied, unmatched
