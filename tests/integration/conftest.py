"""Shared helpers for the integration tests: where the tools and the pyenv stdlibs are."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def pyenv_root() -> Optional[Path]:
    root = os.environ.get("PYENV_ROOT")
    if root:
        return Path(root)
    try:
        out = subprocess.run(["pyenv", "root"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def stdlib_dir(version: str) -> Path:
    """The Lib folder of pyenv's newest installed `version` (``3.13``, ``2.7``); skip if absent."""
    root = pyenv_root()
    if root is None or not (root / "versions").is_dir():
        pytest.skip("pyenv is not available")
    candidates = sorted(
        (p for p in (root / "versions").iterdir() if p.name.startswith(version + ".")),
        key=lambda p: tuple(int(x) for x in p.name.split(".") if x.isdigit()),
    )
    for candidate in reversed(candidates):
        lib = candidate / "lib" / f"python{version}"
        if lib.is_dir():
            return lib
    pytest.skip(f"no pyenv Python {version} installed")


def stdlib_files(lib: Path, *, tests: bool = True) -> List[Path]:
    """Every .py file of a stdlib folder (site-packages excluded; test folders optional), sorted."""
    files = []
    for dirpath, dirnames, filenames in os.walk(lib):
        rel = Path(dirpath).relative_to(lib)
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in ("site-packages", "__pycache__")
            and (tests or not _is_test_dir(rel / d))
        )
        files.extend(Path(dirpath) / f for f in sorted(filenames) if f.endswith(".py"))
    return files


def _is_test_dir(rel: Path) -> bool:
    return rel.name in ("test", "tests", "idle_test") or rel.name.startswith("test_") or \
        (rel.parts[:1] == ("lib2to3",) and "tests" in rel.parts)


def tool(name: str) -> List[str]:
    """The console script `name` installed next to the running interpreter; skip if missing."""
    path = BIN / name
    if not path.exists():
        pytest.skip(f"{name} is not installed in {BIN}")
    return [str(path)]


def flake8_nih(*args: str) -> List[str]:
    return [sys.executable, "-m", "flake8", "--select", "NIH", *args]


def copy_tree(files: List[Path], lib: Path, dest: Path) -> List[Path]:
    """Copy `files` (under `lib`) to the same relative places under `dest`; the copies."""
    import shutil

    copies = []
    for path in files:
        target = dest / path.relative_to(lib)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        copies.append(target)
    return copies


def snapshot(root: Path) -> dict:
    """Every regular file under `root` (hidden ones included) -> its bytes."""
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def compiles(path: Path, *, parse_only: bool = False) -> bool:
    """Does this interpreter compile (or, with `parse_only`, `ast.parse`) the file?"""
    import ast
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if parse_only:
                ast.parse(path.read_bytes(), str(path))
            else:
                compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            return False
    return True


def _proc_stat(pid) -> Optional[List[str]]:
    """The fields of /proc/PID/stat after the command name (state, parent, ...), None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def children_of(parent: int) -> List[int]:
    """The processes whose parent is `parent` and that have not exited (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _proc_stat(entry)
            if fields and fields[0] != "Z" and int(fields[1]) == parent:
                found.append(int(entry))
    return found


def still_running(pids) -> List[int]:
    """Those of `pids` that have not exited (a zombie has)."""
    return [pid for pid in pids if (_proc_stat(pid) or ["Z"])[0] != "Z"]
