"""ast byte spans, converted by `positions`, equal libcst's character spans for the same node."""

import ast
import sys

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from noinherit_lint.findings import Span
from noinherit_lint.fixes.positions import LineColumns
from noinherit_lint.lines import split_lines

SOURCES = {
    "non-ascii before the call": 'x = "héllo→"; f = open("p")\n',
    "parenthesised callee": "(open)('x')\n",
    "parenthesised call": "y = (open('x'))\n",
    "call inside a call": "open('q').read()\n",
    "multi-line call": "open(\n    'é',\n    'rb',  # ü\n)\n",
    "f-string": "s = f\"{open('x').name!r:>10}\"\n",
    "crlf and non-ascii": 'a = "ä"\r\nb = open("ö")\r\n',
    "decorator argument": "@deco(open('x'))\ndef f():\n    pass\n",
    "tabs": "if x:\n\topen('x'); y = 'ÿ'; z = open('y')\n",
    "astral characters": "s = '𝔘𝔫𝔦'; open(s)\n",
    "lone carriage returns": "a = 'é'\rb = open('x')\r",
}


def _libcst_spans(source):
    wrapper = MetadataWrapper(cst.parse_module(source))
    positions = wrapper.resolve(PositionProvider)
    return {
        ((r.start.line, r.start.column), (r.end.line, r.end.column))
        for node, r in positions.items()
        if isinstance(node, cst.BaseExpression)
    }


@pytest.mark.parametrize("source", SOURCES.values(), ids=SOURCES.keys())
def test_every_ast_expression_span_is_a_libcst_expression_span(source):
    columns = LineColumns(source)
    libcst_spans = _libcst_spans(source)
    tree = ast.parse(source)
    # Before 3.12, ast positions of nodes inside f-strings are not reliable; skip those there.
    inside_fstring = set()
    if sys.version_info < (3, 12):
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                inside_fstring.update(id(child) for child in ast.walk(node) if child is not node)
    checked = 0
    for node in ast.walk(tree):
        if isinstance(node, (ast.Call, ast.Name, ast.Attribute)) and id(node) not in inside_fstring:
            assert columns.to_chars(Span.of(node)) in libcst_spans, ast.dump(node)
            checked += 1
    assert checked >= 1


def test_byte_to_char_on_a_line_with_multibyte_characters():
    source = 'x = "héllo→"; f = open("p")\n'
    columns = LineColumns(source)
    assert columns.char_column(1, 21) == 18  # what flake8 prints as 22 an editor shows as 19


def test_lines_split_like_the_tokenizer():
    assert split_lines("a\r\nb\rc\nd\x0ce\u2028f") == ["a\r\n", "b\r", "c\n", "d\x0ce\u2028f"]
