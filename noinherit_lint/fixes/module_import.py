"""Adding the runtime import to a libcst `Module`: the fallback for layouts that
`imports.insert_import_text` does not place (same placement rules)."""

from __future__ import annotations

from typing import Sequence

import libcst as cst


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
