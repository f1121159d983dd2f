"""Fixtures for the Python 2 front end's tests: the pyenv 2.7 interpreter, when there is one."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

from tests.integration.conftest import pyenv_root


def python27_path() -> Optional[Path]:
    root = pyenv_root()
    if root is None or not (root / "versions").is_dir():
        return None
    for candidate in sorted((root / "versions").glob("2.7.*"), reverse=True):
        python = candidate / "bin" / "python"
        if python.exists():
            return python
    return None


@pytest.fixture(scope="session")
def python27() -> str:
    """The pyenv Python 2.7 interpreter; the test is skipped (and says so) without one."""
    path = python27_path()
    if path is None:
        pytest.skip("no pyenv Python 2.7 installed")
    return str(path)
