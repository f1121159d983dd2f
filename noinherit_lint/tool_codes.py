"""The codes the tool itself reports about a file, next to the rules' codes (`registry.RULES`).

They are not rules (nothing to fix, no ``--select`` turns them off in ``noinherit-lint check``):
they say that a file could not be checked, so that no file ever passes silently.
"""

from __future__ import annotations

from typing import Dict

NIH000 = "NIH000"
NIH001 = "NIH001"

TOOL_CODES: Dict[str, str] = {
    NIH000: "the settings of the file's project cannot be read (a bad pyproject.toml, setup.cfg or option)",
    NIH001: "the file cannot be parsed, neither as Python 3 nor as Python 2.7",
}

TOOL_CODE_NAMES: Dict[str, str] = {NIH000: "invalid-settings", NIH001: "cannot-parse"}


def explain(code: str) -> str:
    """The documentation of a tool code, in the shape of a rule's (`docs.explain`)."""
    return (f"# {code} {TOOL_CODE_NAMES[code]}\n\n{TOOL_CODES[code][0].upper()}{TOOL_CODES[code][1:]}.\n\n"
            "## What it does\n\nReported by the tool, not by a rule: the file was not checked. "
            "Fix the file (or the settings) and check again.\n")
