"""`noinherit-fix` over real code: the 2.7 stdlib in --check mode, and a copy of the 3.13 stdlib
(tests excluded) in write mode, both at min-python 2.7 and scope always.

Both whole trees (a few seconds each with -j 2); `bench/stdlib_sweep.py` runs the same and the
real flake8 over whole stdlibs.
"""

from __future__ import annotations

import hashlib
import re
import subprocess

import pytest

from tests.integration.conftest import (
    compiles, copy_tree, snapshot, stdlib_dir, stdlib_files, tool,
)

pytestmark = pytest.mark.slow  # see README: Development

FIX = ["--min-python", "2.7", "--scope", "always", "-j", "2"]
REFUSAL = re.compile(r"^(?P<path>/.+\.py): cannot (parse|decode) \(.+\); not changed$")


def _run(*args, timeout=600):
    return subprocess.run(tool("noinherit-fix") + list(args), capture_output=True, text=True,
                          timeout=timeout)


def _digest(files):
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def test_check_over_py27_stdlib_reports_py2_only_files_and_touches_nothing():
    lib = stdlib_dir("2.7")
    files = stdlib_files(lib)
    before = _digest(files)
    result = _run("--check", *FIX, str(lib))
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    refused, would_rewrite = set(), set()
    for line in result.stderr.splitlines():
        match = REFUSAL.match(line)
        if match:
            refused.add(match.group("path"))
        elif line.startswith("Would rewrite /") and line.endswith(".py"):
            would_rewrite.add(line[len("Would rewrite "):])
        else:
            pytest.fail(f"unexpected stderr line: {line!r}")
    # Exactly the files this interpreter cannot parse are refused, one line each.
    expected = {str(path) for path in files if not compiles(path, parse_only=True)}
    assert refused == expected
    assert len(refused) > 300 and would_rewrite and not (refused & would_rewrite)
    assert _digest(files) == before
    print(f"\n2.7 stdlib: {len(files)} files, {len(refused)} refused in one line each, "
          f"{len(would_rewrite)} would be rewritten")


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
    assert len(changed) > len(copies) // 10
    not_compiling = [rel for rel in changed if not compiles(root / rel)]
    assert not not_compiling
    for line in first.stderr.splitlines():
        assert line.startswith("Rewriting ") or REFUSAL.match(line), line
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
