""".pre-commit-hooks.yaml: the hook settings README's pre-commit section explains."""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def test_check_hook_runs_serially_like_flake8s_own_hook_and_fix_hook_in_batches():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"noinherit-check", "noinherit-fix"}
    assert hooks["noinherit-check"]["entry"] == "flake8 --select NIH"
    assert hooks["noinherit-check"]["require_serial"] is True
    assert "require_serial" not in hooks["noinherit-fix"]
    assert all(hook["types"] == ["python"] and hook["language"] == "python" for hook in hooks.values())
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "`require_serial: true`, as flake8's own hook" in readme


def test_ci_runs_the_second_quickstart_line():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quickstart", 1)[1].split("```")[1].splitlines()[1:]
    assert block[1] == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' -e ./runtime_dist && .venv/bin/pytest"
    assert "sed -n 2p" in (REPO / ".ci" / "run").read_text()
