"""The flake8 mechanism (noinherit_lint/flake8_python2.py) on the oldest and newest flake8 we allow.

`pyproject.toml` requires ``flake8>=7,<8`` because the mechanism wraps two flake8 methods; this
installs this checkout with flake8 7.0.0 and with the newest 7.x into fresh venvs and runs the
same Python 2 file through each, serially and with ``-j 2``.  Slow (two venvs from PyPI).
"""

from __future__ import annotations

import subprocess
import sys
import venv

import pytest

from tests.integration.conftest import REPO_ROOT
from tests.py2.test_flake8 import BROKEN, PYTHON2

VERSIONS = ["flake8==7.0.0", "flake8>=7,<8"]


@pytest.mark.slow
@pytest.mark.parametrize("requirement", VERSIONS)
def test_python_2_files_are_checked_on_each_allowed_flake8(tmp_path, requirement):
    folder = tmp_path / "venv"
    venv.create(folder, with_pip=True)
    python = folder / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              requirement, str(REPO_ROOT)], capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    version = subprocess.run([str(python), "-m", "flake8", "--version"], capture_output=True, text=True)
    print(f"\n{requirement}: {version.stdout.split()[0]}")
    (tmp_path / "legacy.py").write_text(PYTHON2)
    (tmp_path / "broken.py").write_text(BROKEN)
    for jobs in ("1", "2"):
        result = subprocess.run([str(python), "-m", "flake8", "-j", jobs, "--select", "NIH", "--nih-min-python",
                                 "2.7", "--nih-scope", "always", "legacy.py", "broken.py"],
                                cwd=tmp_path, capture_output=True, text=True, timeout=300)
        codes = sorted(line.split(": ")[0] + ": " + line.split(": ")[1].split(" ")[0]
                       for line in result.stdout.splitlines())
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert codes == ["broken.py:2:5: NIH001", "legacy.py:3:7: NIH101", "legacy.py:5:5: NIH201",
                         "legacy.py:8:1: NIH301"]


def test_the_requirement_names_the_tested_range():
    text = (REPO_ROOT / "pyproject.toml").read_text()
    assert '"flake8>=7,<8"' in text and VERSIONS[1] == "flake8>=7,<8"
    assert sys.version_info >= (3, 9)
