"""From source text to fixed source text: the whole codemod for one module, without any file I/O.

1. read the text (`parsing.parse`: Python 3, else Python 2.7) and run the single detector
   (`checker.check`);
2. keep the findings that carry a fix, are selected (``--select``/``--ignore``) and are not
   suppressed by ``# noqa`` (flake8's reading, `noinherit_lint.noqa`); of those, the unsafe fixes
   only with `Settings.unsafe_fixes` (the others are returned as `held_back`);
3. only if any is left: parse with libcst, edit the matching nodes (Python 2 code, which libcst
   cannot read: the same edits on the text, `fixes.python2`), then the import pass (`import_pass`:
   imports left unused go, the runtime import is added);
4. the result must parse again, or the text is left as it was.  The old tree is freed before the
   new text is parsed, so that the peak is one tree (issue 12): the import pass parses the new text
   only when an import may have become unused, and that parse is also the check when it read the
   final text.
"""

from __future__ import annotations

import ast
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, List, Optional, Tuple

from noinherit_lint import parsing
from noinherit_lint.checker import check
from noinherit_lint.findings import Finding, Fix
from noinherit_lint.fixes.import_pass import ImportPass
from noinherit_lint.fixes.imports import AliasChoice, RuntimeImport, choose_alias
from noinherit_lint.fixes.sections import ImportSections
from noinherit_lint.noqa import NoqaLines
from noinherit_lint.settings import Settings


LIBCST_RECURSION_LIMIT = 8000


class SourceError(Exception):
    """The text cannot be fixed; the message says why and ends with "not changed"."""


@dataclass
class FixedSource:
    source: str  # the new text (== the old text when nothing changed)
    changed: bool
    fixed: List[Finding] = field(default_factory=list)
    not_fixed: List[str] = field(default_factory=list)  # "L:C CODE: reason" for fixes that failed
    held_back: List[Finding] = field(default_factory=list)  # unsafe fixes not made (no unsafe_fixes)


def describe(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        where = f"line {exc.lineno}: " if exc.lineno else ""
        return f"{where}{exc.msg}"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, MemoryError):
        return "too large or nested too deeply"
    if type(exc).__name__ == "ParserSyntaxError":  # libcst's; libcst is imported only when needed
        return f"libcst: line {exc.raw_line}: {exc.message}"
    return str(exc) or type(exc).__name__


def read(source: str, filename: str) -> parsing.Parsed:
    try:
        return parsing.parse(source, filename)
    except parsing.Unparsable as exc:
        raise SourceError(f"cannot parse ({exc}); not changed") from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        raise SourceError(f"cannot parse ({describe(exc)}); not changed") from None


def parse(source: str, filename: str) -> ast.Module:
    return read(source, filename).tree


def fixable_findings(tree: ast.Module, source: str, settings: Settings, filename: Optional[str] = None) -> List[Finding]:
    """The findings the codemod acts on: with a fix, selected, not noqa'd (as flake8 reads it)."""
    candidates = [f for f in check(tree, settings, filename) if f.fix is not None and settings.selects(f.code)]
    if not candidates:
        return []
    noqa = NoqaLines(source)
    return [f for f in candidates if not noqa.suppresses(f.code, f.line)]


def fix_source(source: str, settings: Settings, filename: str = "<unknown>", *,
               whole_module: bool = False) -> FixedSource:
    """Fix `source`; raises `SourceError` when it cannot be parsed or the result would not parse.

    `whole_module` makes libcst parse the whole module instead of only the statements with
    fixes (`regions`); both give the same text -- the tests compare them.
    """
    parsed = read(source, filename)
    findings, held_back = split_by_safety(fixable_findings(parsed.tree, source, settings, filename), settings)
    if parsed.grammar == parsing.PYTHON2:
        result = rewrite_python2(source, parsed.tree, findings, settings, filename)
    else:
        handed = _Handed(parsed.tree)
        del parsed  # the only reference left is the handle's: `_rewrite` frees the tree in time
        result = _rewrite(source, handed, findings, settings, whole_module, filename)
    result.held_back = held_back
    return result


def split_by_safety(findings: List[Finding], settings: Settings) -> Tuple[List[Finding], List[Finding]]:
    """(the findings whose fix is made, those whose unsafe fix is not: no `settings.unsafe_fixes`)."""
    if settings.unsafe_fixes:
        return findings, []
    return [f for f in findings if f.fix.is_safe], [f for f in findings if not f.fix.is_safe]


def rewrite(source: str, tree: ast.Module, findings: List[Finding], settings: Settings,
            filename: str = "<unknown>", *, whole_module: bool = False) -> FixedSource:
    """Apply the fixes of `findings` (already filtered) to `source`, whose ast is `tree`."""
    return _rewrite(source, _Handed(tree), findings, settings, whole_module, filename)


class _Handed:
    """A tree handed over, so that the callee can drop it (``handed.tree = None``) before it
    parses the new text: then the peak is one tree, not two, when the caller held no other
    reference."""

    __slots__ = ("tree",)

    def __init__(self, tree: Optional[ast.Module]) -> None:
        self.tree = tree


def _rewrite(source: str, handed: _Handed, findings: List[Finding], settings: Settings,
             whole_module: bool, filename: str = "<unknown>") -> FixedSource:
    if not findings:
        return FixedSource(source, changed=False)
    tree = handed.tree
    runtime = RuntimeImport.parse(settings.runtime_module)
    choice = None
    if any(f.fix.kind.needs_runtime for f in findings):
        choice = choose_alias(tree, runtime, source)
    import libcst  # only files with something to fix pay for importing it

    with _deeper_recursion():
        try:
            new_source, applied, unmatched = _edit(source, tree, findings, choice, whole_module)
        except (libcst.ParserSyntaxError, RecursionError, MemoryError) as exc:
            raise SourceError(f"cannot rewrite with libcst ({describe(exc)}); not changed") from None
        imports = ImportPass.plan(tree, applied, choice, runtime, ImportSections.for_file(filename), filename)
        if imports.needs_new_tree:
            tree = handed.tree = None
        new_source, checked = imports.run(new_source, tree, lambda text: parse_rewritten(text, filename))
    tree = handed.tree = None  # freed before the new text is parsed: the peak is one tree, not two
    result = _outcome(source, new_source, findings, unmatched)
    if result.changed and not checked:
        parse_rewritten(result.source, filename)
    return result


def parse_rewritten(text: str, filename: str, grammar: str = parsing.PYTHON3) -> ast.Module:
    """The ast of the rewritten `text` (read as `grammar`), or `SourceError`: it does not parse."""
    try:
        if grammar == parsing.PYTHON2:
            return parsing.parse(text, filename).tree
        return ast.parse(text, filename=filename)
    except (parsing.Unparsable, SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise SourceError(f"the rewritten code does not parse ({describe(exc)}); not changed") from None


def rewrite_python2(source: str, tree: ast.Module, findings: List[Finding], settings: Settings,
                    filename: str = "<unknown>") -> FixedSource:
    """`rewrite` for a Python 2 module (`tree` from the Python 2 front end): text edits, and the
    result must still be read by the front end."""
    if not findings:
        return FixedSource(source, changed=False)
    from noinherit_lint.fixes.python2 import edit_text

    new_source, _applied, unmatched = edit_text(source, tree, findings, settings,
                                                ImportSections.for_file(filename), filename)
    if new_source != source:
        parse_rewritten(new_source, filename, parsing.PYTHON2)
    return _outcome(source, new_source, findings, unmatched)


def _outcome(source: str, new_source: str, findings: List[Finding], unmatched) -> FixedSource:
    failed = {fix: why for fix, why in unmatched}
    not_fixed = [
        f"{f.line}:{f.col + 1} {f.code}: not fixed ({failed[f.fix]})" for f in findings if f.fix in failed
    ]
    fixed = [f for f in findings if f.fix not in failed]
    return FixedSource(new_source, new_source != source, fixed, not_fixed)


@contextmanager
def _deeper_recursion(limit: int = LIBCST_RECURSION_LIMIT) -> Iterator[None]:
    """libcst's visitors recurse once per nesting level; allow more than Python's default 1000."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _edit(source: str, tree: ast.Module, findings: List[Finding], choice: Optional[AliasChoice],
          whole_module: bool) -> Tuple[str, List[Fix], List[Tuple[Fix, str]]]:
    """(new text, fixes applied, fixes not applied with why): libcst on the regions, else the module."""
    import libcst as cst

    from noinherit_lint.fixes.apply import apply_fixes
    from noinherit_lint.fixes.regions import edit_regions

    fixes = list(dict.fromkeys(f.fix for f in findings))
    alias = choice.alias if choice else None
    done = None if whole_module else edit_regions(source, tree, fixes, alias)
    if done is None:
        result = apply_fixes(cst.parse_module(source), source, fixes, alias)
        done = result.module.code, result.applied, result.unmatched
    return done
