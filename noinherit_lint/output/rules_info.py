"""What the outputs say about a code: its name, summary, documentation and URL, from the registry
(`registry.RULES`, `registry.FILE_CODES`, `docs.explain`)."""

from __future__ import annotations

from typing import Dict, List

from noinherit_lint import docs
from noinherit_lint.output.urls import rule_url  # noqa: F401  (part of what the outputs say about a code)
from noinherit_lint.registry import RULES
from noinherit_lint.registry import known_codes as registered_codes



def known_codes() -> List[str]:
    return list(registered_codes())


def name(code: str) -> str:
    return docs.documented(code).name


def summary(code: str) -> str:
    return docs.documented(code).summary


def explain(code: str) -> str:
    """The markdown documentation of `code` (``noinherit-lint rule CODE``)."""
    return docs.explain(docs.documented(code))


def properties(code: str) -> Dict[str, object]:
    if code not in RULES:
        return {"tags": ["noinherit-lint"]}
    rule = RULES[code]
    return {"tags": ["noinherit-lint", "security", "handle-inheritance"], "leaks-on": rule.versions,
            "fix": rule.fix.value}
