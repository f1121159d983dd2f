"""Apply `Fix`es to a libcst module: find the node whose span equals each fix's span, edit only it.

Spans are compared in libcst units (the conversion is `positions.LineColumns`).  Fixes whose kind
targets a whole call (`Target.CALL`) match only a `Call`; the others match any expression.  When
several expressions share a span, the outermost one is edited.  A fix whose span matches no node
is returned as unmatched (the caller reports it); it never edits a neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from noinherit_lint.findings import Fix, Target
from noinherit_lint.fixes import edits
from noinherit_lint.fixes.positions import CharSpan, LineColumns
from noinherit_lint.lines import split_lines


@dataclass
class Applied:
    module: cst.Module
    applied: List[Fix] = field(default_factory=list)
    unmatched: List[Tuple[Fix, str]] = field(default_factory=list)  # (fix, why)


class _FixTransformer(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, wanted: Dict[CharSpan, List[Fix]], alias: Optional[str]) -> None:
        super().__init__()
        self._wanted = wanted
        self._alias = alias
        self._claimed: Dict[int, List[Fix]] = {}  # id(original node) -> its fixes
        self._parents: List[cst.CSTNode] = []
        self.applied: List[Fix] = []
        self.failed: List[Tuple[Fix, str]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.BaseExpression):
            self._claim(node)
        self._parents.append(node)
        return True

    def _claim(self, node: cst.BaseExpression) -> None:
        position = self.get_metadata(PositionProvider, node, None)
        if position is None:
            return
        key = ((position.start.line, position.start.column), (position.end.line, position.end.column))
        fixes = self._wanted.get(key)
        if not fixes:
            return
        mine = [f for f in fixes if f.kind.target is not Target.CALL or isinstance(node, cst.Call)]
        if mine:
            self._claimed[id(node)] = mine
            remaining = [f for f in fixes if f not in mine]
            if remaining:
                self._wanted[key] = remaining
            else:
                del self._wanted[key]

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
        self._parents.pop()
        fixes = self._claimed.pop(id(original_node), None)
        if not fixes:
            return updated_node
        context = edits.Context(self._parents[-1] if self._parents else None, self._alias)
        node = updated_node
        # Edits of the call itself first, then replacements of the whole expression.
        for fix in sorted(fixes, key=lambda f: f.kind.target is not Target.CALL):
            try:
                node = edits.edit_function(fix.kind)(node, fix.text, context)
            except edits.EditError as exc:
                self.failed.append((fix, str(exc)))
            else:
                self.applied.append(fix)
        return node


def _require_lossless(module: cst.Module, source: str) -> None:
    """libcst must print `module` back as exactly `source`, or no edit of it can be trusted.

    It does not always: a form feed that starts a line before a statement is dropped
    (``"\\x0cx = 1"`` prints as ``"x = 1"``).  Raised as a parser error, so the file is refused.
    """
    printed = module.code
    if printed == source:
        return
    old_lines, new_lines = split_lines(source), split_lines(printed)
    line = next((i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b),
                min(len(old_lines), len(new_lines)))
    raise cst.ParserSyntaxError("does not print this line back byte for byte",
                                lines=old_lines, raw_line=line + 1, raw_column=0)


def apply_fixes(module: cst.Module, source: str, fixes: Sequence[Fix], alias: Optional[str]) -> Applied:
    """Edit `module` (parsed from `source`) at the spans of `fixes`; `alias` names the runtime."""
    _require_lossless(module, source)
    columns = LineColumns(source)
    wanted: Dict[CharSpan, List[Fix]] = {}
    for fix in fixes:
        wanted.setdefault(columns.to_chars(fix.span), []).append(fix)
    transformer = _FixTransformer(wanted, alias)
    new_module = MetadataWrapper(module, unsafe_skip_copy=True).visit(transformer)
    result = Applied(new_module, transformer.applied, list(transformer.failed))
    for leftover in wanted.values():
        result.unmatched.extend((fix, "no expression has this span") for fix in leftover)
    return result
