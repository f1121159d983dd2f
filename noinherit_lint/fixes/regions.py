"""Edit only the statements that hold fixes: libcst parses a few lines, not the whole module.

Parsing a large module with libcst (and resolving positions, transforming, printing it) costs
10-50x an `ast.parse`.  A fix only ever touches the innermost statement around its span, so each
fix gets a *region*: the whole lines of that statement (decorators included), widened while
another statement shares its first or last line (``s = '''...'''; f = open(p)``).  Overlapping
regions merge.  An indented region is parsed as the body of an ``if 1:`` line put in front of it
(indentation is relative to the block, so the lines stay exactly as they are), edited with
`apply.apply_fixes` at spans shifted to the region's lines, printed, and put back in place.

Anything unusual -- a region libcst cannot parse on its own (``else: x = open(p)``), a wrapper
line that comes back changed -- returns None, and the caller edits the whole module instead.
The caller also re-parses the final text, whole, with `ast`.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import Dict, List, Optional, Sequence, Tuple

import libcst as cst

from noinherit_lint.findings import Fix, Span
from noinherit_lint.fixes.apply import Applied, apply_fixes
from noinherit_lint.fixes.positions import split_lines

Region = Tuple[int, int, bool]  # first line, last line (1-based, inclusive), header only?

_BODIES = ("body", "orelse", "finalbody")


class _Statement:
    __slots__ = ("start", "end", "body_start", "simple")

    def __init__(self, node: ast.stmt) -> None:
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


def regions_for(tree: ast.Module, fixes: Sequence[Fix]) -> Optional[Dict[Region, List[Fix]]]:
    """Disjoint regions, each with the fixes inside it; None if some fix is outside every statement."""
    statements = _statements(tree)
    found: List[Tuple[Region, Fix]] = []
    for fix in fixes:
        statement = _innermost(statements, fix.span)
        if statement is None:
            return None
        if statement.body_start is not None and fix.span.end_line < statement.body_start:
            found.append(((statement.start, statement.body_start - 1, True), fix))
        else:
            found.append((_widen(statement.start, statement.end, statements) + (False,), fix))
    found.sort(key=lambda item: item[0])
    merged: List[Tuple[Region, List[Fix]]] = []
    for (start, end, header), fix in found:
        if merged and start <= merged[-1][0][1]:
            (m_start, m_end, m_header), members = merged[-1]
            same = (m_start, m_end, m_header) == (start, end, header)
            merged[-1] = ((m_start, max(m_end, end), m_header and same), members + [fix])
        else:
            merged.append(((start, end, header), [fix]))
    return dict(merged)


def _indentation(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t\f"))]


def edit_regions(source: str, tree: ast.AST, fixes: Sequence[Fix], alias: Optional[str]):
    """(new source, applied fixes, unmatched (fix, why)) or None when a region needs the whole module."""
    regions = regions_for(tree, fixes)
    if regions is None:
        return None
    lines = split_lines(source)
    applied: List[Fix] = []
    unmatched: List[Tuple[Fix, str]] = []
    for (start, end, header), members in sorted(regions.items(), reverse=True):
        text = "".join(lines[start - 1:end])
        first = lines[start - 1]
        newline = first[len(first.rstrip("\r\n")):] or "\n"
        wrapper = "if 1:" + newline if _indentation(first) else ""
        body = _indentation(first) + "    pass" + newline if header else ""
        if not text.endswith(("\n", "\r")):
            text += newline  # the last line of the file has no line break: add one, and take it off again
        offset = start - 1 - (1 if wrapper else 0)
        snippet = wrapper + text + body
        shifted = [
            replace(fix, span=replace(fix.span, line=fix.span.line - offset, end_line=fix.span.end_line - offset))
            for fix in members
        ]
        try:
            module = cst.parse_module(snippet)
        except cst.ParserSyntaxError:
            return None
        result: Applied = apply_fixes(module, snippet, shifted, alias)
        new_text = result.module.code
        if not (new_text.startswith(wrapper) and new_text.endswith(body)):
            return None
        new_text = new_text[len(wrapper):len(new_text) - len(body)]
        if not "".join(lines[start - 1:end]).endswith(("\n", "\r")):
            if not new_text.endswith(newline):
                return None
            new_text = new_text[: len(new_text) - len(newline)]
        original = dict(zip(shifted, members))
        applied.extend(original[fix] for fix in result.applied)
        unmatched.extend((original[fix], why) for fix, why in result.unmatched)
        lines[start - 1:end] = [new_text]
    return "".join(lines), applied, unmatched
