"""The import edits after the fixes: the imports they left unused go (`unused`), then the runtime
import is placed (`imports.place_import`).  Every front end (libcst, Python 2 text) runs this pass.

The ast of a module costs ~200x its size, so the pass never holds two of them at once.  It is
planned from the old tree (`ImportPass.plan` keeps only names and flags), the caller then frees
that tree, and only then is the new text parsed, if at all: only when an import may have become
unused (`unused.removal_candidates`).  That parse also checks that the rewritten code parses, so
the caller need not parse the same text again unless the pass changed it.  Without candidates the
old tree places the import: no fix is in the docstring, the ``__future__`` imports or the first
import block, and no edit moves the first line of a statement, so the old tree's positions there
are the new text's.  After a removal only the head of the text is parsed to place the import
(`imports.head_end_line`); the caller parses the result whole, as its check.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable, FrozenSet, Optional, Sequence, Tuple

from noinherit_lint.findings import Fix, FixKind
from noinherit_lint.fixes.imports import AliasChoice, RuntimeImport, head_end_line, place_import
from noinherit_lint.fixes.sections import ImportSections
from noinherit_lint.lines import split_lines
from noinherit_lint.fixes.unused import remove_unused_imports, removal_candidates

Parse = Callable[[str], ast.Module]  # the ast of a text, or an error that refuses the file


@dataclass(frozen=True)
class ImportPass:
    runtime: RuntimeImport
    alias: Optional[str]  # the runtime's name in the module
    place: bool  # the runtime import is to be added
    sections: Optional[ImportSections]
    candidates: FrozenSet[str]  # names whose import the fixes may have left unused

    @classmethod
    def plan(cls, old_tree: ast.Module, applied: Sequence[Fix], choice: Optional[AliasChoice],
             runtime: RuntimeImport, sections: Optional[ImportSections], filename: str) -> "ImportPass":
        """The pass after the fixes `applied` to the module whose ast before them is `old_tree`."""
        candidates: FrozenSet[str] = frozenset()
        if any(fix.kind is FixKind.RUNTIME_CALLEE for fix in applied):
            candidates = removal_candidates(old_tree, [fix.span for fix in applied], filename)
        place = bool(choice and choice.needs_import and any(fix.kind.needs_runtime for fix in applied))
        return cls(runtime, choice.alias if choice else None, place, sections, candidates)

    @property
    def needs_new_tree(self) -> bool:
        """`run` parses the new text: the caller frees the old tree first and passes None."""
        return bool(self.candidates)

    def run(self, source: str, old_tree: Optional[ast.Module], parse: Parse) -> Tuple[str, bool]:
        """(`source`, the text after the fixes, after the import edits; whether `parse` read
        exactly that text).  `old_tree` is the tree of `plan`, or None if `needs_new_tree`."""
        tree = old_tree
        parsed = False
        if self.candidates:
            tree = parse(source)
            parsed = True
            source, removed, head_end = remove_unused_imports(tree, source, self.candidates,
                                                              head_end_line(tree))
            if removed:  # the import block changed: place the import in the new one
                tree = None  # freed before the next parse
                parsed = False
                if self.place:
                    tree = _parse_head(source, head_end, parse)
        if self.place:
            source = place_import(source, tree, self.runtime, self.alias, self.sections)
            parsed = False
        return source, parsed


def _parse_head(source: str, head_end: Optional[int], parse: Parse) -> ast.Module:
    """The ast of `source` up to line `head_end` (`imports.head_end_line`): all `place_import`
    reads, at a fraction of the cost for a large module.  The whole text when there is no such
    line, or when the text up to it does not parse alone (a statement that starts on that line
    goes on after it)."""
    if head_end is not None:
        try:
            return ast.parse("".join(split_lines(source)[:head_end]))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            pass
    return parse(source)
