"""Which import section a module belongs to, as isort and ruff's ``I`` rules sort them.

Sections, in order: ``__future__``, the standard library, third party, first party (the
project's own top-level packages and modules), and local (relative imports).  A name is first
party when the project root (the folder of the nearest ``pyproject.toml``/``setup.cfg``/
``setup.py``), its ``src`` folder, or the checked file's own import root holds a package or a
module of that name (ruff's default ``src = [".", "src"]``); otherwise it is standard library
when CPython ships it (Python 2's names too: ``SocketServer``, ``urllib2``), else third party.

Within a section isort's and ruff's default order is every ``import x`` first, then every ``from x
import y``, each sorted by module name without regard to case; relative imports run from the
furthest (``from .. import``) to the closest (``from . import``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import FrozenSet, Optional, Tuple

FUTURE, STDLIB, THIRD_PARTY, FIRST_PARTY, LOCAL = range(5)

# Python 2 standard modules that Python 3 renamed or dropped (the codemod also fixes 2.7 code).
PYTHON2_STDLIB = frozenset("""
    BaseHTTPServer CGIHTTPServer ConfigParser Cookie HTMLParser Queue SimpleHTTPServer
    SimpleXMLRPCServer SocketServer StringIO Tkinter UserDict UserList UserString anydbm
    commands cPickle cStringIO copy_reg dbhash dircache dumbdbm exceptions htmlentitydefs
    httplib md5 mimetools mimetypes multifile new popen2 repr rfc822 robotparser sets sha
    thread urllib2 urlparse user whichdb xmlrpclib __builtin__ imp asyncore asynchat distutils
""".split())


def _stdlib_names() -> FrozenSet[str]:
    names = set(getattr(sys, "stdlib_module_names", ())) | set(sys.builtin_module_names)
    if not getattr(sys, "stdlib_module_names", None):  # Python 3.9: the modules next to os.py
        folder = os.path.dirname(os.__file__)
        for entry in os.listdir(folder):
            stem, ext = os.path.splitext(entry)
            if ext == ".py" or (not ext and os.path.isfile(os.path.join(folder, entry, "__init__.py"))):
                names.add(stem)
    return frozenset(names) | PYTHON2_STDLIB


STDLIB_NAMES = _stdlib_names()


@lru_cache(maxsize=256)
def _top_level_names(folder: str) -> FrozenSet[str]:
    """The packages and modules directly in `folder` (namespace packages included)."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return frozenset()
    names = set()
    for entry in entries:
        stem, ext = os.path.splitext(entry)
        if ext in (".py", ".pyi") and stem.isidentifier():
            names.add(stem)
        elif not ext and entry.isidentifier() and os.path.isdir(os.path.join(folder, entry)):
            names.add(entry)
    return frozenset(names)


def import_root(path: str) -> str:
    """The folder from which the module at `path` is imported (above its packages' __init__.py)."""
    folder = os.path.dirname(os.path.abspath(path))
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return folder


@dataclass(frozen=True)
class ImportSections:
    """The section of every import in one module's project."""

    first_party: FrozenSet[str] = frozenset()

    @classmethod
    def for_file(cls, path: Optional[str]) -> "ImportSections":
        if not path or not os.path.exists(path):
            return cls()
        from noinherit_lint import projects

        folders = {import_root(path)}
        root = projects.root_of(path)
        if root is not None:
            folders.update({root, os.path.join(root, "src")})
        names = frozenset().union(*(_top_level_names(folder) for folder in folders))
        return cls(names - {"setup", "conftest"})

    def section(self, module: Optional[str], level: int) -> int:
        if level:
            return LOCAL
        top = (module or "").partition(".")[0]
        if top == "__future__":
            return FUTURE
        if top in self.first_party:
            return FIRST_PARTY
        if top in STDLIB_NAMES:
            return STDLIB
        return THIRD_PARTY


def sort_key(module: str, level: int, is_from: bool) -> Tuple:
    """The position of an import within its section (isort's and ruff's defaults)."""
    return (is_from, -level, module.lower(), module)
