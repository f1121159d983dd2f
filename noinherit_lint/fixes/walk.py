"""Which files `noinherit-fix PATH...` looks at.

A file argument is taken as given (pre-commit passes file names), unless ``--exclude`` matches
it.  A directory argument is walked for ``*.py`` files, skipping

* hidden folders (``.git``, ``.tox``, ``.venv`` ...) and ``__pycache__``, ``node_modules``,
  ``site-packages``, ``__pypackages__``, ``*.egg`` (flake8's default excludes are a subset);
* any folder holding a ``pyvenv.cfg`` (a virtual environment, whatever its name);
* a ``build`` folder that is not itself a package (setuptools' copies of the sources), and a
  ``venv`` folder that is not a package (the stdlib's ``venv`` package is checked, as flake8 does);
* symbolic links (a linked file is fixed where it really lives; loops cannot happen);
* anything ``--exclude`` matches.

``noinherit-lint check`` gathers ``like_flake8``: it lists what flake8 lists, so a link named
``*.py`` that does not lead to a folder (to a file, dangling, a loop) is listed under the link's
own path (reading a dangling link or a loop then fails, and the check reports it as flake8 does),
and so is an argument that does not exist; a link to a folder is still not followed (flake8's
``os.walk`` does not follow it either).  A file is listed once per path, not once per real file:
a link and its target are two files.

The walk keeps its own stack of folders (no recursion, so any depth works), and a folder that
cannot be listed is reported, not passed over silently.

``--exclude`` takes comma-separated glob patterns matched like flake8's: against the base name and
against the absolute path (a pattern containing ``/`` is taken relative to the current folder).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from fnmatch import translate
from functools import lru_cache
from typing import Callable, Iterator, List, Optional, Sequence, Tuple

SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules", "site-packages", "__pypackages__"})
SKIPPED_UNLESS_PACKAGE = frozenset({"build", "venv"})


def parse_patterns(value: str) -> Tuple[str, ...]:
    patterns = []
    for item in value.split(","):
        item = item.strip()
        if item:
            patterns.append(os.path.abspath(item) if "/" in item else item)
    return tuple(patterns)


@lru_cache(maxsize=64)
def _any_of(patterns: Tuple[str, ...]) -> Callable[[str], Optional[re.Match]]:
    """Whether a name matches any of `patterns` as `fnmatch.fnmatch` matches it (both sides
    `normcase`d), in one regular expression: the walk asks for every file and folder."""
    alternatives = "|".join(f"(?:{translate(os.path.normcase(pattern))})" for pattern in patterns)
    return re.compile(alternatives).match


def excluded(path: str, patterns: Sequence[str]) -> bool:
    if not patterns:
        return False
    matches = _any_of(tuple(patterns))
    base = os.path.basename(path)
    if base not in (".", "..") and matches(os.path.normcase(base)):
        return True
    return matches(os.path.normcase(os.path.abspath(path))) is not None


def _skip_folder(path: str, name: str, patterns: Sequence[str]) -> bool:
    """`path` is a real folder (not a link) named `name`."""
    if name.startswith(".") or name in SKIPPED_FOLDERS or name.endswith(".egg"):
        return True
    if os.path.isfile(os.path.join(path, "pyvenv.cfg")):
        return True
    if name in SKIPPED_UNLESS_PACKAGE and not os.path.isfile(os.path.join(path, "__init__.py")):
        return True
    return excluded(path, patterns)


@dataclass
class Gathered:
    files: List[str] = field(default_factory=list)  # in order, each real file (or path: `gather`) once
    problems: List[Tuple[str, str]] = field(default_factory=list)  # (path, why it is not processed)
    folders: List[str] = field(default_factory=list)  # every folder looked into, for the clean-up


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _leads_to_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a loop
        return False


def _walk(top: str, patterns: Sequence[str], gathered: Gathered, like_flake8: bool = False) -> Iterator[str]:
    """The *.py files under `top` in sorted depth-first order, without recursion (any depth);
    `like_flake8`: a link that does not lead to a folder is one (see above)."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            gathered.problems.append((folder, f"cannot list ({exc.strerror or exc})"))
            continue
        gathered.folders.append(folder)
        subfolders = []
        for entry in entries:
            if _is_folder(entry):
                if not _skip_folder(entry.path, entry.name, patterns):
                    subfolders.append(entry.path)
            elif entry.name.endswith(".py") and not excluded(entry.path, patterns):
                if entry.is_symlink() and (not like_flake8 or _leads_to_folder(entry)):
                    continue
                yield entry.path  # FIFOs and devices too: reading refuses them in one line
        stack.extend(reversed(subfolders))


def gather(paths: Sequence[str], patterns: Sequence[str], like_flake8: bool = False) -> Gathered:
    """The files to process, the arguments that do not exist, the folders looked into; with
    `like_flake8` the files flake8 would check (see above): an argument that does not exist is
    one of them (reading it says why), and only a folder that cannot be listed is a problem."""
    gathered = Gathered()
    seen = set()
    folders = set()

    def add(path: str) -> None:
        key = os.path.abspath(path) if like_flake8 else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            gathered.files.append(path)

    for path in paths:
        if os.path.isdir(path):
            if os.path.isfile(os.path.join(path, "pyvenv.cfg")):
                continue
            for found in _walk(path, patterns, gathered, like_flake8):
                add(found)
        elif os.path.lexists(path) or like_flake8:  # flake8 lists a missing file: reading it says why
            if not excluded(path, patterns):
                add(path)
                folder = os.path.dirname(os.path.realpath(path))
                if folder not in folders:
                    folders.add(folder)
                    gathered.folders.append(folder)
        else:
            gathered.problems.append((path, "no such file or directory"))
    return gathered


def python_files(top: str) -> List[str]:
    """The *.py files under `top` that a walk of it would fix (no excludes; unlistable folders skipped)."""
    return list(_walk(top, (), Gathered()))
