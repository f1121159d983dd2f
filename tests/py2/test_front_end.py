"""The Python 2 front end, one construct at a time: tree shape, original positions, errors.

Each case is a Python 2 snippet with the calls it holds, as (line, col, end line, end col,
callee) in the original text.  `PYTHON2_ONLY` is appended to each, so that the snippets that are
also valid Python 3 (``print >>f, x`` is a tuple there) go through the Python 2 front end too.  The same snippets are fed to Python 2.7's own parser
(`dump_sites_py27.py`) when pyenv has a 2.7, so the expectations are not just ours.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from noinherit_lint import parsing, py2
from tests.py2.sites import DUMPER, dotted, our_sites

# name -> (source, [(line, col, end_line, end_col, callee)])
CASES = {
    "print statement": ('print "x", f(1)\n', [(1, 11, 1, 15, "f")]),
    "print trailing comma": ("print f(1),\n", [(1, 6, 1, 10, "f")]),
    "print to a file": ("print >>sys.stderr, g(2),\n", [(1, 20, 1, 24, "g")]),
    "print to a file, no space": ("print>>f,g(2)\n", [(1, 9, 1, 13, "g")]),
    "bare print": ("print\nf(1)\n", [(2, 0, 2, 4, "f")]),
    "print with parentheses": ("print(f(1))\n", [(1, 6, 1, 10, "f")]),
    "exec in namespace": ('exec "a" in d, f(1)\n', [(1, 15, 1, 19, "f")]),
    "exec with parentheses": ("exec(f(1))\n", [(1, 5, 1, 9, "f")]),
    "backticks": ("x = `h(3)` + `y`\n", [(1, 5, 1, 9, "h")]),
    "not equal": ("if a <> f(1): pass\n", [(1, 8, 1, 12, "f")]),
    "except comma": ("try:\n    pass\nexcept (IOError, OSError), e: k(4)\n", [(3, 30, 3, 34, "k")]),
    "except comma, no space": ("try:\n    pass\nexcept E,e: k(4)\n", [(3, 12, 3, 16, "k")]),
    "except tuple target": ("try:\n    pass\nexcept E, (a, b): k(a)\n", [(3, 18, 3, 22, "k")]),
    "except attribute target": ("try:\n    pass\nexcept E, self.e: k(4)\n", [(3, 18, 3, 22, "k")]),
    "raise with value and traceback": ("raise E, V(5), tb; m(6)\n", [(1, 9, 1, 13, "V"), (1, 19, 1, 23, "m")]),
    "tuple parameters": ("def f(a, (b, c)=(1, 2)): n(7)\n", [(1, 25, 1, 29, "n")]),
    "tuple parameters after a default": ("def f(a=1, (b, (c,))=(2, (3,))): n(b)\n", [(1, 33, 1, 37, "n")]),
    "lambda tuple parameter": ("y = lambda (a, b): o(8)\n", [(1, 19, 1, 23, "o")]),
    "octal and long literals": ("z = 0777L + p(9) + 10L+q(10) + 0xffL\n", [(1, 12, 1, 16, "p"), (1, 23, 1, 28, "q")]),
    "long before an attribute": ("x = 7L.bit_length() + f(1)\n", [(1, 4, 1, 19, "?.bit_length"), (1, 22, 1, 26, "f")]),
    "ur prefix": ("s = ur'\\d' + r(11)\n", [(1, 13, 1, 18, "r")]),
    "bytes with non-ASCII": ("# -*- coding: utf-8 -*-\ns = b'\xe9' + r(1)\n", [(2, 12, 2, 16, "r")]),
    "unicode escape in a byte string": ("s = 'C:\\users\\N' + r(1)\n", [(1, 19, 1, 23, "r")]),
    "list comprehension over a bare tuple": ("x = [f(a) for a in 1, 2 if a]\n", [(1, 5, 1, 9, "f")]),
    "async and nonlocal as names": ("async = nonlocal = 1; f(async)\n", [(1, 22, 1, 30, "f")]),
    "True as an attribute": ("x = m.True; f(m.False)\n", [(1, 12, 1, 22, "f")]),
    "non-ASCII before an edit": ("s = 'é'; print g(1)\n", [(1, 16, 1, 20, "g")]),
    "mixed tabs and spaces": ("if 1:\n        x = 1\n\tf(x) <> 0\n", [(3, 1, 3, 5, "f")]),
    "print as a name with the future import": (
        "from __future__ import print_function\nprint(f(1))\nx = 0777\n",
        [(2, 0, 2, 11, "print"), (2, 6, 2, 10, "f")],
    ),
}


PYTHON2_ONLY = "x = 07\n"


def calls_of(tree):
    return sorted((n.lineno, n.col_offset, n.end_lineno, n.end_col_offset, dotted(n.func))
                  for n in ast.walk(tree) if isinstance(n, ast.Call))


@pytest.mark.parametrize("name", CASES)
def test_calls_keep_their_original_positions(name):
    source, calls = CASES[name]
    parsed = parsing.parse(source + PYTHON2_ONLY)
    assert parsed.grammar == parsing.PYTHON2
    assert calls_of(parsed.tree) == sorted(calls)


def test_the_same_call_sites_as_python_27s_own_parser(python27, tmp_path):
    paths = []
    for index, (source, _) in enumerate(CASES.values()):
        source += PYTHON2_ONLY
        path = tmp_path / f"case{index}.py"
        if not source.isascii() and "coding" not in source:  # 2.7 needs the cookie
            source = "# -*- coding: utf-8 -*-\n" + source
        path.write_bytes(source.encode("utf-8"))
        paths.append(path)
    listing = "".join(f"{p}\n" for p in paths)
    out = subprocess.run([python27, str(DUMPER)], input=listing, capture_output=True, text=True, check=True)
    records = [json.loads(line) for line in out.stdout.splitlines()]
    for path, record in zip(paths, records):
        assert record["compiles"], path.read_text("utf-8")
        tree = parsing.parse(path.read_text("utf-8")).tree
        calls, imports = our_sites(tree)
        assert calls == record["calls"], path.read_text("utf-8")
        assert imports == record["imports"]


def test_no_yield_or_call_stands_for_print_and_exec():
    tree = py2.parse('def f():\n    print "x"\n    print\n    exec "y" in d\n    print >>e, g\n')
    body = tree.body[0].body
    assert [type(s.value).__name__ for s in body] == ["Tuple", "Tuple", "Compare", "Tuple"]
    assert ast.unparse(body[0].value) == "('x',)"  # one string operand: not a docstring look-alike
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Yield, ast.Call, ast.UnaryOp))]
    empty = body[1].value
    assert (empty.lineno, empty.col_offset, empty.end_col_offset) == (3, 4, 9)


def test_raise_keeps_being_a_raise():
    tree = py2.parse("if x:\n    raise E, 'v'\n")
    raise_ = tree.body[0].body[-1]
    assert isinstance(raise_, ast.Raise)
    assert [ast.unparse(e) for e in raise_.exc.elts] == ["E", "'v'"]


def test_except_targets_bind_names():
    tree = py2.parse("try:\n    pass\nexcept os.error, (errno, msg):\n    pass\n")
    handler = tree.body[0].handlers[0]
    assert ast.unparse(handler.type) == "os.error" and handler.name is None
    assign = handler.body[0]
    assert isinstance(assign, ast.Assign)
    assert [(n.id, type(n.ctx).__name__) for n in assign.targets[0].elts] == [("errno", "Store"), ("msg", "Store")]
    simple = py2.parse("try:\n    pass\nexcept E, e:\n    pass\n").body[0].handlers[0]
    assert simple.name == "e" and (simple.end_lineno, simple.end_col_offset) == (4, 8)


def test_names_that_are_python_3_keywords_come_back():
    tree = py2.parse("def f(async=1, await=2):\n    nonlocal_ = x.async\nprint async\n")
    names = {getattr(n, "arg", None) or getattr(n, "id", None) or getattr(n, "attr", None)
             for n in ast.walk(tree)}
    assert {"async", "await"} <= names
    assert not any(str(name).startswith(("asy_", "awa_")) for name in names)


def test_end_positions_after_shortened_and_lengthened_tokens():
    tree = py2.parse("x = f(ur'a', 10L, 0777)\n")
    call = tree.body[0].value
    spans = [(a.col_offset, a.end_col_offset) for a in call.args]
    assert spans == [(6, 11), (13, 16), (18, 22)]
    assert (call.col_offset, call.end_col_offset) == (4, 23)
    assert [a.value for a in call.args] == ["a", 10, 511]


def test_strings_and_comments_are_never_edited():
    source = "x = 'print 1 <> 2, `y`, 0777'  # except E, e: 10L\nprint x\n"
    tree = py2.parse(source)
    assert tree.body[0].value.value == "print 1 <> 2, `y`, 0777"


def test_a_syntax_error_is_reported_at_the_original_position():
    with pytest.raises(parsing.Unparsable) as caught:
        parsing.parse("print 'x'\ntry:\n    pass\nexcept E, e:\nx = = 1\n")
    error = caught.value
    assert error.grammar == parsing.PYTHON2 and error.line == 5
    assert str(error).startswith("as Python 2.7: line 5: ")
    assert "as Python 3: line 1: " in str(error)


@pytest.mark.parametrize("source, line, col", [
    ("import os\nx = 1\0\n", 2, 5),
    (b"a = 1\r\nb = 'caf\xc3\xa9\0'\r\n", 2, 10),  # UTF-8 byte column, CRLF lines
    ("a = 1\rb = 2\r\0", 3, 0),  # bare CR is a line break too
])
def test_a_nul_byte_is_unparsable_at_the_byte(source, line, col):
    with pytest.raises(parsing.Unparsable) as caught:
        parsing.parse(source)
    error = caught.value
    assert (error.line, error.col) == (line, col)
    assert str(error) == f"as Python 3 and 2.7: line {line}: source code string cannot contain null bytes"


def test_python_3_source_is_read_as_python_3():
    parsed = parsing.parse("print(open('x'))\n")
    assert parsed.grammar == parsing.PYTHON3
    assert calls_of(parsed.tree)[0][4] == "print"


def test_bytes_are_decoded_like_python_reads_them():
    source = "# -*- coding: latin-1 -*-\nprint 'caf\xe9', f(1)\n".encode("latin-1")
    parsed = parsing.parse(source)
    assert parsed.grammar == parsing.PYTHON2
    assert calls_of(parsed.tree) == [(2, 15, 2, 19, "f")]  # UTF-8 byte columns (é is 2), like ast


def test_check_source_reads_python_2():
    from noinherit_lint.checker import check_source
    from noinherit_lint.settings import Settings

    settings = Settings(min_python=(2, 7), min_python_source="test", scope="always")
    source = "import os\nprint >>log, os.dup2(1, 9)\ntry:\n    pass\nexcept OSError, e:\n    pass\n"
    assert [(f.code, f.line, f.col) for f in check_source(source, settings)] == [("NIH201", 2, 13)]


@pytest.mark.skipif(sys.version_info < (3, 8), reason="end positions")
def test_every_node_of_a_python_3_equivalent_has_the_same_positions():
    """A Python 2 file and its hand-written Python 3 twin: identical trees where the code agrees."""
    python2 = "def f(a, b):\n    try:\n        g(a, b)\n    except E, e: h(e, 10L)\n    return a <> b\n"
    python3 = "def f(a, b):\n    try:\n        g(a, b)\n    except E as e: h(e, 10)\n    return a != b\n"
    ours = [(type(n).__name__, getattr(n, "lineno", None), getattr(n, "col_offset", None))
            for n in ast.walk(py2.parse(python2)) if not isinstance(n, ast.expr_context)]
    theirs = [(type(n).__name__, getattr(n, "lineno", None), getattr(n, "col_offset", None))
              for n in ast.walk(ast.parse(python3)) if not isinstance(n, ast.expr_context)]
    # `except E, e:` is 2 columns shorter than `except E as e:`: everything after it moves
    moved = {("Expr", 4, 17): ("Expr", 4, 19), ("Call", 4, 17): ("Call", 4, 19), ("Name", 4, 17): ("Name", 4, 19),
             ("Name", 4, 19): ("Name", 4, 21), ("Constant", 4, 22): ("Constant", 4, 24)}
    assert [moved.get(item, item) for item in ours] == theirs
