"""The codemod for a Python 2 module: the same fixes, made on its text (`text_edits`).

The findings come from the Python 2 front end's tree, whose positions are the file's.  For each
fix: find the node with the fix's span (the outermost one, a call for `Target.CALL`) and its
parent, ask the kind's text edit for a `Replacement`, then write all replacements into the
text at once (one inside another's kept text is made there).  A fix that cannot be made is
reported alone, with its reason; the others are still made.  Every byte outside the
replacements stays as it was (encoding cookie, line endings, tabs).  The import pass runs
like in Python 3 code (`import_pass`), and the result must be read again by the front
end, or the file is left as it was.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Sequence, Tuple

from noinherit_lint import parsing
from noinherit_lint.findings import Finding, Fix, Span, Target
from noinherit_lint.fixes.import_pass import ImportPass
from noinherit_lint.fixes.imports import RuntimeImport, choose_alias
from noinherit_lint.fixes.text_edits import Context, Replacement, SourceText, text_edit_function
from noinherit_lint.settings import Settings

Located = Dict[Fix, Tuple[ast.AST, Optional[ast.AST]]]


def locate(tree: ast.Module, fixes: Sequence[Fix]) -> Located:
    """For each fix: the outermost node with its span (a call for `Target.CALL`) and its parent."""
    wanted: Dict[Span, List[Fix]] = {}
    for fix in fixes:
        wanted.setdefault(fix.span, []).append(fix)
    found: Located = {}
    stack: List[Tuple[ast.AST, Optional[ast.AST]]] = [(tree, None)]
    while stack and len(found) < len(fixes):
        node, parent = stack.pop()
        if isinstance(node, ast.expr):
            for fix in wanted.get(Span.of(node), ()):
                if fix not in found and (fix.kind.target is not Target.CALL or isinstance(node, ast.Call)):
                    found[fix] = (node, parent)
        stack.extend((child, node) for child in ast.iter_child_nodes(node))
    return found


def render(source: str, replacements: Sequence[Tuple[Fix, Replacement]]) -> Tuple[str, Dict[Fix, str]]:
    """The text with every replacement made; the fixes whose replacement could not be (why)."""
    failed: Dict[Fix, str] = {}
    kept: List[Replacement] = []
    open_: List[Replacement] = []
    for fix, replacement in sorted(replacements, key=lambda item: (item[1].start, -item[1].end)):
        while open_ and open_[-1].end <= replacement.start:
            open_.pop()
        outer = open_[-1] if open_ else None
        if outer is not None and replacement.end > outer.end:
            failed[fix] = "another fix's edit overlaps it"
        elif outer is not None and (outer.start, outer.end) == (replacement.start, replacement.end):
            failed[fix] = "another fix edits the same code"
        else:
            kept.append(replacement)
            open_.append(replacement)

    def text_of(start: int, end: int, inner: List[Replacement]) -> str:
        out, position, index = [], start, 0
        while index < len(inner):
            replacement = inner[index]
            last = index + 1
            while last < len(inner) and inner[last].start < replacement.end:
                last += 1
            nested = inner[index + 1:last]
            out.append(source[position:replacement.start])
            for piece in replacement.pieces:
                if isinstance(piece, str):
                    out.append(piece)
                else:
                    out.append(text_of(piece[0], piece[1],
                                       [r for r in nested if piece[0] <= r.start and r.end <= piece[1]]))
            position, index = replacement.end, last
        out.append(source[position:end])
        return "".join(out)

    return text_of(0, len(source), kept), failed


def edit_text(source: str, tree: ast.Module, findings: List[Finding], settings: Settings,
              sections=None, filename: str = "<unknown>"):
    """(new text, fixes applied, [(fix, why not)]) for the findings of a Python 2 module."""
    from noinherit_lint.fixes.edits import EditError

    runtime = RuntimeImport.parse(settings.runtime_module)
    choice = choose_alias(tree, runtime, source) if any(f.fix.kind.needs_runtime for f in findings) else None
    alias = choice.alias if choice else None
    text = SourceText(source)
    fixes = list(dict.fromkeys(f.fix for f in findings))
    located = locate(tree, fixes)
    replacements: List[Tuple[Fix, Replacement]] = []
    failed: Dict[Fix, str] = {}
    for fix in fixes:
        if fix not in located:
            failed[fix] = "no expression has this span"
            continue
        node, parent = located[fix]
        try:
            replacements.append((fix, text_edit_function(fix.kind)(node, fix, Context(parent, text, alias))))
        except EditError as exc:
            failed[fix] = str(exc)
    new_source, overlapping = render(source, replacements)
    failed.update(overlapping)
    applied = [fix for fix, _ in replacements if fix not in failed]
    from noinherit_lint.fixes.source import parse_rewritten

    imports = ImportPass.plan(tree, applied, choice, runtime, sections, filename)
    new_source, _ = imports.run(new_source, None if imports.needs_new_tree else tree,
                                lambda text: parse_rewritten(text, filename, parsing.PYTHON2))
    return new_source, applied, list(failed.items())
