"""The runtime import: under which name a module reaches the runtime, and adding that import.

No libcst here (the CLI must start fast); `module_import` is the libcst fallback.

`settings.runtime_module` is a dotted path (``noinherit_ftools.ftools``, ``ftools``, or a
relative one such as ``..util.ftools`` computed by ``--vendor``).  A module reaches it as

* ``from a.b import c [as alias]`` for ``a.b.c`` (and ``from ..util import c`` for ``..util.c``),
* ``import c [as alias]`` for a top-level module ``c``.

If the module already imports the runtime unconditionally at module level, and nothing else binds
that name, the existing name is reused.  Otherwise the import is added once, right after the
module docstring and any ``from __future__`` imports, under the last part of the path (``ftools``)
or, when the module already uses that name for anything (an import, def, class, assignment,
parameter, global, or even a read of an undefined name), under the first free name of
``ftools_``, ``ftools_2``, ``ftools_3``, ...
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from noinherit_lint.fixes.positions import split_lines


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


def _bindings_and_uses(tree: ast.AST):
    """(Counter of names bound anywhere, set of every identifier used as a name anywhere)."""
    bound: Counter = Counter()
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
            if not isinstance(node.ctx, ast.Load):
                bound[node.id] += 1
        elif isinstance(node, ast.arg):
            bound[node.arg] += 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[node.name] += 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound[alias.asname or alias.name.partition(".")[0]] += 1
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            used.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound[node.name] += 1
        else:
            for field in ("name", "rest"):  # match patterns (MatchAs, MatchStar, MatchMapping)
                value = getattr(node, field, None) if type(node).__name__.startswith("Match") else None
                if isinstance(value, str):
                    bound[value] += 1
    used.update(bound)
    return bound, used


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
    bound, used = _bindings_and_uses(tree)
    for statement in tree.body:
        alias = runtime._bound_by(statement)
        if alias is not None and bound[alias] == 1:
            return AliasChoice(alias, needs_import=False)
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


def insert_import_text(source: str, tree: ast.Module, statement_text: str) -> Optional[str]:
    """Add `statement_text` after the docstring and ``__future__`` imports of `source`.

    `tree` may be the ast of an older version of `source` that differs only after the insertion
    point.  Blank lines: the import takes the blank lines that stood before the next statement;
    when that statement is not an import it keeps its own too.  None for layouts this does not
    handle (a statement sharing a line with the docstring or a ``__future__`` import, nothing after
    them); `module_import.insert_import` (libcst) handles those.
    """
    body = tree.body
    index = 1 if body and _ast_docstring(body[0]) else 0
    for position in range(index, len(body)):
        if _ast_future(body[position]):
            index = position + 1
    if index >= len(body):
        return None
    following = body[index]
    first_line = min([following.lineno] + [d.lineno for d in getattr(following, "decorator_list", ())])
    lines = split_lines(source)
    newline = lines[0][len(lines[0].rstrip("\r\n")):] or "\n"
    if index == 0:
        at, blank_copy = first_line - 1, []
    else:
        previous_end = body[index - 1].end_lineno
        if first_line <= previous_end:
            return None
        gap = lines[previous_end:first_line - 1]
        blanks = 0
        while blanks < len(gap) and not gap[blanks].strip():
            blanks += 1
        at = previous_end + blanks
        blank_copy = [] if isinstance(following, (ast.Import, ast.ImportFrom)) else gap[:blanks]
    lines[at:at] = [statement_text + newline] + blank_copy
    return "".join(lines)
