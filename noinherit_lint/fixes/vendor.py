"""``--vendor FILE``: copy the runtime into the user's tree and import it from there.

`vendor(FILE)` writes the runtime ``ftools.py`` that ships with this linter (``runtime/ftools.py``,
installed as the private package ``noinherit_lint._runtime``; the runtime distribution
``noinherit-ftools`` need not be installed) to FILE when FILE is missing or holds another version
(see `vendor` for what is kept and refused).  `import_path(module, FILE)` is the
`runtime_module` value a rewritten module uses to import FILE: the absolute name (``ftools``,
``pkg.ftools``) when both are importable from the same folder (`importable_name`: the project's
root or ``src`` folder, namespace packages included; or the folder above the ``__init__.py``
chain), otherwise `VendorError`.
"""

from __future__ import annotations

import hashlib
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


MARKER = b"# --- noinherit-fix --vendor: the vendored runtime starts below this line ---\n"
_HEADER = re.compile(rb"# noinherit_ftools ([^ \n]+), sha256 ([0-9a-f]{64})\n")
_OLD_HEADER = b"# Copied by `noinherit-fix --vendor` from noinherit_ftools/ftools.py"
_VERSION = re.compile(rb'^__version__ = "([^"]+)"$', re.M)


def _header(runtime: bytes) -> bytes:
    """What follows the marker line: the version and content hash, and the tools told to skip it."""
    match = _VERSION.search(runtime)
    version = match.group(1).decode("ascii") if match else "unknown"
    digest = hashlib.sha256(runtime).hexdigest()
    return (
        f"# noinherit_ftools {version}, sha256 {digest}\n"
        "# Vendored by `noinherit-fix --vendor`; update it with the same command.  Lines above the\n"
        "# marker are yours and are kept; the runtime below it is replaced on update, so do not\n"
        "# edit it.  Its raw open()/socket() calls are the point: no lint or format checks.\n"
        "# flake8: noqa\n# ruff: noqa\n# fmt: off\n"
    ).encode("ascii")


def vendored_text(runtime: bytes, kept: bytes = b"") -> bytes:
    """`kept` (the user's lines above the marker), the marker, the header, the runtime.

    ``# flake8: noqa`` makes both flake8 and `noinherit-fix` leave the copy alone, so that a later
    run over the project never rewrites the runtime to import itself; ``# ruff: noqa`` and
    ``# fmt: off`` keep the project's linter and formatter off it too.
    """
    return kept + MARKER + _header(runtime) + runtime


def _kept_part(target: str, current: bytes) -> bytes:
    """The user's lines above the marker of an existing vendored copy; VendorError if `current`
    is not one (an unrelated file), or its runtime part was edited."""
    if current.startswith(_OLD_HEADER) or _OLD_HEADER in current[:200]:
        return b""  # written by an older noinherit-fix: the runtime only
    at = current.find(MARKER)
    if at < 0:
        raise VendorError(f"{target}: exists and is not a runtime vendored by noinherit-fix (no marker "
                          f"line); not changed (remove it or choose another --vendor path)")
    kept, rest = current[:at], current[at + len(MARKER):]
    header = _HEADER.match(rest)
    if header is None:
        raise VendorError(f"{target}: the header below the marker line was edited; not changed")
    body = rest[len(_header_for(rest)):] if _header_for(rest) else b""
    if hashlib.sha256(body).hexdigest().encode("ascii") != header.group(2):
        raise VendorError(f"{target}: the vendored runtime below the marker line was edited (its sha256 "
                          f"differs from the header's); not changed (move your edits above the marker)")
    return kept


def _header_for(rest: bytes) -> bytes:
    """The header lines at the start of `rest` (they end with the ``# fmt: off`` line)."""
    end = rest.find(b"# fmt: off\n")
    return rest[:end + len(b"# fmt: off\n")] if end >= 0 else b""


def vendor(target: str) -> bool:
    """Write the runtime to `target` if it is missing or another version; True when it was written.

    An existing `target` must be a copy this command wrote: the user's lines above its marker
    line are kept; an unrelated file, an edited runtime part or a symbolic link is refused
    (`VendorError`).  ``ftools.pyi`` (the runtime's types) is written next to it.
    """
    source = runtime_source()
    if os.path.islink(target):
        raise VendorError(f"{target}: is a symbolic link (to {os.readlink(target)}); not followed, not "
                          f"changed (give the real path)")
    if os.path.isdir(target):
        raise VendorError(f"{target}: is a directory")
    if not target.endswith(".py") or not os.path.basename(target)[:-3].isidentifier():
        raise VendorError(f"{target}: the vendored runtime must be a module file name such as ftools.py")
    with open(source, "rb") as handle:
        runtime = handle.read()
    kept = b""
    if os.path.exists(target):
        with open(target, "rb") as handle:
            current = handle.read()
        kept = _kept_part(target, current)
        if current == vendored_text(runtime, kept):
            return _vendor_stub(target, source)
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise VendorError(f"{target}: folder {folder} does not exist")
    try:
        write_new(target, vendored_text(runtime, kept), mode=os.stat(source).st_mode & 0o777)
    except OSError as exc:
        raise VendorError(f"{target}: cannot write ({exc.strerror or exc})") from None
    _vendor_stub(target, source)
    return True


def _vendor_stub(target: str, source: str) -> bool:
    """``ftools.pyi`` next to the copy (type checkers read it instead of the 2.7-compatible code);
    True when it was written.  An existing stub that is not ours is left alone."""
    stub_source = source[:-3] + ".pyi"
    stub = target[:-3] + ".pyi"
    if not os.path.isfile(stub_source) or os.path.islink(stub):
        return False
    with open(stub_source, "rb") as handle:
        data = b"# Vendored by `noinherit-fix --vendor` with " + os.path.basename(target).encode() + b".\n" + handle.read()
    if os.path.exists(stub):
        with open(stub, "rb") as handle:
            current = handle.read()
        if current == data or not current.startswith(b"# Vendored by `noinherit-fix --vendor`"):
            return False
    try:
        write_new(stub, data, mode=0o644)
    except OSError as exc:
        raise VendorError(f"{stub}: cannot write ({exc.strerror or exc})") from None
    return True


def importable_name(path: str) -> Tuple[str, List[str]]:
    """(the folder that must be on sys.path, the dotted module name as parts) of a .py file.

    Above the folders with ``__init__.py``: the project's ``src`` folder or root (the nearest
    ``pyproject.toml``/``setup.cfg``/``setup.py``) when the file is inside it and every folder on
    the way is an identifier (namespace packages); otherwise the first folder without one.
    """
    from noinherit_lint import projects

    real = os.path.realpath(path)
    folder = os.path.dirname(real)
    stem = os.path.basename(real)[:-3] if real.endswith(".py") else os.path.basename(real)
    parts = [] if stem == "__init__" else [stem]
    root = projects.root_of(real)
    if root is not None:
        for base in (os.path.join(root, "src"), root):
            relative = os.path.relpath(folder, base)
            if relative == "." or not relative.startswith(".."):
                names = [] if relative == "." else relative.split(os.sep)
                if all(name.isidentifier() for name in names):
                    return base, names + parts
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        parts.insert(0, os.path.basename(folder))
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return folder, parts


def import_path(module: str, vendored: str) -> str:
    """The runtime-module path under which `module` (a file) imports the file `vendored`: always
    absolute (a relative import fails in a module run as a script, and many projects ban them)."""
    v_root, v_parts = importable_name(vendored)
    m_root, _ = importable_name(module)
    if v_root == m_root:
        return ".".join(v_parts)
    raise VendorError(
        f"cannot import the vendored runtime {vendored} from here: it is not in this module's "
        f"folder or package tree ({m_root})"
    )
