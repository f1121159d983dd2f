"""Shared by the tests of `noinherit-lint check`: a small project tree and an in-process runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from noinherit_lint.lint_cli import main
from noinherit_lint.settings import clear_caches

LEAKY = (
    "import subprocess\n"
    "\n"
    "\n"
    "def log_and_run(path, argv):\n"
    "    handle = open(path, 'a')\n"
    "    handle.write('running')\n"
    "    return subprocess.call(argv)\n"
)
LEAKY_FINDINGS = [
    "leaky.py:5:14: NIH101 open() creates a handle that child processes inherit on Python < 3.4: a child started "
    "while it is open (subprocess.call() at line 7) gets it; use ftools.open()",
    "leaky.py:7:12: NIH301 subprocess.call() passes every open file and socket to the child on Python < 3.2 "
    "(close_fds defaults to False there); use close_fds=True, or pass_fds= for the descriptors the child needs",
]
PYPROJECT = '[project]\nname = "user"\nversion = "1"\nrequires-python = ">=2.7"\n'


@pytest.fixture(autouse=True)
def _fresh_settings():
    clear_caches()
    yield
    clear_caches()


def write(path: Path, text) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder (the working folder) holding pyproject.toml and leaky.py."""
    root = tmp_path / "user"
    write(root / "pyproject.toml", PYPROJECT)
    write(root / "leaky.py", LEAKY)
    monkeypatch.chdir(root)
    return root


def run(capsys, *args, stdin=None, monkeypatch=None):
    """(exit status, stdout, stderr) of ``noinherit-lint ARGS`` run in this process."""
    if stdin is not None:
        import io
        import sys

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    clear_caches()
    return code, out, err
