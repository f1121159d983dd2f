"""The runtime import: under which name a module reaches the runtime, and adding that import.

No libcst here (the CLI must start fast): the import is placed in the text (`insert_import`).

`settings.runtime_module` is a dotted path (``noinherit_ftools.ftools``, ``ftools``, or a
relative one such as ``..util.ftools`` computed by ``--vendor``).  A module reaches it as

* ``from a.b import c [as alias]`` for ``a.b.c`` (and ``from ..util import c`` for ``..util.c``),
* ``import c [as alias]`` for a top-level module ``c``.

If the module already imports the runtime unconditionally at module level, and nothing else binds
that name, the existing name is reused.  Otherwise the import is added once, right after the
module docstring and any ``from __future__`` imports, under the last part of the path (``ftools``)
or, when the module already uses that name for anything (an import, def, class, assignment,
parameter, type parameter, global, or even a read of an undefined name), under the first free name of
``ftools_``, ``ftools_2``, ``ftools_3``, ...
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Optional

from noinherit_lint.fixes.positions import LineColumns
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


def insert_import(source: str, tree: ast.Module, statement_text: str) -> str:
    """`source` with `statement_text` added after its docstring and ``__future__`` imports.

    `tree` may be the ast of an older version of `source` that differs only after the insertion
    point (the codemod's edits are all in later statements).  Blank lines: the import takes the
    blank lines that stood before the next statement; when that statement is not an import it keeps
    its own too.  A next statement that shares its line with the docstring or a ``__future__``
    import (``'Doc.'; x = open(p)``) gets the import in front of it on that line
    (``'Doc.'; from noinherit_ftools import ftools; x = ftools.open(p)``), so that the import
    always runs before the code that uses it.
    """
    body = tree.body
    index = 1 if body and _ast_docstring(body[0]) else 0
    for position in range(index, len(body)):
        if _ast_future(body[position]):
            index = position + 1
    lines = split_lines(source)
    newline = ending_of(lines[0]) if lines and ending_of(lines[0]) else "\n"
    if index >= len(body):  # nothing after them (and so nothing that uses the import)
        return source + ("" if not lines or ending_of(lines[-1]) else newline) + statement_text + newline
    following = body[index]
    first_line = min([following.lineno] + [d.lineno for d in getattr(following, "decorator_list", ())])
    if index == 0:
        at, blank_copy = first_line - 1, []
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
