"""What the outputs say about a code: its name, summary, documentation and URL, from the registry
(`registry.RULES`, `docs.explain`) and the tool's own codes (`tool_codes`)."""

from __future__ import annotations

from typing import Dict, List

from noinherit_lint import docs
from noinherit_lint.output.urls import rule_url  # noqa: F401  (part of what the outputs say about a code)
from noinherit_lint.registry import RULES
from noinherit_lint.tool_codes import TOOL_CODE_NAMES, TOOL_CODES
from noinherit_lint.tool_codes import explain as explain_tool_code



def known_codes() -> List[str]:
    return sorted([*TOOL_CODES, *RULES])


def name(code: str) -> str:
    return RULES[code].name if code in RULES else TOOL_CODE_NAMES[code]


def summary(code: str) -> str:
    return RULES[code].summary if code in RULES else TOOL_CODES[code]


def explain(code: str) -> str:
    """The markdown documentation of `code` (``noinherit-lint rule CODE``)."""
    return docs.explain(RULES[code]) if code in RULES else explain_tool_code(code)


def properties(code: str) -> Dict[str, object]:
    if code not in RULES:
        return {"tags": ["noinherit-lint"]}
    rule = RULES[code]
    return {"tags": ["noinherit-lint", "security", "handle-inheritance"], "leaks-on": rule.versions,
            "fix": rule.fix.value}
