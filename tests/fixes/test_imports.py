"""Where the runtime import goes, under which name, and when an existing one is reused."""

import ast

import pycodestyle
import pytest

from noinherit_lint.findings import FixKind
from noinherit_lint.fixes.imports import RuntimeImport
from noinherit_lint.fixes.source import fix_source
from noinherit_lint.settings import Settings
from tests.fixes.handmade import SPAWNING_THREAD, fix, run


def fixed(source, runtime_module="noinherit_ftools.ftools"):
    finding = fix(source, FixKind.RUNTIME_CALLEE, "open", "open", ast.Name, nth=0)
    return run(source, finding, runtime_module=runtime_module).source


@pytest.mark.parametrize("runtime_module, statement", [
    ("noinherit_ftools.ftools", "from noinherit_ftools import ftools"),
    ("ftools", "import ftools"),
    ("a.b.c", "from a.b import c"),
    (".ftools", "from . import ftools"),
    ("..ftools", "from .. import ftools"),
    ("..util.ftools", "from ..util import ftools"),
])
def test_import_statement_for_each_kind_of_runtime_path(runtime_module, statement):
    assert RuntimeImport.parse(runtime_module).statement(RuntimeImport.parse(runtime_module).name) == statement
    name = runtime_module.rpartition(".")[2]
    assert fixed("open(p)\n", runtime_module) == f"{statement}\n\n{name}.open(p)\n"


def test_after_docstring_and_future_imports_keeping_the_blank_line_layout():
    before = '"""Doc."""\nfrom __future__ import print_function\n\nimport os\n\nopen(p)\n'
    after = ('"""Doc."""\nfrom __future__ import print_function\n\nimport os\n\n'
             "from noinherit_ftools import ftools\n\nftools.open(p)\n")
    assert fixed(before) == after


def test_before_a_definition_the_blank_lines_stay():
    before = '"""Doc."""\n\n\ndef f():\n    return open(p)\n'
    after = '"""Doc."""\n\n\nfrom noinherit_ftools import ftools\n\n\ndef f():\n    return ftools.open(p)\n'
    assert fixed(before) == after


def test_shebang_cookie_and_comments_stay_first():
    before = "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# licence\nimport os\nopen(p)\n"
    after = ("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# licence\nimport os\n\n"
             "from noinherit_ftools import ftools\n\nftools.open(p)\n")
    assert fixed(before) == after


def test_crlf_file_gets_a_crlf_import_line():
    assert fixed("import os\r\nopen(p)\r\n") == (
        "import os\r\n\r\nfrom noinherit_ftools import ftools\r\n\r\nftools.open(p)\r\n")


@pytest.mark.parametrize("taken", [
    "import ftools\n",
    "from mylib import ftools\n",
    "ftools = 1\n",
    "def ftools(): pass\n",
    "class ftools: pass\n",
    "def g(ftools): pass\n",
    "def g():\n    ftools = 1\n",
    "print(ftools)\n",
    "for ftools in x: pass\n",
    "try: pass\nexcept E as ftools: pass\n",
    "with x as ftools: pass\n",
    "g = lambda ftools: 1\n",
    "[ftools for ftools in x]\n",
    "if (ftools := 1): pass\n",
    "match x:\n    case [*ftools]: pass\n",
    "match x:\n    case {**ftools}: pass\n",
    "match x:\n    case y as ftools: pass\n",
])
def test_a_name_in_use_is_never_rebound(taken):
    source = taken + "open(p)\n"
    statement = "from noinherit_ftools import ftools as ftools_\n"
    if taken.startswith(("import", "from")):  # a third-party import: the runtime's sorts after it
        assert fixed(source) == taken + statement + "ftools_.open(p)\n"
    else:  # at the top, followed by the blank lines isort leaves before `taken`
        blank_lines = "\n\n" if taken.startswith(("def ", "class ")) else "\n"
        assert fixed(source) == statement + blank_lines + taken + "ftools_.open(p)\n"


def test_the_next_free_alias():
    source = "import ftools\nftools_ = 1\nopen(p)\n"
    assert fixed(source) == ("import ftools\nfrom noinherit_ftools import ftools as ftools_2\n"
                             "ftools_ = 1\nftools_2.open(p)\n")


@pytest.mark.parametrize("existing, alias", [
    ("from noinherit_ftools import ftools\n", "ftools"),
    ("from noinherit_ftools import ftools as ft\n", "ft"),
    ("import noinherit_ftools.ftools as ft\n", "ft"),
])
def test_an_existing_runtime_import_is_reused(existing, alias):
    source = existing + "open(p)\n"
    assert fixed(source) == existing + f"{alias}.open(p)\n"


def test_an_existing_runtime_import_whose_name_is_rebound_is_not_reused():
    source = "from noinherit_ftools import ftools\nftools = None\nopen(p)\n"
    assert fixed(source) == ("from noinherit_ftools import ftools\nfrom noinherit_ftools import ftools as ftools_\n"
                             "ftools = None\nftools_.open(p)\n")


def test_a_relative_runtime_import_is_reused():
    source = "from .. import ftools\nopen(p)\n"
    assert fixed(source, "..ftools") == source.replace("open(p)", "ftools.open(p)")


@pytest.mark.parametrize("before, after", [
    ('"""Doc."""; open(p)\n', '"""Doc."""; from noinherit_ftools import ftools; ftools.open(p)\n'),
    ("from __future__ import annotations; open(p)\n",
     "from __future__ import annotations; from noinherit_ftools import ftools; ftools.open(p)\n"),
    ('"""Doc\nstring."""; x = "é"; open(p)\n',
     '"""Doc\nstring."""; from noinherit_ftools import ftools; x = "é"; ftools.open(p)\n'),
    ('"""Doc."""; import os\nopen(p)\n',
     '"""Doc."""; from noinherit_ftools import ftools; import os\nftools.open(p)\n'),
])
def test_a_statement_sharing_the_docstrings_line_gets_the_import_in_front_of_it(before, after):
    """The import must run before the code that uses it (it used to be put on the next line)."""
    assert fixed(before) == after
    namespace = {}
    exec(compile(after.replace("from noinherit_ftools import ftools", "ftools = FTOOLS"), "<after>", "exec"),
         {"FTOOLS": type("F", (), {"open": staticmethod(len)}), "p": "x"}, namespace)


@pytest.mark.parametrize("whole_module", [False, True])
def test_both_edit_paths_place_the_import_the_same_way(whole_module):
    from noinherit_lint.fixes.source import fix_source
    from noinherit_lint.settings import Settings

    settings = Settings(min_python=(2, 7), min_python_source="test", scope="always", unsafe_fixes=True)
    source = '"""Doc."""; open(p)\n' + SPAWNING_THREAD
    assert fix_source(source, settings, whole_module=whole_module).source == fixed(source)


# --------------------------------------------------------------------------- at the top of a module
# With no docstring, ``__future__`` import or import block, the import goes first and is followed by
# the blank lines isort and ruff leave after imports (lines_after_imports = -1): two before a
# definition (pycodestyle E302), one before other code, none before another import.

TOP = Settings(min_python=(2, 7), min_python_source="test", scope="always", unsafe_fixes=True)
RUNTIME = "from noinherit_ftools import ftools"


@pytest.mark.parametrize("before, after", [
    ("def f(p):\n    return open(p)\n", f"{RUNTIME}\n\n\ndef f(p):\n    return ftools.open(p)\n"),
    ("async def f(p):\n    return open(p)\n", f"{RUNTIME}\n\n\nasync def f(p):\n    return ftools.open(p)\n"),
    ("class C:\n    f = open(p)\n", f"{RUNTIME}\n\n\nclass C:\n    f = ftools.open(p)\n"),
    ("@dec\n@dec2(1)\ndef f(p):\n    return open(p)\n",
     f"{RUNTIME}\n\n\n@dec\n@dec2(1)\ndef f(p):\n    return ftools.open(p)\n"),
    ("f = open(p)\n", f"{RUNTIME}\n\nf = ftools.open(p)\n"),
    ("if x:\n    f = open(p)\n", f"{RUNTIME}\n\nif x:\n    f = ftools.open(p)\n"),
    ("f = open(p)", f"{RUNTIME}\n\nf = ftools.open(p)"),
    ("def f(p):\r\n    return open(p)\r\n", f"{RUNTIME}\r\n\r\n\r\ndef f(p):\r\n    return ftools.open(p)\r\n"),
    ("f = open(p)\r\n", f"{RUNTIME}\r\n\r\nf = ftools.open(p)\r\n"),
    # what stands above the first statement stays above the import
    ("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\ndef f(p):\n    return open(p)\n",
     f"#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n{RUNTIME}\n\n\ndef f(p):\n    return ftools.open(p)\n"),
    ("# licence\n\n\n@dec\ndef f(p):\n    return open(p)\n",
     f"# licence\n\n\n{RUNTIME}\n\n\n@dec\ndef f(p):\n    return ftools.open(p)\n"),
    ("\n\ndef f(p):\n    return open(p)\n", f"\n\n{RUNTIME}\n\n\ndef f(p):\n    return ftools.open(p)\n"),
    # the first statement is an import sharing its line (no block the import can join): no blank line
    ("import os; import sys\nf = open(p)\n", f"{RUNTIME}\nimport os; import sys\nf = ftools.open(p)\n"),
])
def test_at_the_top_the_blank_lines_isort_leaves_follow_the_import(before, after):
    result = fix_source(before, TOP)
    assert result.source == after
    assert not fix_source(result.source, TOP).changed  # a fixed point: a second run changes nothing


def _pycodestyle_blank_line_errors(text):
    style = pycodestyle.StyleGuide(select=["E3", "W3"], quiet=True)
    checker = pycodestyle.Checker(filename="m.py", lines=text.splitlines(True), options=style.options)
    return checker.check_all()


@pytest.mark.parametrize("before", [
    "def f(p):\n    return open(p)\n",
    "class C:\n    f = open(p)\n",
    "@dec\ndef f(p):\n    return open(p)\n",
    "f = open(p)\n\n\ndef g():\n    pass\n\n\ng()\n",
])
def test_pycodestyle_finds_no_blank_line_error_in_the_rewritten_module(before):
    assert _pycodestyle_blank_line_errors(before) == 0
    assert _pycodestyle_blank_line_errors(fix_source(before, TOP).source) == 0


def test_pycodestyle_reports_the_import_right_above_a_definition():
    # the layout before the fix (E302): the check above can fail
    assert _pycodestyle_blank_line_errors(RUNTIME + "\ndef f(p):\n    return ftools.open(p)\n") == 1
