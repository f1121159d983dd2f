"""The project's own code has no pyflakes findings and no syntax errors (flake8 F, E9)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLAKE8 = Path(sys.executable).with_name("flake8")

# Inputs that are not the project's code: golden fix files (unused imports on purpose), rule
# data, and the Python 2 golden files, which Python 3 cannot parse (E999) by design.  Their
# checks are their own tests: tests/fixes/test_golden.py, tests/rules, tests/py2/test_golden_py2.py
# (which also compiles the Python 2 ones with a real 2.7).
FIXTURES = ("tests/fixes/golden", "tests/rules/data", "tests/py2/golden")


@pytest.mark.slow
def test_selfclean():
    assert all((ROOT / folder).is_dir() for folder in FIXTURES), "an excluded folder moved"
    result = subprocess.run(
        [str(FLAKE8), "--select", "F,E9", "--extend-exclude", ",".join(FIXTURES),
         "noinherit_lint", "runtime", "bench", "tests"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
