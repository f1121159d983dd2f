"""`check()` over every .py file of the newest pyenv stdlib (3.13), tests included.

Settings: min-python 2.7, scope always (every NIH1xx rule on, in every module).  Files the running
interpreter cannot parse (newer syntax, deliberately broken test data) are skipped and counted.
Every finding must be well-formed: a registered code, a message that starts with it, a span
inside the file in ast units (1-based lines, UTF-8 byte columns), a fix of a known kind inside
the finding's span.  Runs in about 15-20 s on one core (parsing is most of it).
"""

from __future__ import annotations

import ast
import sys
import time
import warnings
from collections import Counter

import pytest

from noinherit_lint.checker import check
from noinherit_lint.findings import FixKind
from noinherit_lint.registry import RULES
from noinherit_lint.settings import Settings
from tests.integration.conftest import stdlib_dir, stdlib_files

pytestmark = pytest.mark.slow  # see README: Development

SETTINGS = Settings(min_python=(2, 7), min_python_source="test", scope="always", unsafe_fixes=True)


def _parse(source: bytes, path) -> "ast.AST | None":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(source, filename=str(path))
        except (SyntaxError, ValueError):
            return None


def _assert_well_formed(finding, lines, path) -> None:
    where = f"{path}:{finding.line}: {finding.message}"
    assert finding.code in RULES, where
    assert finding.message.startswith(finding.code + " "), where
    span = finding.span
    assert 1 <= span.line <= span.end_line <= len(lines), where
    assert 0 <= span.col <= len(lines[span.line - 1]), where
    assert span.end_col <= len(lines[span.end_line - 1]), where
    assert (span.line, span.col) < (span.end_line, span.end_col), where
    if finding.fix is not None:
        fix = finding.fix
        assert isinstance(fix.kind, FixKind), where
        assert (span.line, span.col) <= (fix.span.line, fix.span.col), where
        assert (fix.span.end_line, fix.span.end_col) <= (span.end_line, span.end_col), where


def test_check_over_the_whole_newest_stdlib():
    files = stdlib_files(stdlib_dir("3.13"))
    assert len(files) > 1500
    started = time.perf_counter()
    skipped, codes, findings_per_file = [], Counter(), {}
    for path in files:
        source = path.read_bytes()
        tree = _parse(source, path)
        if tree is None:
            skipped.append(path)
            continue
        findings = check(tree, SETTINGS)
        lines = source.splitlines()
        for finding in findings:
            _assert_well_formed(finding, lines, path)
        assert len({(f.code, f.span) for f in findings}) == len(findings), path
        assert findings == sorted(findings, key=lambda f: (f.span, f.code)), path
        codes.update(f.code for f in findings)
        findings_per_file[path] = findings
    elapsed = time.perf_counter() - started
    print(f"\n3.13 stdlib: {len(files)} files, {len(files) - len(skipped)} checked, {len(skipped)} skipped "
          f"(not parseable by Python {sys.version_info[0]}.{sys.version_info[1]}), "
          f"{sum(codes.values())} findings, {elapsed:.1f}s")
    # Only newer syntax and deliberately broken test data may fail to parse.
    assert len(skipped) < len(files) // 20, skipped
    # The stdlib opens files, makes sockets, logs to files and makes pipes.
    assert {"NIH101", "NIH102", "NIH104", "NIH105", "NIH106"} <= set(codes), codes
    # It copies files too, but NIH103 needs a thread of the module that spawns (the files a copy
    # opens live only during the call): the modules that copy and start threads (test_largefile,
    # test_import, pip's distlib) start none that spawns, so no copy is reported.
    assert "NIH103" not in codes, codes
    # Checking is deterministic: a second pass over a sample gives equal findings.
    for path in list(findings_per_file)[::50]:
        assert check(_parse(path.read_bytes(), path), SETTINGS) == findings_per_file[path], path
