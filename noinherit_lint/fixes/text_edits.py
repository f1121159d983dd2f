"""One text edit per fix kind (named in `findings.FixKind.text_edit`): the edits for Python 2 code.

libcst cannot read Python 2, so a Python 2 module is edited as text, at the positions the
detector already has: the front end's tree has the original file's positions.  Each function
makes the edit that the libcst function of the same kind (`edits`) makes, so the linter and the
fixer agree whatever the grammar (tests/py2/test_text_edits.py makes both edits on Python 3
code and compares the bytes):

* ``runtime-callee``: the callee's text becomes ``<alias>.<text>`` (its parentheses stay);
* ``replace`` / ``or-flag``: the expression's text is replaced or gets `` | <text>``, with the
  parentheses libcst would add, decided from the node and its parent in the tree;
* ``add-keyword`` / ``append-argument``: libcst's own edit, on a stand-in of the call in which
  the callee and every argument are placeholder names (the commas, whitespace and comments
  between them are the original text, which is all the edit reads), then the original texts are
  put back.  So the layout rules (one argument per line, trailing comma, a comment after the last
  argument) are libcst's, and the arguments may hold any Python 2.

A function returns a `Replacement`, or raises `edits.EditError` (the finding is then reported as
not fixed, with the reason, and the rest of the file is still fixed).  A replacement's text may
keep pieces of the original (`Piece` ranges), so that fixes inside it (``f(open(p))`` where ``f``
gets a keyword and ``open`` a new callee) are made there too.
"""

from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple, Union

from noinherit_lint.findings import Fix, FixKind
from noinherit_lint.fixes.positions import TextOffsets
from noinherit_lint.lines import ending_of

Piece = Union[str, Tuple[int, int]]  # new text, or the (start, end) of original text kept


@dataclass
class Replacement:
    """Replace the characters [start, end) of the source with `pieces`."""

    start: int
    end: int
    pieces: List[Piece]


class SourceText(TextOffsets):
    """A source text and the character offsets of ast positions in it."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.source = source

    def span(self, node: ast.AST) -> Tuple[int, int]:
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)

    def newline(self, line: int) -> str:
        return ending_of(self.lines[line - 1]) or "\n"


@dataclass(frozen=True)
class Context:
    """Where the matched node stands: its parent in the tree, the text, the runtime's alias."""

    parent: Optional[ast.AST]
    text: SourceText
    runtime_alias: Optional[str]


TextEdit = Callable[[ast.AST, Fix, Context], Replacement]


def text_edit_function(kind: FixKind) -> TextEdit:
    """The text edit function the table of fix kinds names for `kind`."""
    return globals()[kind.text_edit]


def _edit_error(message: str) -> Exception:
    from noinherit_lint.fixes.edits import EditError  # libcst is imported only when a file has fixes

    return EditError(message)


# --------------------------------------------------------------------------- expressions

# The parents (as libcst sees them, `edits._LOOSE_PARENTS`) in which an expression needs no
# parentheses of its own: arguments, elements, assigned and returned values, subscripts...
def _is_loose(node: ast.AST, parent: Optional[ast.AST]) -> bool:
    if parent is None:
        return True
    if isinstance(parent, (ast.keyword, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return, ast.Expr,
                           ast.Starred, ast.arguments, ast.List, ast.Set, ast.Dict)):
        return True
    if isinstance(parent, ast.Tuple):
        return True
    if isinstance(parent, ast.Call):
        return node is not parent.func
    if isinstance(parent, ast.Subscript):
        return node is parent.slice
    return False


# Expressions that never need parentheses (`edits._ATOMS`).
_ATOMS = (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Constant, ast.JoinedStr, ast.List,
          ast.Dict, ast.Set, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# Expressions that bind less tightly than ``|`` (`edits._LOOSER_THAN_OR`).
_LOOSER_THAN_OR = (ast.BoolOp, ast.Compare, ast.IfExp, ast.Lambda, ast.NamedExpr, ast.Yield)


def _is_atom(text: str) -> bool:
    try:
        expression = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise _edit_error(f"fix text {text!r} is not an expression") from None
    return isinstance(expression, _ATOMS)


def _own_parentheses(node: ast.AST, context: Context) -> bool:
    """Is `node` directly inside parentheses of its own?  Only asked where the parent has no
    brackets next to it (operands, attribute values), so adjacent ones are the node's."""
    source = context.text.source
    start, end = context.text.span(node)
    before = source[:start].rstrip()
    after = source[end:].lstrip()
    return before.endswith("(") and after.startswith(")")


def _in_place(node: ast.AST, new: str, context: Context, *, atom: bool) -> List[Piece]:
    """`new` standing where `node` stood (`edits._in_place`)."""
    if atom or _is_loose(node, context.parent) or _own_parentheses(node, context):
        return [new]
    return ["(", new, ")"]


def replace(node: ast.AST, fix: Fix, context: Context) -> Replacement:
    start, end = context.text.span(node)
    return Replacement(start, end, _in_place(node, fix.text, context, atom=_is_atom(fix.text)))


def or_flag(node: ast.AST, fix: Fix, context: Context) -> Replacement:
    start, end = context.text.span(node)
    if isinstance(node, ast.Constant) and type(node.value) is int and node.value == 0:
        return Replacement(start, end, _in_place(node, fix.text, context, atom=_is_atom(fix.text)))
    looser = isinstance(node, _LOOSER_THAN_OR) or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not))
    left: List[Piece] = ["(", (start, end), ")"] if looser else [(start, end)]
    combined = left + [" | " + fix.text]
    if _is_loose(node, context.parent) or _own_parentheses(node, context):
        return Replacement(start, end, combined)
    return Replacement(start, end, ["("] + combined + [")"])


def runtime_flag(node: ast.AST, fix: Fix, context: Context) -> Replacement:
    if context.runtime_alias is None:
        raise _edit_error("no runtime module alias")
    return or_flag(node, dataclasses.replace(fix, text=f"{context.runtime_alias}.{fix.text}"), context)


def runtime_callee(node: ast.AST, fix: Fix, context: Context) -> Replacement:
    if context.runtime_alias is None:
        raise _edit_error("no runtime module alias")
    start, end = context.text.span(node)
    return Replacement(start, end, [f"{context.runtime_alias}.{fix.text}"])


# --------------------------------------------------------------------------- calls


def add_keyword(node: ast.AST, fix: Fix, context: Context) -> Replacement:
    return _libcst_on_stand_in(node, fix, context)


def append_argument(node: ast.AST, fix: Fix, context: Context) -> Replacement:
    return _libcst_on_stand_in(node, fix, context)


def _call_parts(call: ast.Call) -> List[ast.AST]:
    """The callee and the argument expressions, whose text the stand-in replaces."""
    parts: List[ast.AST] = [call.func]
    for argument in call.args:
        parts.append(argument.value if isinstance(argument, ast.Starred) else argument)
    parts.extend(keyword.value for keyword in call.keywords)
    return parts


def _libcst_on_stand_in(call: ast.AST, fix: Fix, context: Context) -> Replacement:
    import libcst as cst

    from noinherit_lint.fixes import edits

    if not isinstance(call, ast.Call):
        raise _edit_error("the span is not a call")
    text = context.text
    start, end = text.span(call)
    call_text = text.source[start:end]
    parts = sorted((text.span(part) for part in _call_parts(call)))
    func_end = text.span(call.func)[1]
    names = []
    pieces, done = [], start
    for index, (part_start, part_end) in enumerate(parts):
        if part_start < done or part_end > end or (index and part_start <= func_end):
            raise _edit_error("an argument shares the call's parentheses (a bare generator expression)")
        name = f"_nih{index}_"
        while name in call_text:
            name += "_"
        names.append((name, (part_start, part_end)))
        pieces.append(text.source[done:part_start])
        pieces.append(name)
        done = part_end
    pieces.append(text.source[done:end])
    stand_in = "".join(pieces)
    newline = text.newline(call.lineno)
    try:
        module = cst.parse_module(stand_in + newline)
        statement = module.body[0]
        node = statement.body[0].value if isinstance(statement, cst.SimpleStatementLine) else None
    except (cst.ParserSyntaxError, IndexError, AttributeError):
        node = None
    if not isinstance(node, cst.Call) or module.code != stand_in + newline:
        raise _edit_error("libcst cannot read the call's layout")
    edit = edits.edit_function(fix.kind)
    printed = module.code_for_node(edit(node, fix.text, edits.Context(parent=None, runtime_alias=context.runtime_alias)))
    result: List[Piece] = []
    position = 0
    for name, original in names:
        found = printed.find(name, position)
        if found < 0 or printed.find(name, found + len(name)) >= 0:
            raise _edit_error("the edit moved an argument")
        result.append(printed[position:found])
        result.append(original)
        position = found + len(name)
    result.append(printed[position:])
    return Replacement(start, end, [piece for piece in result if piece != ""])

