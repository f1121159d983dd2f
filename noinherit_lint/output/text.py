"""flake8's line format, so that editors' and CI's flake8 problem matchers read it; each line ends
with the code in brackets, the argument of ``noinherit-lint rule``."""

from __future__ import annotations

from typing import Sequence

from noinherit_lint.escape import display


def line(path: str, finding) -> str:
    return f"{display(path)}:{finding.line}:{finding.col + 1}: {display(finding.message)} [{finding.code}]"


def render(results: Sequence) -> str:
    return "".join(line(result.path, finding) + "\n" for result in results for finding in result.findings)
