"""The runtime import: under which name a module reaches the runtime, and adding that import.

No libcst here (the CLI must start fast): the import is placed in the text (`insert_import`).

`settings.runtime_module` is a dotted path (``noinherit_ftools.ftools``, ``ftools``, or a
relative one such as ``..util.ftools`` computed by ``--vendor``).  A module reaches it as

* ``from a.b import c [as alias]`` for ``a.b.c`` (and ``from ..util import c`` for ``..util.c``),
* ``import c [as alias]`` for a top-level module ``c``.

If the module already imports the runtime unconditionally at module level, and nothing else binds
that name, the existing name is reused.  Otherwise the import is added once, under the last part of
the path (``ftools``) or, when the module already uses that name for anything (an import, def,
class, assignment, parameter, type parameter, global, or even a read of an undefined name), under
the first free name of ``ftools_``, ``ftools_2``, ``ftools_3``, ...

Where: in the module's first block of imports (after the docstring and ``from __future__``
imports), in the section and at the place that isort and ruff's ``I001`` would give it
(`sections`): the installed runtime with the third-party imports, a vendored copy with the
first-party (absolute) or local (relative) ones, sorted among them; a section of its own, between
blank lines, when the module has none of that kind.  A module without imports gets it right after
its docstring and ``__future__`` imports.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import List, Optional, Tuple

from noinherit_lint.fixes.positions import LineColumns
from noinherit_lint.fixes.sections import ImportSections, sort_key
from noinherit_lint.lines import ending_of, split_lines
from noinherit_lint.names import ModuleNames


@dataclass(frozen=True)
class RuntimeImport:
    """Where the runtime lives: ``from <package> import <name>`` or ``import <name>``."""

    package: Optional[str]  # "a.b", ".", "..util"; None for a top-level module
    name: str

    @classmethod
    def parse(cls, runtime_module: str) -> "RuntimeImport":
        dots = len(runtime_module) - len(runtime_module.lstrip("."))
        package, _, name = runtime_module[dots:].rpartition(".")
        if dots:
            return cls("." * dots + package, name)
        return cls(package or None, name)

    def statement(self, alias: str) -> str:
        suffix = "" if alias == self.name else f" as {alias}"
        if self.package is None:
            return f"import {self.name}{suffix}"
        return f"from {self.package} import {self.name}{suffix}"

    def sort_position(self, sections: ImportSections) -> Tuple[int, Tuple]:
        """(section, key within it) of this import, as isort would sort it."""
        if self.package is None:
            return sections.section(self.name, 0), sort_key(self.name, 0, False)
        dots = len(self.package) - len(self.package.lstrip("."))
        module = self.package[dots:]
        return sections.section(module, dots), sort_key(module, dots, True)

    def _bound_by(self, node: ast.stmt) -> Optional[str]:
        """The name `node` binds to the runtime module, if it is an import of it."""
        if isinstance(node, ast.ImportFrom) and self.package is not None:
            dots = len(self.package) - len(self.package.lstrip("."))
            module = self.package[dots:] or None
            if node.level == dots and node.module == module:
                for alias in node.names:
                    if alias.name == self.name:
                        return alias.asname or alias.name
        if isinstance(node, ast.Import):
            full = self.name if self.package is None else f"{self.package}.{self.name}"
            for alias in node.names:
                if alias.name == full and (alias.asname or "." not in full):
                    return alias.asname or alias.name
        return None


@dataclass(frozen=True)
class AliasChoice:
    alias: str
    needs_import: bool


def choose_alias(tree: ast.Module, runtime: RuntimeImport, source: Optional[str] = None) -> AliasChoice:
    """The name to call the runtime by in `tree`, and whether its import must be added.

    With `source` (the text of `tree`) given, a module whose text never mentions the name skips
    the walk over the tree: nothing can bind or use it.
    """
    if source is not None and runtime.name not in source:
        return AliasChoice(runtime.name, needs_import=True)
    names = ModuleNames(tree, star_exports={}, fallbacks=False)  # a None fallback is a rebinding here
    for statement in tree.body:
        alias = runtime._bound_by(statement)
        if alias is not None and names.binding_count(alias) == 1:
            return AliasChoice(alias, needs_import=False)
    used = names.names_bound_or_declared() | {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    candidates = [runtime.name, runtime.name + "_"] + [f"{runtime.name}_{n}" for n in range(2, 1000)]
    for candidate in candidates:
        if candidate not in used:
            return AliasChoice(candidate, needs_import=True)
    raise ValueError(f"no free name for {runtime.name}")  # pragma: no cover - 1000 names taken


def _ast_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, (str, bytes))
    )


def _ast_future(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.ImportFrom) and statement.module == "__future__" and not statement.level


def _statement_position(statement: ast.stmt, sections: ImportSections) -> Tuple[int, Tuple]:
    if isinstance(statement, ast.Import):
        module = statement.names[0].name
        return sections.section(module, 0), sort_key(module, 0, False)
    module = statement.module or ""
    return sections.section(module, statement.level), sort_key(module, statement.level, True)


def _attached_comments_start(lines: List[str], statement: ast.stmt, floor: int) -> int:
    """The 0-based line where `statement` starts with the comment lines directly above it (isort
    moves them with it); never above line `floor`."""
    at = statement.lineno - 1
    while at - 1 >= floor and lines[at - 1].lstrip().startswith("#"):
        at -= 1
    return at


def _member_key(name: str) -> Tuple[int, str]:
    """isort's and ruff's order-by-type for the names of one ``from`` import."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name.lower()


def _merge_into(lines: List[str], block: List[ast.stmt], runtime: RuntimeImport, alias: str) -> Optional[str]:
    """The text with the runtime's name added to an existing one-line ``from <package> import ...``
    of the same package (isort and ruff combine them), or None when there is none to extend."""
    if runtime.package is None or alias != runtime.name:
        return None
    dots = len(runtime.package) - len(runtime.package.lstrip("."))
    module = runtime.package[dots:] or None
    for statement in block:
        if not (isinstance(statement, ast.ImportFrom) and statement.module == module and statement.level == dots):
            continue
        line = lines[statement.lineno - 1]
        body = line.rstrip("\r\n")
        if statement.lineno != statement.end_lineno or any(c in body for c in "()\\#;") or \
                any(a.name == "*" for a in statement.names):
            continue
        names = [a.name if a.asname is None else f"{a.name} as {a.asname}" for a in statement.names]
        at = next((i for i, a in enumerate(statement.names) if _member_key(a.name) > _member_key(alias)),
                  len(names))
        names.insert(at, alias)
        head = body[:body.index(" import ") + len(" import ")]
        lines[statement.lineno - 1] = head + ", ".join(names) + line[len(body):]
        return "".join(lines)
    return None


def _after_docstring_and_futures(body: List[ast.stmt]) -> int:
    """The index of the first statement after the docstring and the ``__future__`` imports."""
    index = 1 if body and _ast_docstring(body[0]) else 0
    for position in range(index, len(body)):
        if _ast_future(body[position]):
            index = position + 1
    return index


def head_end_line(tree: ast.Module) -> Optional[int]:
    """The last line of the statements `place_import` reads: the end of the first statement after
    the docstring, the ``__future__`` imports and the first import block; None when there is no
    such statement (then it reads them all).  The ast of the text up to there is enough for it."""
    body = tree.body
    for statement in body[_after_docstring_and_futures(body):]:
        if not isinstance(statement, (ast.Import, ast.ImportFrom)):
            return statement.end_lineno
    return None


def place_import(source: str, tree: ast.Module, runtime: RuntimeImport, alias: str,
                 sections: Optional[ImportSections]) -> str:
    """`source` with the runtime import in the module's first import block, where isort puts it.

    Falls back to `insert_import` when the module has no such block, or its imports share lines.
    """
    statement_text = runtime.statement(alias)
    sections = ImportSections() if sections is None else sections
    body = tree.body
    index = _after_docstring_and_futures(body)
    block: List[ast.stmt] = []
    for statement in body[index:]:
        if not isinstance(statement, (ast.Import, ast.ImportFrom)):
            break
        block.append(statement)
    previous_end = body[index - 1].end_lineno if index else 0
    ends = [previous_end] + [s.end_lineno for s in block]
    if not block or any(s.lineno <= end for s, end in zip(block, ends)):
        return insert_import(source, tree, statement_text)
    lines = split_lines(source)
    if block[-1].end_lineno >= len(lines) and not ending_of(lines[-1]):
        return insert_import(source, tree, statement_text)
    newline = ending_of(lines[0]) or "\n"
    merged = _merge_into(lines, block, runtime, alias)
    if merged is not None:
        return merged
    section, key = runtime.sort_position(sections)
    positions = [_statement_position(s, sections) for s in block]
    floor = previous_end if index else (block[0].lineno - 1)
    later = [i for i, (sec, k) in enumerate(positions) if sec == section and k > key]
    same = [i for i, (sec, _) in enumerate(positions) if sec == section]
    lower = [i for i, (sec, _) in enumerate(positions) if sec < section]
    if later:
        first = later[0]
        at = _attached_comments_start(lines, block[first], block[first - 1].end_lineno if first else floor)
        new = [statement_text + newline]
    elif same:
        at, new = block[same[-1]].end_lineno, [statement_text + newline]
    elif lower:
        at, new = block[lower[-1]].end_lineno, [newline, statement_text + newline]
        if at < len(lines) and lines[at].strip():
            new.append(newline)
    else:
        at = _attached_comments_start(lines, block[0], floor)
        new = [statement_text + newline, newline]
    lines[at:at] = new
    return "".join(lines)


def _blank_lines_before(statement: ast.stmt, newline: str) -> List[str]:
    """The blank lines an import put in front of `statement` leaves between them, as isort and
    ruff do: none before another import, two before a function or class (pycodestyle E302),
    one before other code."""
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        return []
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [newline, newline]
    return [newline]


def insert_import(source: str, tree: ast.Module, statement_text: str) -> str:
    """`source` with `statement_text` added after its docstring and ``__future__`` imports.

    `tree` may be the ast of an older version of `source` that differs only after the insertion
    point (the codemod's edits are all in later statements).  Blank lines: the import takes the
    blank lines that stood before the next statement; when that statement is not an import it keeps
    its own too.  At the top of a module the import is followed by `_blank_lines_before` the next
    statement.  A next statement that shares its line with the docstring or a ``__future__``
    import (``'Doc.'; x = open(p)``) gets the import in front of it on that line
    (``'Doc.'; from noinherit_ftools import ftools; x = ftools.open(p)``), so that the import
    always runs before the code that uses it.
    """
    body = tree.body
    index = _after_docstring_and_futures(body)
    lines = split_lines(source)
    newline = ending_of(lines[0]) if lines and ending_of(lines[0]) else "\n"
    if index >= len(body):  # nothing after them (and so nothing that uses the import)
        return source + ("" if not lines or ending_of(lines[-1]) else newline) + statement_text + newline
    following = body[index]
    first_line = min([following.lineno] + [d.lineno for d in getattr(following, "decorator_list", ())])
    if index == 0:
        at, blank_copy = first_line - 1, _blank_lines_before(following, newline)
    else:
        previous_end = body[index - 1].end_lineno
        if first_line <= previous_end:
            line = lines[first_line - 1]
            column = LineColumns(source).char_column(first_line, following.col_offset)
            lines[first_line - 1] = line[:column] + statement_text + "; " + line[column:]
            return "".join(lines)
        gap = lines[previous_end:first_line - 1]
        blanks = 0
        while blanks < len(gap) and not gap[blanks].strip():
            blanks += 1
        at = previous_end + blanks
        blank_copy = [] if isinstance(following, (ast.Import, ast.ImportFrom)) else gap[:blanks]
    lines[at:at] = [statement_text + newline] + blank_copy
    return "".join(lines)
