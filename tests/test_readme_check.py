"""README's section on `noinherit-lint check` says what the command does: its option table is the
parser's options, its formats are the formats, and its "Next to ruff" advice is what the installed
ruff does with a ``# noqa: NIH101`` comment."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from noinherit_lint.lint_cli import build_parser
from noinherit_lint.output import FORMATS

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(start: str, end: str) -> str:
    return README.split(start, 1)[1].split(end, 1)[0]


CHECK_SECTION = _section("## The standalone check: `noinherit-lint check`", "## The codemod: `noinherit-fix`")


def _check_parser() -> argparse.ArgumentParser:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return commands.choices["check"]


def _table_options(text: str):
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    return {option for row in rows for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", row.split(" | ")[0])}


def test_the_options_table_lists_every_option_of_check_and_no_other():
    parser_options = {s for action in _check_parser()._actions for s in action.option_strings} - {"-h", "--help"}
    assert _table_options(CHECK_SECTION) == parser_options


def test_the_formats_readme_names_are_the_formats():
    formats_bullet = CHECK_SECTION.split("- **Output formats**", 1)[1].split("\n- **", 1)[0]
    named = set(re.findall(r"`(\w+)`\s+\(", formats_bullet))
    assert named == set(FORMATS)


def test_the_pre_commit_example_names_this_repositorys_check_hook():
    example = _section("### Next to ruff", "```toml").split("```yaml", 1)[1].split("```", 1)[0]
    config = yaml.safe_load(example.replace("<URL of this repository>", "local"))
    ours = [hook["id"] for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    hook_ids = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert ours == ["noinherit-check"] and set(ours) <= hook_ids


def _ruff_fix(tmp_path: Path, settings: str) -> str:
    (tmp_path / "pyproject.toml").write_text(f"[tool.ruff.lint]\n{settings}\n")
    module = tmp_path / "m.py"
    module.write_text('f = open("p")  # noqa: NIH101\n')
    ruff = os.path.join(os.path.dirname(sys.executable), "ruff")  # the test extra's
    subprocess.run([ruff, "check", "--no-cache", "--fix", "--exit-zero", "-q", "m.py"], cwd=tmp_path,
                   check=True, capture_output=True, timeout=60)
    return module.read_text()


def test_ruff_deletes_our_noqa_comments_unless_the_codes_are_external(tmp_path):
    rules = 'select = ["RUF100", "RUF102"]'
    assert _ruff_fix(tmp_path, rules) == 'f = open("p")\n'
    assert _ruff_fix(tmp_path, rules + '\nexternal = ["NIH"]') == 'f = open("p")  # noqa: NIH101\n'
    assert 'external = ["NIH"]' in CHECK_SECTION
