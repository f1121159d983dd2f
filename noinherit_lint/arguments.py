"""What a call's arguments say, read from the ast alone (no name resolution): the helpers every
rule shares, so that a question such as "does this call pass close_fds=False?" is answered once.

Literal predicates look at one expression; `argument` finds an argument by position or keyword;
the subprocess helpers know `Popen`'s positional parameters, which ``call``, ``check_call``,
``check_output`` and ``run`` pass on.
"""

from __future__ import annotations

import ast
from typing import Dict, Optional

from noinherit_lint.analysis.nodes import walk

# --------------------------------------------------------------------------- literals


def is_true(expr: Optional[ast.expr]) -> bool:
    """A literal true value: ``True`` or a non-zero int."""
    return isinstance(expr, ast.Constant) and type(expr.value) in (bool, int) and bool(expr.value)


def is_false(expr: Optional[ast.expr]) -> bool:
    """A literal false value: ``False`` or ``0``."""
    return isinstance(expr, ast.Constant) and type(expr.value) in (bool, int) and not expr.value


def is_none(expr: Optional[ast.expr]) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is None


def is_zero(expr: Optional[ast.expr]) -> bool:
    """A literal number equal to zero (``0``, ``0.0``), not ``False``."""
    return isinstance(expr, ast.Constant) and expr.value == 0 and not isinstance(expr.value, bool)


def is_int_literal(expr: Optional[ast.expr]) -> bool:
    """An int literal (not a bool)."""
    return isinstance(expr, ast.Constant) and type(expr.value) is int


def mentions(expr: ast.AST, name: str) -> bool:
    """Does `name` appear in `expr` as a name or an attribute (``SCM_RIGHTS``, ``x.SCM_RIGHTS``)?"""
    return any(
        (isinstance(node, ast.Name) and node.id == name) or (isinstance(node, ast.Attribute) and node.attr == name)
        for node in walk(expr)
    )


# --------------------------------------------------------------------------- arguments


def has_starargs(call: ast.Call) -> bool:
    """``*args`` or ``**kwargs``: arguments the ast cannot see."""
    return any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords)


def keyword(call: ast.Call, name: str) -> Optional[ast.keyword]:
    for given in call.keywords:
        if given.arg == name:
            return given
    return None


def argument(call: ast.Call, position: int, name: Optional[str] = None) -> Optional[ast.expr]:
    """The argument at `position` (if no ``*args`` come before it) or passed as `name=`."""
    args = call.args
    if position < len(args) and not any(isinstance(a, ast.Starred) for a in args[: position + 1]):
        return args[position]
    if name is not None:
        given = keyword(call, name)
        if given is not None:
            return given.value
    return None


# --------------------------------------------------------------------------- subprocess

SUBPROCESS_CALLS = tuple(
    f"subprocess.{name}" for name in ("Popen", "call", "check_call", "check_output", "run")
)
# Popen's positional parameters (call/check_call/check_output/run pass *popenargs to Popen).
POPEN_POSITIONS = {"stdin": 3, "stdout": 4, "stderr": 5, "close_fds": 7}


def popen_argument(call: ast.Call, name: str) -> Optional[ast.expr]:
    """A `Popen` parameter of a subprocess call, passed by keyword or by position."""
    return argument(call, POPEN_POSITIONS[name], name)


def passes_close_fds_false(call: ast.Call) -> bool:
    """A subprocess call with ``close_fds=False`` (keyword or 8th positional argument)."""
    return is_false(popen_argument(call, "close_fds"))


def stdio_redirected(call: ast.Call, qualname: str,
                     spread: Optional[Dict[str, ast.expr]] = None) -> Optional[bool]:
    """Does subprocess call `qualname` redirect stdin/stdout/stderr?  None: ``*args``/``**kwargs``
    may.  ``check_output`` always does; ``run`` also with ``capture_output=`` or ``input=``.

    `spread` is what the one ``**kwargs`` of the call is known to hold (``kwargs = dict(stdin=PIPE)``
    in the same function, read by `noinherit_lint.analysis.bindings.dict_keywords`): its keywords
    count as given, and the call is then judged like one without ``**``.  Every rule that asks
    about redirection (NIH301, NIH303) calls this, so they agree."""
    if qualname == "subprocess.check_output":
        return True

    def given(name: str) -> Optional[ast.expr]:
        found = keyword(call, name)
        if found is not None:
            return found.value
        return spread.get(name) if spread is not None else None

    for name in ("stdin", "stdout", "stderr"):
        value = popen_argument(call, name)
        if value is None and spread is not None:
            value = spread.get(name)
        if value is not None and not is_none(value):
            return True
    if qualname == "subprocess.run":
        capture = given("capture_output")
        if capture is not None and not is_false(capture):
            return True
        data = given("input")
        if data is not None and not is_none(data):
            return True
    if spread is not None and not any(isinstance(a, ast.Starred) for a in call.args) and \
            sum(1 for k in call.keywords if k.arg is None) == 1:
        return False
    return None if has_starargs(call) else False
