"""``--vendor FILE``: copy the runtime into the user's tree and import it from there.

`vendor(FILE)` copies the runtime ``ftools.py`` that ships with this linter (``runtime/ftools.py``,
installed as the private package ``noinherit_lint._runtime``; the runtime distribution
``noinherit-ftools`` need not be installed) to FILE when FILE is missing or older than that copy
(and differs from it).  `import_path(module, FILE)` is the
`runtime_module` value a rewritten module uses to import FILE:

* same top-level package: a relative import (``.ftools``, ``..util.ftools``), so the package
  keeps working when it is renamed or vendored itself;
* otherwise, if both are importable from the same folder (a flat folder of scripts, or a package
  next to FILE): the absolute name (``ftools``, ``pkg.ftools``);
* otherwise the module cannot reach FILE: `VendorError`.

A module's importable name is found by walking up while the folder holds ``__init__.py``.
"""

from __future__ import annotations

import importlib.util
import os
import re
from typing import List, Tuple

from noinherit_lint.fixes.files import write_new


class VendorError(Exception):
    """Vendoring cannot be done; the message is meant for the user."""


RUNTIME_PACKAGE = "noinherit_lint._runtime"  # runtime/ of this project (pyproject.toml package-dir)


def runtime_source() -> str:
    """The path of the runtime source file that ships with this linter: the installed private
    package, or ``runtime/ftools.py`` next to the package in a source checkout."""
    spec = importlib.util.find_spec(RUNTIME_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    package_folder = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    locations.append(os.path.join(os.path.dirname(package_folder), "runtime"))
    for location in locations:
        candidate = os.path.join(location, "ftools.py")
        if os.path.isfile(candidate):
            return candidate
    raise VendorError(f"the runtime ftools.py ({RUNTIME_PACKAGE}) is not installed with noinherit-lint")


VENDOR_HEADER = (
    b"# Copied by `noinherit-fix --vendor` from noinherit_ftools/ftools.py: update it with the same\n"
    b"# command, do not edit it here.  Its raw open()/socket() calls are the point: no NIH checks.\n"
    b"# flake8: noqa\n"
)
_LEADING_COMMENT = re.compile(rb"^(#![^\n]*\n)?(#[^\n]*coding[:=][^\n]*\n)?")


def vendored_text(runtime: bytes) -> bytes:
    """The runtime with `VENDOR_HEADER` after its shebang and coding lines.

    ``# flake8: noqa`` makes both flake8 and `noinherit-fix` leave the copy alone, so that a later
    run over the project never rewrites the runtime to import itself.
    """
    keep = _LEADING_COMMENT.match(runtime).end()
    return runtime[:keep] + VENDOR_HEADER + runtime[keep:]


def vendor(target: str) -> bool:
    """Copy the runtime to `target` if it is missing or older; True when it was written."""
    source = runtime_source()
    if os.path.isdir(target):
        raise VendorError(f"{target}: is a directory")
    if not target.endswith(".py") or not os.path.basename(target)[:-3].isidentifier():
        raise VendorError(f"{target}: the vendored runtime must be a module file name such as ftools.py")
    with open(source, "rb") as handle:
        data = vendored_text(handle.read())
    if os.path.exists(target):
        with open(target, "rb") as handle:
            current = handle.read()
        if current == data or os.stat(target).st_mtime >= os.stat(source).st_mtime:
            return False
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise VendorError(f"{target}: folder {folder} does not exist")
    try:
        write_new(target, data, mode=os.stat(source).st_mode & 0o777)
    except OSError as exc:
        raise VendorError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return True


def importable_name(path: str) -> Tuple[str, List[str]]:
    """(the folder that must be on sys.path, the dotted module name as parts) of a .py file."""
    folder = os.path.dirname(os.path.realpath(path))
    stem = os.path.basename(path)[:-3] if path.endswith(".py") else os.path.basename(path)
    parts = [] if stem == "__init__" else [stem]
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        parts.insert(0, os.path.basename(folder))
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return folder, parts


def import_path(module: str, vendored: str) -> str:
    """The runtime-module path under which `module` (a file) imports the file `vendored`."""
    v_root, v_parts = importable_name(vendored)
    m_root, m_parts = importable_name(module)
    is_package_init = os.path.basename(module) == "__init__.py"
    m_package = m_parts if is_package_init else m_parts[:-1]
    v_package = v_parts[:-1]
    if v_root == m_root and v_package and m_package and v_package[0] == m_package[0]:
        common = 0
        while common < min(len(m_package), len(v_package)) and m_package[common] == v_package[common]:
            common += 1
        dots = "." * (len(m_package) - common + 1)
        return dots + ".".join(v_package[common:] + v_parts[-1:])
    if v_root == m_root:
        return ".".join(v_parts)
    raise VendorError(
        f"cannot import the vendored runtime {vendored} from here: it is not in this module's "
        f"folder or package tree ({m_root})"
    )
