"""Where a code's documentation is read on the web (the JSON and SARIF outputs link to it)."""

from __future__ import annotations

DOCS_URL = "https://github.com/noinherit-lint/noinherit-lint#rules"


def rule_url(code: str) -> str:
    return DOCS_URL
