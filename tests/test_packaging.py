"""Packaging a user can trust (slow: builds distributions and virtual environments; needs PyPI).

* the sdist holds what its own fast tests and the runtime wheel need: built, unpacked, its
  ``pytest -m "not slow"`` passes with nothing else, and ``runtime_dist/`` builds from it;
* the runtime package ``noinherit_ftools`` has one owner, the runtime wheel: the two wheels share
  no file, ``pip check`` is clean in both install orders, and uninstalling either leaves the
  other working;
* both README Quickstart commands work in a fresh clone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import List

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def run(command: List[str], cwd: Path, timeout: int = 1800, env=None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def venv(folder: Path) -> Path:
    run([sys.executable, "-m", "venv", str(folder)], folder.parent)
    return folder / "bin" / "python"


def source_copy(target: Path) -> Path:
    """The files git tracks (what a clone holds), or the tree without build output."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True)
    if tracked.returncode == 0 and tracked.stdout:
        for name in tracked.stdout.decode().split("\0"):
            if name and (REPO / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / name, target / name)
    else:
        shutil.copytree(REPO, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache"))
    return target


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    """(sdist, main wheel, runtime wheel), built from a copy of the tracked files."""
    work = tmp_path_factory.mktemp("dists")
    source = source_copy(work / "source")
    out = work / "out"
    run([sys.executable, "-m", "build", "--sdist", "--wheel", "-o", str(out), str(source)], work)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source / "runtime_dist")], work)
    (sdist,) = out.glob("noinherit_lint-*.tar.gz")
    (main,) = out.glob("noinherit_lint-*.whl")
    (runtime,) = out.glob("noinherit_ftools-*.whl")
    return sdist, main, runtime


def _installed_files(wheel: Path) -> set:
    with zipfile.ZipFile(wheel) as archive:
        return {n for n in archive.namelist() if ".dist-info/" not in n}


def test_main_wheel_metadata_and_license(dists):
    _, main, _ = dists
    with zipfile.ZipFile(main) as archive:
        metadata = archive.read(f"{main.name.split('-py3')[0]}.dist-info/METADATA").decode()
        names = archive.namelist()
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
    assert re.search(r"^Project-URL: Source, https://", metadata, re.M)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "noinherit_lint/_runtime/ftools.py" in names  # what --vendor copies
    assert not [n for n in names if n.startswith("noinherit_ftools/")]


def test_the_runtime_has_one_owner_and_pip_check_is_clean_in_both_orders(dists, tmp_path):
    _, main, runtime = dists
    assert not _installed_files(main) & _installed_files(runtime)
    for order in ((main, runtime), (runtime, main)):
        python = venv(tmp_path / f"first-{order[0].name[:14]}")
        for wheel in order:
            run([str(python), "-m", "pip", "install", "-q", str(wheel)], tmp_path)
        run([str(python), "-m", "pip", "check"], tmp_path)
        # uninstalling the first one leaves the second one working
        first = "noinherit-lint" if order[0] is main else "noinherit-ftools"
        run([str(python), "-m", "pip", "uninstall", "-y", "-q", first], tmp_path)
        run([str(python), "-m", "pip", "check"], tmp_path)
        if first == "noinherit-lint":
            probe = "from noinherit_ftools import ftools; ftools.open(__import__('os').devnull).close()"
            run([str(python), "-c", probe], tmp_path)
        else:
            target = tmp_path / "vendored" / "ftools.py"
            target.parent.mkdir()
            (target.parent / "app.py").write_text("open('p')\n")
            fixed = subprocess.run([str(python.parent / "noinherit-fix"), "--scope", "always", "--vendor",
                                    str(target), str(target.parent / "app.py")], capture_output=True, text=True)
            assert fixed.returncode == 1, fixed.stderr
            assert target.read_bytes().endswith((REPO / "runtime" / "ftools.py").read_bytes())
            assert run([str(python), "-m", "flake8", "--version"], tmp_path).stdout.count("noinherit-lint") == 1


def test_sdist_runs_its_fast_tests_and_builds_the_runtime_wheel(dists, tmp_path):
    sdist, _, _ = dists
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
        archive.extractall(tmp_path)
    top = tmp_path / sdist.name[: -len(".tar.gz")]
    for needed in ("LICENSE", "README.md", "tests/test_settings.py", "examples/leaky_app/pyproject.toml",
                   "runtime/ftools.py", "runtime_dist/setup.py", ".pre-commit-hooks.yaml"):
        assert f"{top.name}/{needed}" in names, needed
    assert not [n for n in names if "__pycache__" in n or "noinherit_ftools.egg-info" in n]
    python = venv(tmp_path / "venv")
    run([str(python), "-m", "pip", "install", "-q", ".[test]", "./runtime_dist"], top)
    tests = run([str(python), "-m", "pytest", "-m", "not slow", "-q", "-p", "no:cacheprovider"], top,
                timeout=3600)
    assert re.search(r"\d+ passed", tests.stdout.splitlines()[-1]), tests.stdout[-2000:]
    out = tmp_path / "wheel"
    run([str(python), "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), "runtime_dist/"], top)
    version = re.search(r'^__version__ = "([^"]+)"$', (top / "runtime" / "ftools.py").read_text(), re.M).group(1)
    assert [p.name for p in out.iterdir()] == [f"noinherit_ftools-{version}-py2.py3-none-any.whl"]


def quickstart() -> List[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Quickstart\n.*?^```\w*\n(.*?)^```", text, re.M | re.S).group(1)
    return block.splitlines()


def test_quickstart_commands_work_in_a_fresh_clone(tmp_path):
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git checkout of this project")
    clone = tmp_path / "clone"
    run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(clone)], tmp_path)
    first, second = quickstart()
    lint = subprocess.run(["bash", "-c", first], cwd=clone, capture_output=True, text=True, timeout=1800)
    assert lint.returncode == 1, lint.stderr  # the example's findings are the point
    assert "examples/leaky_app/leaky_app/worker.py:25:10: NIH101 " in lint.stdout
    shutil.rmtree(clone / ".venv")
    # the second command as CI runs it, with pytest limited to a few fast files
    assert second.endswith(".venv/bin/pytest"), second
    tests = subprocess.run(
        ["bash", "-c", second + " -q -p no:cacheprovider tests/test_settings.py tests/runtime/test_runtime_inprocess.py "
                                 "tests/rules/test_creation.py tests/fixes/test_vendor.py"],
        cwd=clone, capture_output=True, text=True, timeout=1800)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-3000:]
    assert " passed" in tests.stdout.splitlines()[-1]
