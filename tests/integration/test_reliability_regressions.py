"""Bugs the reliability work found, each pinned by the smallest input that showed it."""

from __future__ import annotations

import subprocess

import pytest

from noinherit_lint.fixes.source import SourceError, fix_source
from noinherit_lint.settings import Settings
from tests.integration.conftest import tool

SETTINGS = Settings(min_python=(2, 7), min_python_source="test", scope="always", unsafe_fixes=True)

# libcst drops a form feed that starts a line before a statement ("\x0cx = 1" comes back as
# "x = 1"; Instagram/LibCST#446 is the same family).  The fuzzer found that the codemod then wrote
# the file without the form feed, and without the fix, which it reported as not applied.
FORM_FEED_CASES = [
    "import subprocess\n\x0cx = open(p)\n",
    "import subprocess\nx = open(q)\n\x0cy = open(p)\n",
    "import subprocess\ndef f():\n    pass\n\x0cdef g():\n    return open(p)\n",
]


@pytest.mark.parametrize("source", FORM_FEED_CASES)
def test_form_feed_before_a_statement_is_kept_or_the_file_refused(source):
    try:
        result = fix_source(source, SETTINGS)
    except SourceError as exc:
        assert str(exc).endswith("; not changed")
        return
    assert result.changed and not result.not_fixed
    assert result.source.count("\x0c") == source.count("\x0c")
    assert result.source.replace("\nfrom noinherit_ftools import ftools\n\n", "", 1) \
        .replace("ftools.open(", "open(") == source  # the import is a section of its own


def test_form_feed_file_through_the_cli_is_never_damaged(tmp_path):
    path = tmp_path / "ff.py"
    data = FORM_FEED_CASES[0].encode()
    path.write_bytes(data)
    result = subprocess.run(tool("noinherit-fix") + ["--unsafe-fixes", "--min-python", "2.7", str(path)],
                            capture_output=True, text=True, timeout=120)
    if result.returncode == 2:
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(f"{path}: ")
        assert path.read_bytes() == data
    else:
        assert result.returncode == 1, result.stderr
        assert path.read_bytes() == \
            b"import subprocess\n\nfrom noinherit_ftools import ftools\n\n\x0cx = ftools.open(p)\n"


# The fuzzer's shrunk program: a first codemod run added inheritable=False to the dup2 (NIH201),
# which removed the reason NIH301 was report-only, so a second run changed close_fds=False too.
# The dup2 target is meant for the close_fds=False child: neither is fixed, and one run is final.
DUP2_THEN_CLOSE_FDS_FALSE = (
    "import os\nimport subprocess\nx = os.dup2(fd, 9)\nx = subprocess.call(a, close_fds=False)\n")
LINUX_38 = Settings(min_python=(3, 8), min_python_source="test", platforms=frozenset({"linux"}), unsafe_fixes=True)


def test_dup2_for_a_close_fds_false_child_is_reported_not_fixed_and_one_run_is_final():
    import ast

    from noinherit_lint.checker import check

    findings = check(ast.parse(DUP2_THEN_CLOSE_FDS_FALSE), LINUX_38)
    assert [(f.code, f.fix) for f in findings] == [("NIH201", None), ("NIH301", None)]
    assert not fix_source(DUP2_THEN_CLOSE_FDS_FALSE, LINUX_38).changed
    # Without the close_fds=False child, the dup2 fix is still offered, and the result is final.
    alone = DUP2_THEN_CLOSE_FDS_FALSE.replace("close_fds=False", "close_fds=True")
    first = fix_source(alone, LINUX_38)
    assert first.source == alone.replace("os.dup2(fd, 9)", "os.dup2(fd, 9, inheritable=False)")
    assert not fix_source(first.source, LINUX_38).changed
