"""One function per fix kind (named in `findings.FixKind`): the libcst node that replaces a matched
node.  Each takes the matched node, the fix's text and the `Context` of the match.

Every edit changes as little as possible.  Parentheses around the matched node stay; arguments,
comments and whitespace inside a call stay; a new argument copies the separator the call already
uses between arguments (so a one-per-line call stays one-per-line, and a trailing comma stays
trailing), without copying any comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, List, Optional

import libcst as cst

from noinherit_lint.findings import FixKind

# Nodes that never need parentheses, whatever surrounds them.
_ATOMS = (
    cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float, cst.Imaginary,
    cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.List, cst.Dict, cst.Set,
    cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Ellipsis,
)
# Parents in which any expression but a bare tuple/yield/lambda-less one stands without parentheses.
_LOOSE_PARENTS = (
    cst.Arg, cst.Element, cst.DictElement, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Return,
    cst.Expr, cst.Index, cst.Param, cst.AssignTarget, cst.StarredElement, cst.StarredDictElement,
)
# Expressions that bind less tightly than ``|`` and so need parentheses on its left.
_LOOSER_THAN_OR = (cst.BooleanOperation, cst.Comparison, cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Yield)


class EditError(ValueError):
    """The fix cannot be applied to the node it matched."""


@dataclass(frozen=True)
class Context:
    """Where the matched node stands: its parent, and the name the module reaches the runtime by."""

    parent: Optional[cst.CSTNode]
    runtime_alias: Optional[str]


Edit = Callable[[cst.CSTNode, str, Context], cst.CSTNode]


def edit_function(kind: FixKind) -> Edit:
    """The edit function the table of fix kinds names for `kind`."""
    return globals()[kind.edit]


def _parse(text: str) -> cst.BaseExpression:
    try:
        return cst.parse_expression(text)
    except cst.ParserSyntaxError as exc:
        raise EditError(f"fix text {text!r} is not an expression") from exc


def _parenthesized(node: cst.BaseExpression) -> bool:
    return bool(node.lpar)


def _wrap(node: cst.BaseExpression) -> cst.BaseExpression:
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _in_place(original: cst.BaseExpression, new: cst.BaseExpression,
              parent: Optional[cst.CSTNode]) -> cst.BaseExpression:
    """`new` standing where `original` stood: keep its parentheses, add some only if needed."""
    if _parenthesized(original):
        return new.with_changes(lpar=original.lpar, rpar=original.rpar)
    if isinstance(new, _ATOMS) or isinstance(parent, _LOOSE_PARENTS) or parent is None:
        return new
    return _wrap(new)


def runtime_callee(node: cst.BaseExpression, text: str, context: Context) -> cst.BaseExpression:
    if context.runtime_alias is None:
        raise EditError("no runtime module alias")
    new = _parse(f"{context.runtime_alias}.{text}")
    return new.with_changes(lpar=node.lpar, rpar=node.rpar)


def replace(node: cst.BaseExpression, text: str, context: Context) -> cst.BaseExpression:
    return _in_place(node, _parse(text), context.parent)


def or_flag(node: cst.BaseExpression, text: str, context: Context) -> cst.BaseExpression:
    flag = _parse(text)
    parent = context.parent
    if isinstance(node, cst.Integer) and node.evaluated_value == 0:
        return _in_place(node, flag, parent)
    left = node.with_changes(lpar=[], rpar=[])
    if isinstance(left, _LOOSER_THAN_OR) or (
        isinstance(left, cst.UnaryOperation) and isinstance(left.operator, cst.Not)
    ):
        left = _wrap(left)
    combined = cst.BinaryOperation(
        left=left,
        operator=cst.BitOr(
            whitespace_before=cst.SimpleWhitespace(" "), whitespace_after=cst.SimpleWhitespace(" ")
        ),
        right=flag,
    )
    return _in_place(node, combined, parent)


def runtime_flag(node: cst.BaseExpression, text: str, context: Context) -> cst.BaseExpression:
    if context.runtime_alias is None:
        raise EditError("no runtime module alias")
    return or_flag(node, f"{context.runtime_alias}.{text}", context)


# --------------------------------------------------------------------------- arguments


def _without_comments(whitespace: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    if isinstance(whitespace, cst.ParenthesizedWhitespace):
        return whitespace.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    return whitespace


def _separator(call: cst.Call, args: List[cst.Arg], index: int) -> cst.BaseParenthesizableWhitespace:
    """The whitespace to put after the comma in front of a new argument at `index`."""
    if len(args) >= 2:  # every argument but the last has a comma; take the nearest one
        comma = args[min(max(index - 1, 0), len(args) - 2)].comma
        if isinstance(comma, cst.Comma):
            return _without_comments(comma.whitespace_after)
    if isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
        return _without_comments(call.whitespace_before_args)
    return cst.SimpleWhitespace(" ")


def _split_trailing(trailing: cst.BaseParenthesizableWhitespace,
                    separator: cst.BaseParenthesizableWhitespace):
    """Split the whitespace before ``)`` into (after the old last argument, after the new one).

    A comment that followed the old last argument stays on its line.
    """
    if isinstance(trailing, cst.ParenthesizedWhitespace) and (
        trailing.first_line.comment is not None or trailing.empty_lines
    ):
        if isinstance(separator, cst.ParenthesizedWhitespace):
            after_old = separator.with_changes(first_line=trailing.first_line, empty_lines=trailing.empty_lines)
        else:
            after_old = trailing
        return after_old, _without_comments(trailing)
    return separator, trailing


def _insert(call: cst.Call, new: cst.Arg, index: int) -> cst.Call:
    args = list(call.args)
    if not args:
        return call.with_changes(args=[new])
    separator = _separator(call, args, index)
    if index < len(args):
        new = new.with_changes(comma=cst.Comma(whitespace_after=separator))
        args.insert(index, new)
        return call.with_changes(args=args)
    last = args[-1]
    if isinstance(last.comma, cst.Comma):  # trailing comma: the new argument gets one too
        after_old, before_close = _split_trailing(last.comma.whitespace_after, separator)
        new = new.with_changes(comma=last.comma.with_changes(whitespace_after=before_close))
        last = last.with_changes(comma=last.comma.with_changes(whitespace_after=after_old))
    else:
        after_old, before_close = _split_trailing(last.whitespace_after_arg, separator)
        new = new.with_changes(whitespace_after_arg=before_close)
        last = last.with_changes(
            comma=cst.Comma(whitespace_after=after_old), whitespace_after_arg=cst.SimpleWhitespace("")
        )
    args[-1] = last
    args.append(new)
    return call.with_changes(args=args)


def add_keyword(call: cst.Call, text: str, context: Context) -> cst.Call:
    name, equals, value = text.partition("=")
    if not equals or not name.strip().isidentifier():
        raise EditError(f"keyword fix text {text!r} is not name=value")
    if any(arg.keyword is not None and arg.keyword.value == name.strip() for arg in call.args):
        raise EditError(f"the call already passes {name.strip()}=")
    new = cst.Arg(
        value=_parse(value.strip()),
        keyword=cst.Name(name.strip()),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    return _insert(call, new, len(call.args))


def append_argument(call: cst.Call, text: str, context: Context) -> cst.Call:
    positional = [i for i, arg in enumerate(call.args) if arg.keyword is None and arg.star != "**"]
    index = positional[-1] + 1 if positional else 0
    return _insert(call, cst.Arg(value=_parse(text)), index)
