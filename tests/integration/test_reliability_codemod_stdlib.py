"""`noinherit-fix` over real code: the 2.7 stdlib in --check mode and (its Python-2-only files)
in write mode, and a copy of the 3.13 stdlib (tests excluded) in write mode, all at min-python 2.7
and scope always.

The 2.7 runs take every 3rd file, the 3.13 one the whole tree; `bench/stdlib_sweep.py` runs
whole trees and the real flake8 over whole stdlibs.
"""

from __future__ import annotations

import hashlib
import re
import subprocess

import pytest

from tests.integration.conftest import (
    compiles, copy_tree, snapshot, stdlib_dir, stdlib_files, tool,
)
from tests.py2.conftest import python27_rejects

pytestmark = pytest.mark.slow  # see README: Development

FIX = ["--min-python", "2.7", "--scope", "always", "-j", "2"]
REFUSAL = re.compile(r"^(?P<path>/.+\.py): cannot (parse|decode) \(.+\); not changed$")
NOT_FIXED = re.compile(r"^/.+\.py:\d+:\d+ NIH\d{3}: not fixed \(.+\)$")
GREW = re.compile(r"^/.+\.py:\d+: line too long after the fix \(\d+ > \d+ characters\); not reflowed$")


def _run(*args, timeout=600):
    return subprocess.run(tool("noinherit-fix") + ["--unsafe-fixes", *args], capture_output=True, text=True,
                          timeout=timeout)


def _digest(files):
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def test_check_over_py27_stdlib_refuses_only_what_27_cannot_compile(python27):
    """Every 3rd file of the 2.7 stdlib (bench/stdlib_sweep.py takes all): Python 2 code is read,
    and the only files refused are ones 2.7 itself does not compile."""
    lib = stdlib_dir("2.7")
    files = stdlib_files(lib)[::3]
    before = _digest(files)
    result = _run("--check", *FIX, *map(str, files))
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr, result.stderr[-2000:]
    refused, would_rewrite, not_fixed = set(), set(), []
    for line in result.stderr.splitlines():
        match = REFUSAL.match(line)
        if match:
            refused.add(match.group("path"))
        elif line.startswith("Would rewrite /") and line.endswith(".py"):
            would_rewrite.add(line[len("Would rewrite "):])
        elif NOT_FIXED.match(line):
            not_fixed.append(line)
        elif GREW.match(line):
            continue  # reported, not reflowed: the rewrite itself is what this test judges
        else:
            pytest.fail(f"unexpected stderr line: {line!r}")
    assert refused <= python27_rejects(python27, files)
    python2_only = {str(path) for path in files if not compiles(path, parse_only=True)}
    # enough Python 2 files are rewritten to exercise the text edits: NIH1xx report only handles a
    # child can reach (issue 10), so 23 of these files have a fix today (more than 50 before)
    assert len(would_rewrite & python2_only) > 15 and not (refused & would_rewrite)
    assert _digest(files) == before
    print(f"\n2.7 stdlib, every 3rd file: {len(files)} files, {len(refused)} refused (2.7 rejects them too), "
          f"{len(would_rewrite)} would be rewritten ({len(would_rewrite & python2_only)} Python 2 only), "
          f"{len(not_fixed)} findings not fixed")


def test_write_mode_over_a_py27_stdlib_copy_keeps_python_2(python27, tmp_path):
    """Every 3rd Python-2-only file of the 2.7 stdlib, copied and rewritten: each changed file
    compiles on 2.7, the others are byte-identical, and a second run changes nothing."""
    lib = stdlib_dir("2.7")
    files = [p for p in stdlib_files(lib) if not compiles(p, parse_only=True)][::3]
    copies = copy_tree(files, lib, tmp_path / "lib")
    before = snapshot(tmp_path / "lib")
    first = _run(*FIX, str(tmp_path / "lib"))
    assert first.returncode in (1, 2) and "Traceback" not in first.stderr, first.stderr[-2000:]
    after = snapshot(tmp_path / "lib")
    changed = [tmp_path / "lib" / rel for rel in before if after[rel] != before[rel]]
    assert len(changed) > 30
    assert python27_rejects(python27, changed) == set()
    second = _run(*FIX, str(tmp_path / "lib"))
    assert "Rewriting" not in second.stderr and snapshot(tmp_path / "lib") == after
    print(f"\n2.7 stdlib, every 3rd Python-2-only file: {len(copies)} files, {len(changed)} rewritten, "
          f"all compile on 2.7; second run: nothing changed")


@pytest.fixture(scope="module")
def rewritten_stdlib(tmp_path_factory):
    """Every non-test file of the 3.13 stdlib, copied, then rewritten once."""
    lib = stdlib_dir("3.13")
    files = stdlib_files(lib, tests=False)
    root = tmp_path_factory.mktemp("stdlib313")
    copies = copy_tree(files, lib, root)
    before = snapshot(root)
    first = _run(*FIX, str(root))
    return root, copies, before, first


def test_write_mode_changes_only_what_it_reports_and_changed_files_compile(rewritten_stdlib):
    root, copies, before, first = rewritten_stdlib
    assert first.returncode in (1, 2), first.stderr[-2000:]
    assert "Traceback" not in first.stderr
    after = snapshot(root)
    assert set(after) == set(before), "files appeared or disappeared (temporary files left?)"
    changed = {rel for rel in before if after[rel] != before[rel]}
    reported = {line[len("Rewriting "):] for line in first.stderr.splitlines()
                if line.startswith("Rewriting ")}
    assert reported == {str(root / rel) for rel in changed}
    # NIH1xx report only handles a child can reach (issue 10): 54 of the 630 files change today
    assert len(changed) > len(copies) // 20
    not_compiling = [rel for rel in changed if not compiles(root / rel)]
    assert not not_compiling
    for line in first.stderr.splitlines():
        assert line.startswith("Rewriting ") or REFUSAL.match(line) or GREW.match(line), line
        if REFUSAL.match(line):  # only files with syntax newer than this interpreter's
            path = REFUSAL.match(line).group("path")[len(str(root)) + 1:]
            assert not compiles(root / path, parse_only=True), line
    print(f"\n3.13 stdlib: {len(copies)} files, {len(changed)} rewritten and compiling, "
          f"{len(copies) - len(changed)} byte-identical")


def test_second_run_changes_nothing(rewritten_stdlib):
    root, _copies, _before, first = rewritten_stdlib
    after_first = snapshot(root)
    second = _run(*FIX, str(root))
    assert "Rewriting" not in second.stderr
    assert second.returncode == (2 if "cannot parse" in first.stderr else 0), second.stderr
    assert snapshot(root) == after_first
