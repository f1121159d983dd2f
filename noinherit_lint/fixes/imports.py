"""The runtime import: under which name a module reaches the runtime, and adding that import.

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
from typing import Optional, Sequence

import libcst as cst

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


def _is_docstring(statement: cst.CSTNode) -> bool:
    return (  # a docstring may share its line with other statements: `"""Doc."""; import os`
        isinstance(statement, cst.SimpleStatementLine)
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _is_future_import(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, cst.ImportFrom)
        and isinstance(small.module, cst.Name)
        and small.module.value == "__future__"
        and not small.relative
        for small in statement.body
    )


def _is_import(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _leading_blank_lines(lines: Sequence[cst.EmptyLine]) -> int:
    count = 0
    for line in lines:
        if line.comment is not None:
            break
        count += 1
    return count


def insert_import(module: cst.Module, statement_text: str) -> cst.Module:
    """`module` with `statement_text` added after its docstring and `__future__` imports."""
    body = list(module.body)
    index = 0
    if body and _is_docstring(body[0]):
        index = 1
    for position in range(index, len(body)):
        if _is_future_import(body[position]):
            index = position + 1
    new = cst.parse_statement(statement_text + module.default_newline, config=module.config_for_parsing)
    if index < len(body):
        following = body[index]
        blanks = _leading_blank_lines(following.leading_lines) if index > 0 else 0
        new = new.with_changes(leading_lines=following.leading_lines[:blanks])
        if _is_import(following):
            body[index] = following.with_changes(leading_lines=following.leading_lines[blanks:])
    elif index > 0:
        new = new.with_changes(leading_lines=())
    body.insert(index, new)
    return module.with_changes(body=body)


def _ast_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, (str, bytes))
    )


def _ast_future(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.ImportFrom) and statement.module == "__future__" and not statement.level


def insert_import_text(source: str, tree: ast.Module, statement_text: str) -> Optional[str]:
    """`insert_import` done on the text, with `tree` parsed from the lines before the insertion point.

    Same placement and blank-line handling as `insert_import`; None for layouts it does not
    handle (a statement sharing a line with the docstring or a ``__future__`` import, a module
    with nothing after them), for which the caller uses `insert_import`.
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
