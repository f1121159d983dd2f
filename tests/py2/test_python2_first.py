"""Python-2-only files are read as Python 2 first when the scan finds a construct that no Python 3
grammar accepts (`py2.signs`, `scan.Plan.certain`); every file reads exactly as in the usual order
(Python 3 first, then Python 2.7): the same grammar, tree, positions, error and findings.
"""

from __future__ import annotations

import ast
import sys
import warnings

import pytest

from noinherit_lint import parsing, py2
from noinherit_lint.checker import check
from noinherit_lint.fixes.files import FileError, read_source
from noinherit_lint.py2 import scan, signs
from noinherit_lint.settings import Settings
from tests.integration.conftest import stdlib_dir, stdlib_files

SETTINGS = Settings(min_python=(2, 7), min_python_source="test", scope="always")
LEAK = "import os\nos.dup2(1, 9)\n"  # NIH201 at line 2 of every case

# Python 3 files in which the cheap look finds a Python 2 statement that is not code.
PYTHON3_LOOKALIKES = {
    "print in a string": LEAK + 'x = """\nprint x\n"""\n',
    "print in a comment": LEAK + "x = 1  # note: print x\n",
    "except in a docstring": LEAK + 'def f():\n    """Nothing,\n    except E, e: and a <> b\n    raise E, V\n    """\n',
    "exec in a string": LEAK + "s = '''\nexec code in ns\n'''\n",
    "print shift tuple": LEAK + "print >>f, x\n",  # Python 3: a shift in a tuple
    "print in a conditional": LEAK + "y = 1\nprint if y else y\n",
    "print then not in": LEAK + "print not in y\n",
    "raise from": LEAK + "try:\n    pass\nexcept E as e:\n    raise print from e\n",
    "with as": LEAK + "with print as f:\n    pass\n",
    "exec call": LEAK + "exec (code)\n",
    "zero literal": LEAK + "print(00, 0.0777, 1e-07)\nexcept_, raise_ = 1, 2\n",
    "print in an f-string": LEAK + "x = f'''\nprint {y}\n'''\n",
    "except tuple": LEAK + "try:\n    pass\nexcept (A, B):\n    print(x)\n",
}
if sys.version_info >= (3, 12):  # quotes of the f-string's own kind inside it (PEP 701)
    PYTHON3_LOOKALIKES["nested f-string quotes"] = LEAK + 'x = f"{d["a"]} {e[":print x"]}"\n'


def _usual_order(source):
    """What `parsing.parse` read before: Python 3 first, then Python 2.7."""
    try:
        return ast.parse(source), parsing.PYTHON3
    except SyntaxError:
        return py2.parse(source if isinstance(source, str) else parsing.decode(source)), parsing.PYTHON2


def _same_reading(source):
    parsed = parsing.parse(source)
    tree, grammar = _usual_order(source)
    assert parsed.grammar == grammar
    assert ast.dump(parsed.tree, include_attributes=True) == ast.dump(tree, include_attributes=True)
    assert [(f.code, f.line, f.col, f.message) for f in check(parsed.tree, SETTINGS)] == \
        [(f.code, f.line, f.col, f.message) for f in check(tree, SETTINGS)]
    return parsed


@pytest.mark.parametrize("name", sorted(PYTHON3_LOOKALIKES))
def test_a_python_3_file_with_a_python_2_lookalike_reads_as_before(name):
    source = PYTHON3_LOOKALIKES[name]
    ast.parse(source)  # it is Python 3
    parsed = _same_reading(source)
    assert parsed.grammar == parsing.PYTHON3
    assert [(f.code, f.line) for f in check(parsed.tree, SETTINGS)] == [("NIH201", 2)]
    assert _same_reading(source.encode("utf-8")).grammar == parsing.PYTHON3


def test_the_cheap_look_sends_the_lookalikes_to_the_scan():
    """The look hits most of them (so the test above exercises the scan's decision), and the scan
    is sure of none (``raise print from e`` and ``with print as f`` test the scan alone)."""
    looked = [name for name, source in PYTHON3_LOOKALIKES.items() if signs.may_be_python2(source)]
    assert {"print in a string", "print in a comment", "except in a docstring", "exec in a string",
            "print in a conditional", "print then not in"} <= set(looked)
    if sys.version_info >= (3, 12):
        assert "nested f-string quotes" in looked
    assert [name for name, source in PYTHON3_LOOKALIKES.items() if scan.scan(source).certain] == []


PYTHON2_ONLY = {
    "print statement": ("print x\n", "print statement"),
    "print a string": ("import os\nprint 'a', os.dup2(1, 9)\n", "print statement"),
    "exec statement": ("exec code in ns\n", "exec statement"),
    "except comma": ("try:\n    pass\nexcept E, e:\n    pass\n", "except E, e:"),
    "raise comma": ("raise E, 'message'\n", "raise E, V"),
    "backtick": ("x = `y`\n", "backtick"),
    "not equal": ("x = a <> b\n", "<>"),
    "octal": ("x = 0777\n", "octal literal"),
    "long": ("x = 10L\n", "long literal"),
    "ur string": ("x = ur'\\d'\n", "ur'' string"),
    "tuple parameter": ("def f(a, (b, c)):\n    pass\n", "tuple parameter"),
}
if sys.version_info >= (3, 14):
    del PYTHON2_ONLY["except comma"]  # ``except A, B:`` is Python 3.14 (PEP 758)


@pytest.mark.parametrize("name", sorted(PYTHON2_ONLY))
def test_each_certain_construct_is_named_by_the_scan(name):
    source, construct = PYTHON2_ONLY[name]
    with pytest.raises(SyntaxError):
        ast.parse(source)
    assert scan.scan(source).certain == construct
    assert _same_reading(source).grammar == parsing.PYTHON2


def test_barry_as_flufl_makes_not_equal_python_3():
    source = "from __future__ import barry_as_FLUFL\nx = a <> b\n"
    assert scan.scan(source).certain is None


def test_a_file_that_neither_grammar_reads_gives_the_same_error():
    source = "import os\ntry:\n    pass\nexcept E, e:\n    pass\nx = (\n"
    assert signs.may_be_python2(source) and scan.scan(source).certain
    with pytest.raises(parsing.Unparsable) as caught:
        parsing.parse(source)
    try:
        ast.parse(source)
    except SyntaxError as python3:
        expected = python3.msg
    assert caught.value.python3.msg == expected
    assert caught.value.describe().startswith("as Python 2.7: line 6:")


def _stdlib_texts(version, every):
    texts = []
    for path in stdlib_files(stdlib_dir(version))[::every]:
        try:
            texts.append((path, read_source(str(path)).text))
        except FileError:
            pass
    return texts


def _same_as_the_usual_order(version, every):
    warnings.simplefilter("ignore")
    early = 0
    compared = 0
    for path, text in _stdlib_texts(version, every):
        try:
            tree, grammar = _usual_order(text)
        except SyntaxError:
            with pytest.raises(parsing.Unparsable):
                parsing.parse(text)
            continue
        parsed = parsing.parse(text)
        assert (str(path), parsed.grammar) == (str(path), grammar)
        assert ast.dump(parsed.tree, include_attributes=True) == ast.dump(tree, include_attributes=True), path
        compared += 1
        early += grammar == parsing.PYTHON2 and scan.scan(text).certain is not None and signs.may_be_python2(text)
    return compared, early


@pytest.mark.parametrize("version", ["2.7", "3.11"])
def test_every_20th_stdlib_file_reads_as_in_the_usual_order(version):
    compared, early = _same_as_the_usual_order(version, 20)
    assert compared > 30
    if version == "2.7":
        assert early > 10  # the sample really takes the Python-2-first way


@pytest.mark.slow
@pytest.mark.parametrize("version", ["2.7", "3.9", "3.11", "3.13"])
def test_every_stdlib_file_reads_as_in_the_usual_order(version):
    compared, _ = _same_as_the_usual_order(version, 1)
    assert compared > 500
