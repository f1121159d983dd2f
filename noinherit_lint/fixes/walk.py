"""Which files `noinherit-fix PATH...` looks at.

A file argument is taken as given (pre-commit passes file names), unless ``--exclude`` matches
it.  A directory argument is walked for ``*.py`` files, skipping

* hidden folders (``.git``, ``.tox``, ``.venv`` ...) and ``__pycache__``, ``node_modules``,
  ``site-packages``, ``venv``, ``__pypackages__``, ``*.egg`` (flake8's default excludes are a subset);
* any folder holding a ``pyvenv.cfg`` (a virtual environment, whatever its name);
* a ``build`` folder that is not itself a package (setuptools' copies of the sources);
* symbolic links (a linked file is fixed where it really lives; loops cannot happen);
* anything ``--exclude`` matches.

``--exclude`` takes comma-separated glob patterns matched like flake8's: against the base name and
against the absolute path (a pattern containing ``/`` is taken relative to the current folder).
"""

from __future__ import annotations

import os
from fnmatch import fnmatch
from typing import Iterator, List, Sequence, Tuple

SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules", "site-packages", "venv", "__pypackages__"})


def parse_patterns(value: str) -> Tuple[str, ...]:
    patterns = []
    for item in value.split(","):
        item = item.strip()
        if item:
            patterns.append(os.path.abspath(item) if "/" in item else item)
    return tuple(patterns)


def excluded(path: str, patterns: Sequence[str]) -> bool:
    if not patterns:
        return False
    base = os.path.basename(path)
    if base not in (".", "..") and any(fnmatch(base, p) for p in patterns):
        return True
    absolute = os.path.abspath(path)
    return any(fnmatch(absolute, p) for p in patterns)


def _skip_folder(parent: str, name: str, patterns: Sequence[str]) -> bool:
    if name.startswith(".") or name in SKIPPED_FOLDERS or name.endswith(".egg"):
        return True
    path = os.path.join(parent, name)
    if os.path.islink(path) or os.path.isfile(os.path.join(path, "pyvenv.cfg")):
        return True
    if name == "build" and not os.path.isfile(os.path.join(path, "__init__.py")):
        return True
    return excluded(path, patterns)


def _walk(top: str, patterns: Sequence[str]) -> Iterator[str]:
    for parent, folders, files in os.walk(top, followlinks=False):
        folders[:] = sorted(f for f in folders if not _skip_folder(parent, f, patterns))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(parent, name)
            if os.path.islink(path) or excluded(path, patterns):
                continue
            yield path


def gather(paths: Sequence[str], patterns: Sequence[str]) -> Tuple[List[str], List[Tuple[str, str]]]:
    """(files to process in order, [(path, problem)] for arguments that do not exist)."""
    files: List[str] = []
    problems: List[Tuple[str, str]] = []
    seen = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)

    for path in paths:
        if os.path.isdir(path):
            if os.path.isfile(os.path.join(path, "pyvenv.cfg")):
                continue
            for found in _walk(path, patterns):
                add(found)
        elif os.path.lexists(path):
            if not excluded(path, patterns):
                add(path)
        else:
            problems.append((path, "no such file or directory"))
    return files, problems
