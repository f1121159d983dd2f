"""Every annotated eval file of tests/rules/data, spelled as Python 2, gives the same findings.

The copies are generated (`python2_spelling.py`): print and exec statements, backticks, ``<>``,
``0777L``, ``ur''`` and ``except E, e:`` on the lines that were blank, the code of the original
at the same lines and columns.  So every code must be found at the same position as in the
Python 3 original, through the Python 2 front end; and 2.7 itself must compile each copy whose
original it compiles (the spelling is real Python 2).
"""

from __future__ import annotations

import ast
import subprocess

import pytest

from noinherit_lint import parsing
from noinherit_lint.checker import check
from tests.py2.python2_spelling import python2_spelling
from tests.rules.eval_files import example_files, expected_findings, parse_runs
from tests.rules.test_eval_files import CASES

#: Syntax Python 2 has no spelling for: an eval file that uses it has no Python 2 copy.
PYTHON3_ONLY = (ast.AsyncFunctionDef, ast.Await, ast.AsyncFor, ast.AsyncWith)


@pytest.mark.parametrize("path, run", CASES)
def test_python_2_spelling_gives_the_same_findings(path, run):
    source = path.read_text(encoding="utf-8")
    python3_only = sorted({type(node).__name__ for node in ast.walk(ast.parse(source))
                           if isinstance(node, PYTHON3_ONLY)})
    if python3_only:
        pytest.skip("Python 3 only syntax (%s): no Python 2 spelling" % ", ".join(python3_only))
    copy = python2_spelling(source)
    with pytest.raises(SyntaxError):
        ast.parse(copy)
    parsed = parsing.parse(copy)
    assert parsed.grammar == parsing.PYTHON2
    found = {(f.line, f.col, f.code) for f in check(parsed.tree, parse_runs(source)[run])}
    assert sorted(found) == sorted(expected_findings(source, run))


def test_every_rule_fires_in_the_copies():
    from noinherit_lint import checker  # noqa: F401  (registers the rules)
    from noinherit_lint.registry import RULES

    codes = {code for path in example_files() for run in parse_runs(path.read_text("utf-8"))
             for _, _, code in expected_findings(path.read_text("utf-8"), run)}
    assert set(RULES) <= codes


def test_python_27_compiles_the_copies(python27, tmp_path):
    compiled_originals, compiled_copies, rejected = 0, 0, []
    checker = ("import sys\nfor path in sys.argv[1:]:\n    try:\n        compile(open(path).read(), path, 'exec')\n"
               "        print('ok ' + path)\n    except SyntaxError as e:\n        print('no ' + path + ' ' + str(e))\n")
    originals = []
    for path in example_files():
        original = tmp_path / f"original_{path.name}"
        original.write_text(path.read_text("utf-8"), encoding="utf-8")
        copy = tmp_path / f"copy_{path.name}"
        copy.write_text(python2_spelling(path.read_text("utf-8")), encoding="utf-8")
        originals.append((original, copy))
    out = subprocess.run([python27, "-c", checker] + [str(p) for pair in originals for p in pair],
                         capture_output=True, text=True, check=True).stdout
    ok = {line.split()[1] for line in out.splitlines() if line.startswith("ok ")}
    for original, copy in originals:
        if str(original) in ok:
            compiled_originals += 1
            if str(copy) in ok:
                compiled_copies += 1
            else:
                rejected.append(next(line for line in out.splitlines() if str(copy) in line))
    print(f"\n2.7 compiles {compiled_copies} of the {compiled_originals} copies whose original it compiles "
          f"({len(originals) - compiled_originals} originals use Python-3-only syntax)")
    assert rejected == []
    assert compiled_originals >= len(originals) - 3
