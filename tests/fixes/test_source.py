"""fix_source as a whole: when libcst runs at all, and what happens when a result would not parse."""

import ast

import libcst
import pytest

from noinherit_lint.findings import Finding, Fix, FixKind
from noinherit_lint.fixes.source import SourceError, fix_source, rewrite
from noinherit_lint.settings import Settings
from tests.fixes.handmade import SPAWNING_THREAD, span_of

PY27 = Settings(min_python=(2, 7), min_python_source="test", unsafe_fixes=True)


@pytest.fixture
def no_libcst(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("libcst was asked to parse")

    monkeypatch.setattr(libcst, "parse_module", refuse)


@pytest.mark.parametrize("source", [
    "import os\nx = open('p')\n",  # a finding, but the module does not spawn (scope module)
    "import subprocess\nx = open('p')  # noqa\n",  # suppressed
    "import subprocess\nx = open(3)\n",  # no finding
    "import subprocess\nsubprocess.call(['ls'], close_fds=True)\n",
])
def test_no_fixable_finding_means_libcst_never_parses(no_libcst, source):
    result = fix_source(source, PY27)
    assert not result.changed and result.source == source


def test_fixable_findings_filtered_by_select_and_ignore(no_libcst):
    source = "import subprocess\nx = open('p')\n"
    ignoring = Settings(min_python=(2, 7), ignore=("NIH1",), unsafe_fixes=True)
    assert not fix_source(source, ignoring).changed
    selecting = Settings(min_python=(2, 7), select=("NIH3",), unsafe_fixes=True)
    assert not fix_source(source, selecting).changed


def test_a_result_that_would_not_parse_leaves_the_text_and_says_why():
    source = "x = 1\n"
    span = span_of(source, "x", ast.Name)
    finding = Finding("NIH999", "m", span, Fix(FixKind.REPLACE, span, "a | b"))  # "a | b = 1" is not Python
    with pytest.raises(SourceError, match=r"^the rewritten code does not parse \(line 1: .*\); not changed$"):
        rewrite(source, ast.parse(source), [finding], PY27)


def test_python2_only_syntax_is_fixed_as_text():
    result = fix_source('import shutil, subprocess\nprint "x"\nshutil.copyfile(a, b)\n' + SPAWNING_THREAD, PY27)
    # shutil is unused after the swap: `import shutil, subprocess` keeps only subprocess
    assert result.source == ('import subprocess\n\nfrom noinherit_ftools import ftools\n\nprint "x"\n'
                             'ftools.copyfile(a, b)\n' + SPAWNING_THREAD)


def test_what_no_grammar_reads_cannot_be_parsed():
    # the error of the grammar that read further comes first
    with pytest.raises(SourceError, match=r"^cannot parse \(as Python 2.7: line 2: .*; as Python 3: line 1: .*\); "
                                          r"not changed$"):
        fix_source('print "x"\nx = (\n', PY27)


@pytest.mark.slow
def test_deeply_nested_code_is_fixed_not_a_recursion_error():
    source = "import subprocess\nx = " + " + ".join(["1"] * 1500) + "\nf = open('p')\ny = [" * 1 + \
        "open('q')" + "]\n"
    result = fix_source(source, PY27, whole_module=True)
    assert result.source.count("ftools.open(") == 2
