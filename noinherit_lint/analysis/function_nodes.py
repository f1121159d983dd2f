"""One walk of a function's code, remembered for every handle made in it (issue 10, speed).

`body_of(index, function)` gives a `Body` -- computed the first time a rule asks about a handle
made in that function (or module: any node with a ``body``), then kept in the module's index:

- `nodes`: every node inside with a position, in ``ast.walk`` order stably sorted by
  (line, column), so the nodes after a statement are a suffix (`after`);
- `calls`: the calls the code itself executes (`index.calls_in` of its body: nested function and
  class bodies left out), stably sorted the same way;
- `except_lines`: the (first, last) lines of every ``except`` handler inside;
- `declared`: the names declared ``global`` or ``nonlocal`` anywhere inside.

The lifetime analysis asked for each of these with its own walk of the function, per handle.
"""

from __future__ import annotations

import ast
from bisect import bisect_right
from operator import attrgetter
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Tuple

from noinherit_lint.analysis.index import ModuleIndex, calls_in
from noinherit_lint.analysis.nodes import walk

Position = Tuple[int, int]
_MEMO = "function_nodes.bodies"


@dataclass(frozen=True)
class Body:
    nodes: List[ast.AST]
    starts: List[Position]  # (lineno, col_offset) of each of `nodes`
    calls: List[ast.Call]
    except_lines: List[Tuple[int, int]]
    declared: FrozenSet[str]

    def after(self, end: Position) -> List[ast.AST]:
        """The nodes that start after `end`, in position order."""
        return self.nodes[bisect_right(self.starts, end):]


def body_of(index: ModuleIndex, function: ast.AST) -> Body:
    bodies: Dict[int, Body] = index.memo.setdefault(_MEMO, {})  # type: ignore[assignment]
    body = bodies.get(id(function))
    if body is None:
        body = bodies[id(function)] = _walk(function)
    return body


def _walk(function: ast.AST) -> Body:
    positioned: List[ast.AST] = []
    except_lines: List[Tuple[int, int]] = []
    declared: List[str] = []
    keep = positioned.append
    has_position = _HAS_POSITION
    for node in walk(function):
        kind = type(node)
        known = has_position.get(kind)
        if known is None:
            known = has_position[kind] = "lineno" in kind._attributes  # type: ignore[attr-defined]
        if not known:
            continue  # a context, operator, ``arguments``...: no position, and neither kind below
        if getattr(node, "end_lineno", None) is not None and hasattr(node, "lineno"):
            keep(node)
        if isinstance(node, _STATEMENT_LIKE):
            if isinstance(node, ast.ExceptHandler):
                except_lines.append((node.lineno, node.end_lineno))
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                declared.extend(node.names)
    positioned.sort(key=_start)
    calls = sorted(calls_in(function.body), key=_start)  # type: ignore[attr-defined]
    return Body(positioned, [(n.lineno, n.col_offset) for n in positioned], calls,  # type: ignore[attr-defined]
                except_lines, frozenset(declared))


# type -> whether its nodes have a position (``lineno`` among its ``_attributes``); the nodes of the
# other types (about half of a function's: ``Load``, ``Store``, operators) are skipped at once.
_HAS_POSITION: Dict[type, bool] = {}
_STATEMENT_LIKE = (ast.stmt, ast.excepthandler)  # the kinds below, in one test for the common case
_start = attrgetter("lineno", "col_offset")  # a node's Position
