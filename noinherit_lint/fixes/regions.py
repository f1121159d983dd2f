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
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Iterator, List, Optional, Sequence, Tuple

import libcst as cst

from noinherit_lint.findings import Fix, Span, Target
from noinherit_lint.fixes.apply import apply_fixes
from noinherit_lint.fixes.positions import TextOffsets
from noinherit_lint.lines import ending_of

_BODIES = ("body", "orelse", "finalbody")
# ast.match_case exists from Python 3.10 on (the linter runs on 3.9 too)
_NOT_HEADER = (ast.stmt, ast.ExceptHandler) + ((ast.match_case,) if hasattr(ast, "match_case") else ())

LINES, HEADER, CALL = "lines", "header", "call"


class _Statement:
    __slots__ = ("node", "start", "end", "body_start", "simple", "order", "blocks", "_calls")

    def __init__(self, node: ast.stmt, order: int) -> None:
        self.node = node
        self.order = order  # position in the search order: the first of equal candidates wins
        self.start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
        self.end = node.end_lineno
        body = getattr(node, "body", None)
        self.simple = body is None
        # A header on lines of its own (``with open(p) as f:`` above its body) can be edited alone.
        self.body_start = body[0].lineno if body and body[0].lineno > self.start else None
        self.blocks: List[_Block] = []  # the statement lists nested in it
        self._calls: Optional[dict] = None

    def own_call_with_callee(self, callee: Span) -> Optional[ast.Call]:
        """The call in this statement (outside nested statements) whose callee spans `callee`;
        the calls are indexed once, so that many fixes in one statement cost linear time."""
        if self._calls is None:
            self._calls = {}
            for call in _own_calls(self.node):
                self._calls.setdefault(Span.of(call.func), call)
        return self._calls.get(callee)


class _Block:
    """One statement list (a body, an ``else:`` ...), in source order, with its first lines."""

    __slots__ = ("statements", "starts")

    def __init__(self, statements: List[_Statement]) -> None:
        self.statements = statements
        self.starts = [statement.start for statement in statements]

    def containing(self, span: Span) -> Iterator[_Statement]:
        """The statements whose lines hold `span`.  In a block each statement ends on or before
        the line where the next one starts, so the ends never decrease: a binary search on the
        starts, then a walk back while the statements still reach the span's line."""
        index = bisect_right(self.starts, span.line) - 1
        while index >= 0 and self.statements[index].end >= span.line:
            if span.end_line <= self.statements[index].end:
                yield self.statements[index]
            index -= 1


class _Statements:
    """Every statement of a module: the nested blocks (to find the innermost one around a span)
    and, per line, the simple statements of several lines that cross it (to widen regions)."""

    def __init__(self, tree: ast.Module) -> None:
        self.top = _Block([])
        self.crossing: dict = {}  # line -> simple statements spanning several lines, covering it
        order = 0
        stack = [(tree.body, self.top)]
        while stack:
            nodes, block = stack.pop()
            for node in nodes:
                statement = _Statement(node, order)
                order += 1
                block.statements.append(statement)
                for child in _child_blocks(node):
                    nested = _Block([])
                    statement.blocks.append(nested)
                    stack.append((child, nested))
                if statement.simple and statement.end > statement.start:
                    for line in range(statement.start, statement.end + 1):
                        self.crossing.setdefault(line, []).append(statement)
            block.starts = [statement.start for statement in block.statements]

    def innermost(self, span: Span) -> Optional[_Statement]:
        """The smallest statement whose lines hold `span` (the first in search order on a tie)."""
        best = None
        pending = [self.top]
        while pending:
            for statement in pending.pop().containing(span):
                if best is None or (statement.end - statement.start, statement.order) < \
                        (best.end - best.start, best.order):
                    best = statement
                pending.extend(statement.blocks)
        return best

    def widen(self, start: int, end: int) -> Tuple[int, int]:
        """Grow the lines until no simple statement crosses the first or last one.

        Only a simple statement can share a line with the region's statement from outside it (a
        compound statement ends with a block, after which nothing can follow on the same line),
        and only one of several lines can cross a boundary.
        """
        changed = True
        while changed:
            changed = False
            for other in self.crossing.get(start, ()):
                if other.start < start:
                    start, changed = other.start, True
            for other in self.crossing.get(end, ()):
                if other.end > end:
                    end, changed = other.end, True
        return start, end


def _child_blocks(node: ast.stmt) -> Iterator[list]:
    for name in _BODIES:
        block = getattr(node, name, None)
        if block and isinstance(block, list) and isinstance(block[0], ast.stmt):
            yield block
    for handler in getattr(node, "handlers", ()):
        yield handler.body
    for case in getattr(node, "cases", ()):
        yield case.body


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


def _region_for(fix: Fix, statement: _Statement, text: _Text, statements: _Statements) -> Region:
    if fix.kind.target is Target.CALL:
        return text.call_region(fix.span)
    if fix.kind.target is Target.CALLEE:
        call = statement.own_call_with_callee(fix.span)
        if call is not None:
            return text.call_region(Span.of(call))
    if statement.body_start is not None and fix.span.end_line < statement.body_start:
        return text.line_region(statement.start, statement.body_start - 1, HEADER)
    first, last = statements.widen(statement.start, statement.end)
    return text.line_region(first, last, LINES)


def regions_for(source: str, tree: ast.Module, fixes: Sequence[Fix],
                text: Optional[_Text] = None) -> Optional[List[Region]]:
    """Disjoint regions in source order, each with its fixes; None when that cannot be done."""
    statements = _Statements(tree)
    text = text or _Text(source)
    found: List[Region] = []
    for fix in fixes:
        statement = statements.innermost(fix.span)
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
