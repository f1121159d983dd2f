"""Unwritable output streams and very deep folders (issue 12).

Before: a closed or full stderr gave a traceback and the run stopped at its first message; a
full stdout under --diff a traceback; about 1,000 nested folders a RecursionError traceback
with exit 1 ("files changed"), about 500 a RecursionError refusal ("internal error").
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from noinherit_lint.fixes import walk
from tests.cli.test_cli import FIXED, LEAKY, SCRIPT, run, write
from tests.nested import nested_folders

BIG = "import subprocess\n" + "".join(f'h{i} = open("f{i}")\n' for i in range(60))


def _shell(command: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def _two_leaky(folder: Path):
    return [write(folder / "a.py", LEAKY), write(folder / "b.py", LEAKY)]


needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=pytest.mark.slow)])  # 2: a worker pool
@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"], ids=["stderr-closed", "stderr-full"])
def test_unwritable_stderr_does_not_stop_the_run(tmp_path, redirect, jobs):
    if "full" in redirect and not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    files = _two_leaky(tmp_path)
    result = _shell(f"'{SCRIPT}' -j {jobs} --unsafe-fixes --min-python 2.7 a.py b.py {redirect}", tmp_path)
    assert all(path.read_text() == FIXED for path in files)
    assert result.returncode == 2  # the messages were lost: not a clean "files changed"
    assert result.stdout == ""


@needs_dev_full
def test_full_stdout_under_diff_is_one_line_and_a_stop(tmp_path):
    files = _two_leaky(tmp_path)
    result = _shell(f"'{SCRIPT}' --diff --unsafe-fixes --min-python 2.7 a.py b.py >/dev/full", tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("noinherit-fix: cannot write to stdout (No space left on device); "
                             "stopped after 1 of 2 files\n")
    assert all(path.read_text() == LEAKY for path in files)


def test_closed_stdout_under_diff_is_one_line_and_a_stop(tmp_path):
    _two_leaky(tmp_path)
    result = _shell(f"'{SCRIPT}' --diff --unsafe-fixes --min-python 2.7 a.py b.py >&-", tmp_path)
    assert (result.returncode, result.stderr) == (
        2, "noinherit-fix: cannot write to stdout (it is closed); stopped after 1 of 2 files\n")


def test_diff_into_a_closed_pipe_stops_quietly(tmp_path):
    for i in range(100):
        write(tmp_path / f"m{i:03}.py", BIG)
    result = _shell(f"set -o pipefail; '{SCRIPT}' --diff --unsafe-fixes --min-python 2.7 . | head -n 1", tmp_path)
    assert result.stdout.startswith("--- ./m000.py")
    assert result.returncode == 2 and result.stderr == ""


@pytest.mark.parametrize("depth", [pytest.param(500, marks=pytest.mark.slow), 1000])  # 500: the project-file search recursed; 1000: the walk
def test_deeply_nested_folders(tmp_path, capsys, depth):
    with nested_folders(tmp_path, depth) as deep:
        path = write(deep / "leaky.py", LEAKY)
        assert run(capsys, "--min-python", "2.7", tmp_path) == (1, "", f"Rewriting {path}\n")
        assert path.read_text() == FIXED
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path, capsys, monkeypatch):
    good = write(tmp_path / "a" / "leaky.py", LEAKY)
    write(tmp_path / "locked" / "leaky.py", LEAKY)
    real_scandir = os.scandir

    def scandir(path):
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(walk.os, "scandir", scandir)
    code, out, err = run(capsys, "--min-python", "2.7", tmp_path)
    assert code == 2
    assert err == f"{tmp_path / 'locked'}: cannot list (Permission denied)\nRewriting {good}\n"
