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


_COMPILE_ALL = (
    "import sys, warnings\n"
    "warnings.simplefilter('ignore')\n"
    "for line in sys.stdin:\n"
    "    path = line.rstrip('\\n')\n"
    "    try:\n"
    "        compile(open(path, 'rb').read(), path, 'exec', 0, True)\n"
    "    except Exception:\n"
    "        sys.stdout.write(path + '\\n')\n"
)


def python27_rejects(python27: str, paths) -> set:
    """The paths (as str) that Python 2.7 does not compile (like py_compile, without writing)."""
    import subprocess

    listing = "".join(f"{p}\n" for p in paths)
    out = subprocess.run([python27, "-c", _COMPILE_ALL], input=listing, capture_output=True, text=True,
                         check=True).stdout
    return set(out.splitlines())
