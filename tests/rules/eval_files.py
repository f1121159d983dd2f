"""Reading annotated example files (flake8-bugbear / flake8-async style).

An example file is ordinary Python.  Expectations are trailing comments on the line the finding
is reported on, with the **ast byte column** (what flake8 prints, minus one) and, optionally, a
quoted text the message must contain:

    shutil.copyfile(a, b)  # NIH103: 0
    x = "é"; open(p)  # NIH101: 10 "use ftools.open()"
    os.dup2(fd, 9); os.dup2(fd, 8)  # NIH201: 0; NIH201: 16
    multiprocessing.set_start_method("fork")  # NIH402: 0 'set_start_method("fork") starts'

A file is checked once per ``# OPTIONS[run-id]: key=value, ...`` header line (keys: min_python,
platforms, scope; without any header, one run named ``default`` with min-python 2.7).  An
expectation applies to every run unless it names runs: ``# NIH101[py27,py33]: 0``.

A file is named after the code it is about (``nih201.py``, ``nih201_meant_for_a_child.py``) or
its family (``nih1_scope.py``); ``tests/rules/test_meta.py`` requires one per code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

from noinherit_lint.settings import Settings, parse_platforms, parse_scope, parse_version

DATA = Path(__file__).parent / "data"

_OPTIONS = re.compile(r"^#\s*OPTIONS\[([\w.-]+)\]:\s*(.*)$")
_ONE = r"""NIH\d{3}(?:\[[\w.,-]+\])?:\s*\d+(?:\s+(?:"[^"]*"|'[^']*'))?"""
_EXPECT = re.compile(r"""(NIH\d{3})(?:\[([\w.,-]+)\])?:\s*(\d+)(?:\s+(?:"([^"]*)"|'([^']*)'))?""")
EXPECTATION_COMMENT = re.compile(rf"#\s*({_ONE}(?:\s*;\s*{_ONE})*)[ \t]*$")
"""The trailing comment that holds a line's expectations (group 1: the expectations)."""

Expected = Set[Tuple[int, int, str]]


@dataclass(frozen=True)
class Expectation:
    line: int
    col: int
    code: str
    runs: Optional[Tuple[str, ...]]  # None: every run
    message: Optional[str]  # a text the message must contain

    def applies_to(self, run: str) -> bool:
        return self.runs is None or run in self.runs


def parse_runs(source: str) -> Dict[str, Settings]:
    runs: Dict[str, Settings] = {}
    for line in source.splitlines():
        match = _OPTIONS.match(line.strip())
        if not match:
            continue
        values = {}
        for item in filter(None, (part.strip() for part in match.group(2).split(";"))):
            key, _, value = item.partition("=")
            values[key.strip()] = value.strip().strip("\"'")
        settings = Settings(min_python_source="example file")
        if "min_python" in values:
            settings = replace(settings, min_python=parse_version(values["min_python"], "min_python"))
        if "platforms" in values:
            settings = replace(settings, platforms=parse_platforms(values["platforms"], "platforms"))
        if "scope" in values:
            settings = replace(settings, scope=parse_scope(values["scope"], "scope"))
        runs[match.group(1)] = settings
    return runs or {"default": Settings(min_python_source="example file")}


def expectations(source: str) -> List[Expectation]:
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        comment = EXPECTATION_COMMENT.search(line)
        if not comment:
            continue
        for code, runs, col, double_quoted, single_quoted in _EXPECT.findall(comment.group(1)):
            message = double_quoted or single_quoted or None
            found.append(Expectation(number, int(col), code, tuple(runs.split(",")) if runs else None, message))
    return found


def expected_findings(source: str, run: str) -> Expected:
    return {(e.line, e.col, e.code) for e in expectations(source) if e.applies_to(run)}


def example_files() -> List[Path]:
    return sorted(DATA.glob("*.py"))


def files_for(code: str) -> List[Path]:
    """The example files about `code`: named after it, or after its family (``nih1_*.py``)."""
    own = code.lower()
    family = own[:4] + "_"
    return [path for path in example_files() if path.stem == own or path.stem.startswith((own + "_", family))]
