"""README's rule table, generated from `registry.RULES` (a test keeps README equal to this).

    python -m noinherit_lint.docs            # print the table
    python -m noinherit_lint.docs README.md  # rewrite the table between the markers in place
"""

from __future__ import annotations

import sys
from typing import Iterable, List, Optional

from noinherit_lint import checker  # noqa: F401  (registers every rule)
from noinherit_lint.registry import RULES, Rule

START = "<!-- rules-table:start -->"
END = "<!-- rules-table:end -->"
HEADER = ("code", "name", "matches", "leaks on", "autofix")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _versions(rule: Rule) -> str:
    return "every Python" if rule.versions == "all" else f"Python {rule.versions}"


def rules_table(rules: Optional[Iterable[Rule]] = None) -> str:
    """The markdown table of `rules` (default: every registered rule), sorted by code."""
    selected = sorted(RULES.values() if rules is None else rules, key=lambda rule: rule.code)
    lines: List[str] = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    for rule in selected:
        cells = (rule.code, f"`{rule.name}`", rule.summary, _versions(rule), rule.fixable)
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def replace_table(text: str, table: str) -> str:
    """`text` with everything between the rules-table markers replaced by `table`."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {START} and {END} are missing or out of order")
    return text[: start + len(START)] + "\n" + table + text[end:]


def table_in(text: str) -> str:
    """The text between the rules-table markers (without the newline after the start marker)."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {START} and {END} are missing or out of order")
    return text[start + len(START):end].lstrip("\n")


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    table = rules_table()
    if not args:
        sys.stdout.write(table)
        return 0
    for path in args:
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                text = handle.read()
            updated = replace_table(text, table)
        except (OSError, ValueError) as exc:
            sys.stderr.write(f"{path}: {exc}\n")
            return 2
        if updated != text:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(updated)
            sys.stderr.write(f"Rewriting {path}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
