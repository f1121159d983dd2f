"""Reading annotated example files (flake8-bugbear / flake8-async style).

An example file is ordinary Python.  Expectations are trailing comments on the line the finding
is reported on, with the **ast byte column** (what flake8 prints, minus one):

    shutil.copyfile(a, b)  # NIH103: 0
    x = "é"; open(p)  # NIH101: 10
    os.dup2(fd, 9); os.dup2(fd, 8)  # NIH201: 0; NIH201: 16

A file is checked once per ``# OPTIONS[run-id]: key=value, ...`` header line (keys: min_python,
platforms, scope; without any header, one run named ``default`` with min-python 2.7).  An
expectation applies to every run unless it names runs: ``# NIH101[py27,py33]: 0``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Set, Tuple

from noinherit_lint.settings import Settings, parse_platforms, parse_scope, parse_version

DATA = Path(__file__).parent / "data"

_OPTIONS = re.compile(r"^#\s*OPTIONS\[([\w.-]+)\]:\s*(.*)$")
_EXPECT = re.compile(r"(NIH\d{3})(?:\[([\w.,-]+)\])?:\s*(\d+)")
_COMMENT = re.compile(r"#\s*(NIH\d{3}(?:\[[\w.,-]+\])?:\s*\d+(?:\s*;\s*NIH\d{3}(?:\[[\w.,-]+\])?:\s*\d+)*)\s*$")

Expected = Set[Tuple[int, int, str]]


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
            settings = _replace(settings, min_python=parse_version(values["min_python"], "min_python"))
        if "platforms" in values:
            settings = _replace(settings, platforms=parse_platforms(values["platforms"], "platforms"))
        if "scope" in values:
            settings = _replace(settings, scope=parse_scope(values["scope"], "scope"))
        runs[match.group(1)] = settings
    return runs or {"default": Settings(min_python_source="example file")}


def _replace(settings: Settings, **changes) -> Settings:
    from dataclasses import replace

    return replace(settings, **changes)


def expected_findings(source: str, run: str) -> Expected:
    expected: Expected = set()
    for number, line in enumerate(source.splitlines(), start=1):
        comment = _COMMENT.search(line)
        if not comment:
            continue
        for code, runs, col in _EXPECT.findall(comment.group(1)):
            if not runs or run in runs.split(","):
                expected.add((number, int(col), code))
    return expected


def example_files() -> List[Path]:
    return sorted(DATA.glob("*.py"))
