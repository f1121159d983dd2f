"""The text edits (for Python 2 code) make the same edits as libcst (for Python 3 code).

Both paths get the same Python 3 module and findings: `source.rewrite` (libcst) and
`python2.edit_text` (text), and must give the same bytes, fix for fix.  The corpora: the
eval files under each of their settings, the golden inputs, hand-made layouts of each kind
(trailing commas, one argument per line, comments after the last argument, parentheses,
operators that bind less tightly than ``|``), generated leaky programs, and the 3.13 stdlib.
"""

from __future__ import annotations

import ast
import warnings

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings

from noinherit_lint.fixes.files import read_source
from noinherit_lint.fixes.python2 import edit_text
from noinherit_lint.fixes.source import SourceError, fixable_findings, rewrite
from noinherit_lint.settings import Settings
from tests.fixes.handmade import SPAWNING_THREAD
from tests.fixes.test_golden import INPUTS, _settings
from tests.integration.conftest import stdlib_dir, stdlib_files
from tests.integration.leaky_programs import leaky_modules
from tests.rules.eval_files import example_files, parse_runs

AT_27 = Settings(min_python=(2, 7), min_python_source="test", scope="always", platforms=frozenset({"linux"}))


def both_ways(source: str, settings: Settings):
    """(libcst's text, the text path's text), or None when there is nothing to fix."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            return None  # the generator's programs are not all valid on this interpreter
    findings = fixable_findings(tree, source, settings)
    if not findings:
        return None
    try:
        by_libcst = rewrite(source, tree, findings, settings)
    except SourceError:
        return None  # libcst refuses the whole file; nothing to compare
    text, applied, failed = edit_text(source, tree, findings, settings)
    libcst_failed = {f.fix for f in findings} - {f.fix for f in by_libcst.fixed}
    if failed or libcst_failed:  # a fix one path refuses: the other must refuse it too, or be the only one
        assert {fix for fix, _ in failed} >= libcst_failed, (source, failed, by_libcst.not_fixed)
        return None
    return by_libcst.source, text


AT_38 = Settings(min_python=(3, 8), min_python_source="test", scope="always", platforms=frozenset({"linux"}))
SCM = "import os, socket\nkind = socket.SCM_RIGHTS\n"

# name -> (source, settings); a copy's handles are short-lived: SPAWNING_THREAD makes them reachable
HANDMADE = {
    "keyword, one line": ("import subprocess\nsubprocess.call(['ls'])\n", AT_27),
    "keyword, no arguments": ("import subprocess\nsubprocess.call( )\n", AT_27),
    "keyword, trailing comma": ("import subprocess\nsubprocess.call(['ls'], shell=False,)\n", AT_27),
    "keyword, one per line": ("import subprocess\nsubprocess.call(\n    ['ls'],\n    shell=False,\n)\n", AT_27),
    "keyword, one per line, no trailing comma": (
        "import subprocess\nsubprocess.call(\n    ['ls'],\n    shell=False\n)\n", AT_27),
    "keyword, comment after last": (
        "import subprocess\nsubprocess.call(['ls'],\n                shell=False  # why\n                )\n", AT_27),
    "keyword, comment after trailing comma": (
        "import subprocess\nsubprocess.call(\n    ['ls'],  # cmd\n    shell=False,  # why\n)\n", AT_27),
    "keyword, comment after a lone argument": ("import subprocess\nsubprocess.call(\n    ['ls']  # cmd\n)\n", AT_27),
    "keyword, nested call": ("import subprocess\nsubprocess.call(['ls'], stdout=open('log', 'w'))\n", AT_27),
    "keyword, CRLF": ("import subprocess\r\nsubprocess.call(\r\n    ['ls'],\r\n)\r\n", AT_27),
    "keyword, inheritable": ("import os\nos.dup2(3, 9)\n", AT_38),
    "or-flag, plain": ("import os\nr, w = os.pipe2(os.O_NONBLOCK)\n", AT_38),
    "or-flag, zero": ("import os\nr, w = os.pipe2(0)\n", AT_38),
    "or-flag, parenthesized": ("import os\nr, w = os.pipe2((os.O_NONBLOCK))\n", AT_38),
    "or-flag, operands": ("import os\nr, w = os.pipe2(os.O_NONBLOCK | os.O_DIRECT)\n", AT_38),
    "or-flag, multi-line": ("import os\nr, w = os.pipe2(os.O_NONBLOCK |\n                os.O_DIRECT)\n", AT_38),
    "or-flag, keyword": ("import os\nfd = os.eventfd(0, flags=os.EFD_NONBLOCK)\n", AT_38),
    "or-flag, second argument": ("import os\nfd = os.memfd_create('x', os.MFD_ALLOW_SEALING)\n", AT_38),
    "replace": ("import fcntl\nfcntl.fcntl(3, fcntl.F_DUPFD, 0)\n", AT_38),
    "replace, close_fds": ("import subprocess\nsubprocess.call(['ls'], close_fds=False)\n", AT_27),
    "callee, parenthesized": ("import shutil\n(shutil.copyfile)('a', 'b')\n" + SPAWNING_THREAD, AT_27),
    "callee, multi-line": ("import shutil\nshutil.copyfile(\n    'a', 'b')\n" + SPAWNING_THREAD, AT_27),
    "callee, non-ASCII before": ("import shutil\nx = 'é'; shutil.copyfile('a', 'b')\n" + SPAWNING_THREAD, AT_27),
    "append argument": (SCM + "msg = s.recvmsg(1, socket.CMSG_LEN(4))\n", AT_38),
    "append argument, multi-line": (SCM + "msg = s.recvmsg(\n    1,\n    socket.CMSG_LEN(4),\n)\n", AT_38),
}


@pytest.mark.parametrize("name", HANDMADE)
def test_handmade_layouts(name):
    result = both_ways(*HANDMADE[name])
    assert result is not None, "the case must have a fix both paths make"
    by_libcst, by_text = result
    assert by_text == by_libcst


def test_eval_files_and_golden_inputs():
    compared = 0
    for path in example_files():
        source = path.read_text("utf-8")
        for settings in parse_runs(source).values():
            result = both_ways(source, settings)
            if result:
                assert result[1] == result[0], (path, settings)
                compared += 1
    for path in INPUTS:
        text = read_source(str(path)).text
        result = both_ways(text, _settings(text))
        assert result and result[1] == result[0], path
        compared += 1
    assert compared > 40


@pytest.mark.slow
@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(leaky_modules(splice=False))
def test_generated_leaky_programs(source):
    result = both_ways(source, AT_27)
    if result:
        assert result[1] == result[0]


@pytest.mark.slow
def test_stdlib_313_sample():
    compared = 0
    for path in stdlib_files(stdlib_dir("3.13"), tests=False)[::5]:
        try:
            source = read_source(str(path)).text
            ast.parse(source)
        except Exception:
            continue
        result = both_ways(source, AT_27)
        if result:
            assert result[1] == result[0], path
            compared += 1
    print(f"\n{compared} 3.13 stdlib files fixed the same way by both paths")
    assert compared > 10
