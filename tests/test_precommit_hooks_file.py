""".pre-commit-hooks.yaml: the hook settings README's pre-commit section explains."""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def test_check_hook_uses_the_standalone_check_and_both_hooks_run_in_batches():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"noinherit-check", "noinherit-fix"}
    check, fix = hooks["noinherit-check"], hooks["noinherit-fix"]
    assert check["entry"] == "noinherit-lint check"
    assert check["types_or"] == ["python", "pyi"] and "types" not in check
    # types_or exists since pre-commit 2.9.0
    assert tuple(map(int, check["minimum_pre_commit_version"].split("."))) >= (2, 9, 0)
    assert fix["entry"] == "noinherit-fix" and fix["types"] == ["python"]
    assert all("require_serial" not in hook and hook["language"] == "python" for hook in hooks.values())
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "`noinherit-check` runs `noinherit-lint check` without `require_serial`" in readme


def test_ci_runs_the_second_quickstart_line():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quickstart", 1)[1].split("```")[1].splitlines()[1:]
    assert block[1] == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' -e ./runtime_dist && .venv/bin/pytest"
    assert "sed -n 2p" in (REPO / ".ci" / "run").read_text()
