"""Golden fix files for Python 2 code: tests/py2/golden/X.py is fixed into golden/fixed/X.py.

One file per Python 2 construct (print and exec statements, backticks, ``<>``, ``except E, e:``,
``raise E, V``, tuple parameters, octal and long literals, ``ur''``, mixed tabs, ``__future__``
imports, Python 3 keywords as names, a latin-1 cookie with CRLF) with fixes of every kind in and
around it.  Compared as bytes; every input is Python 2 only (Python 3 cannot parse it), the
output is a fixed point of a second run with no fixable finding left, and Python 2.7 compiles
both.  Regenerate with ``pytest tests/py2 --regen-golden`` and review the diff.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

from noinherit_lint import parsing
from noinherit_lint.findings import FixKind
from noinherit_lint.fixes.files import encode, read_source
from noinherit_lint.fixes.source import fix_source, fixable_findings, parse
from tests.fixes.test_golden import _settings

GOLDEN = Path(__file__).parent / "golden"
INPUTS = sorted(GOLDEN.glob("*.py"))


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_golden(path, request):
    source = read_source(str(path))
    with pytest.raises(SyntaxError):
        ast.parse(path.read_bytes())
    settings = _settings(source.text)
    result = fix_source(source.text, settings, str(path))
    assert result.not_fixed == []
    assert result.changed, "a golden input must exercise at least one fix"
    output = encode(source, result.source)
    expected_path = GOLDEN / "fixed" / path.name
    if request.config.getoption("--regen-golden"):
        expected_path.write_bytes(output)
    assert output == expected_path.read_bytes()
    assert parsing.parse(result.source).grammar == parsing.PYTHON2
    again = fix_source(result.source, settings, str(path))
    assert not again.changed
    assert fixable_findings(parse(result.source, str(path)), result.source, settings) == []


def test_every_fix_kind_is_exercised():
    kinds = set()
    for path in INPUTS:
        source = read_source(str(path))
        kinds.update(f.fix.kind for f in fix_source(source.text, _settings(source.text)).fixed)
    assert kinds == set(FixKind)


def test_python_27_compiles_inputs_and_outputs(python27):
    paths = INPUTS + [GOLDEN / "fixed" / p.name for p in INPUTS]
    script = ("import py_compile, sys\nfor path in sys.argv[1:]:\n"
              "    py_compile.compile(path, cfile='/dev/null', doraise=True)\n")
    result = subprocess.run([python27, "-c", script, *map(str, paths)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
