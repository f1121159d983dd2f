"""Rule documentation, rendered from the `Rule` records (`registry.RULES`) and the file codes
(`registry.FILE_CODES`, NIH001): README's rule table and the full text of one code (ruff's sections).  Tests keep README equal to the table and require
every section of every rule.

    python -m noinherit_lint.docs                   # print the table
    python -m noinherit_lint.docs README.md         # rewrite the table between the markers in place
    python -m noinherit_lint.docs --explain NIH201  # print one rule's documentation
"""

from __future__ import annotations

import inspect
import re
import sys
from typing import Dict, Iterable, List, Optional, Union

from noinherit_lint import checker  # noqa: F401  (registers every rule)
from noinherit_lint.registry import FILE_CODES, RULES, FileCode, FixAvailability, Rule, known_codes

Documented = Union[Rule, FileCode]

START = "<!-- rules-table:start -->"
END = "<!-- rules-table:end -->"
HEADER = ("code", "name", "matches", "leaks on", "autofix", "fix safety")
AUTOFIX = {FixAvailability.ALWAYS: "yes", FixAvailability.SOMETIMES: "partly", FixAvailability.NEVER: "no"}

# The sections a rule's `doc` has, in this order; "Fix safety" is rendered from the record.
WRITTEN_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Versions", "References")
SECTIONS = WRITTEN_SECTIONS[:4] + ("Fix safety",) + WRITTEN_SECTIONS[4:]
_HEADING = re.compile(r"^## (.+)$", re.M)


# --------------------------------------------------------------------------- one rule


def documented(code: str) -> Documented:
    return RULES[code] if code in RULES else FILE_CODES[code]


def sections(rule: Documented) -> Dict[str, str]:
    """The sections written in `rule.doc`, by heading, in their order (text without the heading)."""
    text = inspect.cleandoc(rule.doc)
    headings = list(_HEADING.finditer(text))
    found: Dict[str, str] = {}
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        found[heading.group(1).strip()] = text[heading.end():end].strip()
    return found


def fix_safety_text(rule: Rule) -> str:
    """The "Fix safety" section: whether there is a fix, whether it is safe, and every reason a
    fix of the rule can carry (`Rule.fix_safeties`)."""
    safety = rule.fix_safety
    if safety.applicability is None:
        return f"No automatic fix: {safety.reason}"
    text = f"Fix is {rule.fix.value} available and {safety.applicability.value}: {safety.reason}"
    for other in rule.other_fix_safety:
        text += f"\n\nThe fix is {other.applicability.value} when {_lowered(other.reason)}"
    if any(not s.is_safe for s in rule.fix_safeties()):
        text += "\n\n`noinherit-fix` makes unsafe fixes only with `--unsafe-fixes` (or `unsafe-fixes = true`)."
    return text


def _lowered(reason: str) -> str:
    return reason[:1].lower() + reason[1:]


def fix_safety_cell(rule: Documented) -> str:
    """The table's "fix safety": safe, unsafe, "safe (some unsafe)" ... or "–" without a fix."""
    if isinstance(rule, FileCode) or rule.fix_safety.applicability is None:
        return "–"
    cell = rule.fix_safety.applicability.value
    others = {other.applicability.value for other in rule.other_fix_safety} - {cell}
    return f"{cell} (some {', '.join(sorted(others))})" if others else cell


def explain(rule: Documented) -> str:
    """The whole documentation of `rule` as markdown."""
    written = sections(rule)
    written["Fix safety"] = (f"No automatic fix: {rule.no_fix}" if isinstance(rule, FileCode)
                             else fix_safety_text(rule))
    parts = [f"# {rule.code} {rule.name}", rule.summary]
    if isinstance(rule, Rule):
        parts.append(f"Leaks on: {_versions(rule)}.")
    parts.extend(f"## {name}\n\n{written[name]}" for name in SECTIONS if name in written)
    return "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------- the table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _versions(rule: Documented) -> str:
    if isinstance(rule, FileCode):
        return "(not a leak)"
    return "every Python" if rule.versions == "all" else f"Python {rule.versions}"


def _autofix(rule: Documented) -> str:
    return "no" if isinstance(rule, FileCode) else AUTOFIX[rule.fix]


def rules_table(rules: Optional[Iterable[Documented]] = None) -> str:
    """The markdown table of `rules` (default: every registered code), sorted by code."""
    every = [documented(code) for code in known_codes()]
    selected = sorted(every if rules is None else rules, key=lambda rule: rule.code)
    lines: List[str] = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    for rule in selected:
        cells = (rule.code, f"`{rule.name}`", rule.summary, _versions(rule), _autofix(rule),
                 fix_safety_cell(rule))
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _markers(text: str):
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {START} and {END} are missing or out of order")
    return start, end


def replace_table(text: str, table: str) -> str:
    """`text` with everything between the rules-table markers replaced by `table`."""
    start, end = _markers(text)
    return text[: start + len(START)] + "\n" + table + text[end:]


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--explain"]:
        codes = args[1:]
        unknown = [code for code in codes if code not in known_codes()]
        if not codes or unknown:
            sys.stderr.write(f"--explain: unknown code(s) {', '.join(unknown)}; known: {', '.join(known_codes())}\n"
                             if unknown else "--explain needs a code, e.g. --explain NIH201\n")
            return 2
        sys.stdout.write("\n".join(explain(documented(code)) for code in codes))
        return 0
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
