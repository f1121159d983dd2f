"""The project's own code has no pyflakes findings and no syntax errors (flake8 F, E9)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLAKE8 = Path(sys.executable).with_name("flake8")



@pytest.mark.slow
def test_selfclean():
    result = subprocess.run(
        [str(FLAKE8), "--select", "F,E9", "--exclude", "tests/fixes/golden,tests/py2/golden,tests/rules/data",
         "noinherit_lint", "runtime", "bench", "tests"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
