"""The codemod's before/after example in README is what `noinherit-fix` really does."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
NOINHERIT_FIX = Path(sys.executable).with_name("noinherit-fix")


def _example():
    text = README.read_text(encoding="utf-8")
    match = re.search(
        r"Before \(a test runs this example\):\n\n```python\n(.*?)```\n\nAfter `(noinherit-fix [^`]*) \.`:"
        r"\n\n```python\n(.*?)```",
        text,
        flags=re.S,
    )
    assert match, "README's codemod example is missing or its layout changed"
    return match.group(1), shlex.split(match.group(2)), match.group(3)


def test_readme_before_after_example(tmp_path):
    before, command, after = _example()
    target = tmp_path / "publish.py"
    target.write_text(before, encoding="utf-8")
    result = subprocess.run(
        [str(NOINHERIT_FIX), *command[1:], str(target)], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"Rewriting {target}\n"
    assert target.read_text(encoding="utf-8") == after
