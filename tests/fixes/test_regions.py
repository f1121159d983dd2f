"""libcst parses only the statements around the fixes; the result equals editing the whole module."""

from dataclasses import replace

import pytest

from noinherit_lint.fixes.files import read_source
from noinherit_lint.fixes.source import fix_source
from noinherit_lint.settings import Settings
from tests.fixes.handmade import SPAWNING_THREAD
from tests.fixes.test_golden import INPUTS, _settings
from tests.rules.eval_files import example_files, parse_runs

PY27 = Settings(min_python=(2, 7), min_python_source="test", scope="always", unsafe_fixes=True)
IMPORT = "from noinherit_ftools import ftools\n"
# the handles of these layouts are short-lived: a thread of the module that execs makes them reachable
THREAD = SPAWNING_THREAD

# after: the text after the import at the top, which is followed by blank lines as isort leaves them
# (two before a definition or a decorator, one before other code)
LAYOUTS = {
    "string ends on the call's line": ('s = """a\nb"""; f = open(p)\n', '\ns = """a\nb"""; f = ftools.open(p)\n'),
    "string starts on the call's line": ('f = open(p); s = """\n"""\n', '\nf = ftools.open(p); s = """\n"""\n'),
    "decorator": ("@deco(open(p))\ndef f():\n    pass\n", "\n\n@deco(ftools.open(p))\ndef f():\n    pass\n"),
    "with header above its body": (
        "with open(p) as f:  # c\n    # a comment\n    x = 1\n" + THREAD,
        "\nwith ftools.open(p) as f:  # c\n    # a comment\n    x = 1\n" + THREAD),
    "nested with header, tabs": (
        "if x:\n\twith open(p) as f:\n\t\tpass\n" + THREAD,
        "\nif x:\n\twith ftools.open(p) as f:\n\t\tpass\n" + THREAD),
    "multi-line header": (
        "def f(\n    a=open(p),\n):\n    return a\n", "\n\ndef f(\n    a=ftools.open(p),\n):\n    return a\n"),
    "else clause on one line": (
        "if x:\n    pass\nelse: f = open(p)\n", "\nif x:\n    pass\nelse: f = ftools.open(p)\n"),
    "try on one line": ("try: f = open(p)\nexcept E: pass\n", "\ntry: f = ftools.open(p)\nexcept E: pass\n"),
    "if on one line": ("if x: f = open(p)\nelse: g = 1\n", "\nif x: f = ftools.open(p)\nelse: g = 1\n"),
    "for on one line": ("for line in open(p): pass\n", "\nfor line in ftools.open(p): pass\n"),
    "no newline at the end": ("x = 1\nf = open(p)", "\nx = 1\nf = ftools.open(p)"),
    "class body": ("class A:\n    def m(self):\n        return open(\n            p)\n",
                   "\n\nclass A:\n    def m(self):\n        return ftools.open(\n            p)\n"),
    "backslash continuation": ("x = \\\n    open(p)\n", "\nx = \\\n    ftools.open(p)\n"),
    "two calls in one statement": ("a, b = open(p), open(q)\n", "\na, b = ftools.open(p), ftools.open(q)\n"),
    "call in a while header": ("while open(p).read():\n    pass\n" + THREAD,
                               "\nwhile ftools.open(p).read():\n    pass\n" + THREAD),
    "call in an except type": ("try:\n    pass\nexcept open(p):\n    pass\n",
                               "\ntry:\n    pass\nexcept ftools.open(p):\n    pass\n"),
}


@pytest.mark.parametrize("before, after", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_layouts(before, after):
    regions = fix_source(before, PY27)
    whole = fix_source(before, PY27, whole_module=True)
    assert regions.source == whole.source == IMPORT + after


def test_docstring_sharing_its_line_gets_the_import_in_front_of_the_next_statement():
    before = '"""Doc."""; import os\nf = open(p)\n'
    assert fix_source(before, PY27).source == fix_source(before, PY27, whole_module=True).source == (
        '"""Doc."""; ' + IMPORT.rstrip("\n") + "; import os\nf = ftools.open(p)\n")


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_golden_inputs_same_both_ways(path):
    source = read_source(str(path)).text
    settings = _settings(source)
    assert fix_source(source, settings).source == fix_source(source, settings, whole_module=True).source


@pytest.mark.slow
@pytest.mark.parametrize("path", example_files(), ids=[p.name for p in example_files()])
def test_rule_examples_same_both_ways(path):
    source = path.read_text(encoding="utf-8")
    for settings in parse_runs(source).values():
        settings = replace(settings, unsafe_fixes=True)
        assert fix_source(source, settings).source == fix_source(source, settings, whole_module=True).source


CALL_LAYOUTS = {
    "call after non-ascii text": ('s = "é→"; f = open(p)\n', 's = "é→"; f = ftools.open(p)\n'),
    "multi-line call with comments": ("f = open(  # a\n    p,  # é\n)\n", "f = ftools.open(  # a\n    p,  # é\n)\n"),
    "nested calls": ("x = open(open(p).read())\n" + THREAD, "x = ftools.open(ftools.open(p).read())\n" + THREAD),
    "call and keyword fix in one statement": (
        'subprocess.call(open(p).read(), close_fds=False)\n',
        'subprocess.call(ftools.open(p).read(), close_fds=True)\n'),
    "parenthesised callee": ("(open)(p)\n" + THREAD, "(ftools.open)(p)\n" + THREAD),
    "call in an f-string": ('s = f"{open(p).name!r}"\n' + THREAD, 's = f"{ftools.open(p).name!r}"\n' + THREAD),
    "call in a lambda and a comprehension": (
        "g = lambda: [open(x) for x in y]\n", "g = lambda: [ftools.open(x) for x in y]\n"),
}


def test_callee_split_by_a_backslash():
    before = "import shutil\nshutil.copyfile \\\n    (a, b)\nx = shutil\n" + THREAD
    expected = ("import subprocess\nimport shutil\n\n" + IMPORT + "\nftools.copyfile \\\n    (a, b)\n"
                "x = shutil\n" + THREAD)
    regions = fix_source("import subprocess\n" + before, PY27)
    whole = fix_source("import subprocess\n" + before, PY27, whole_module=True)
    assert regions.source == whole.source == expected


@pytest.mark.parametrize("before, after", CALL_LAYOUTS.values(), ids=CALL_LAYOUTS.keys())
def test_call_regions(before, after):
    regions = fix_source("import subprocess\n" + before, PY27)
    whole = fix_source("import subprocess\n" + before, PY27, whole_module=True)
    assert regions.source == whole.source == "import subprocess\n\n" + IMPORT + "\n" + after
