"""The nearest project's files: its `[tool.noinherit]` table and the min-python it declares.

The project of a checked file is found by walking up from the file's folder to the first folder
that holds a ``pyproject.toml``, ``setup.cfg`` or ``setup.py``; only that folder's files are
read, once per run (cached), never executed.

* ``pyproject.toml``: ``[tool.noinherit]`` (every key and type checked) and ``[project]
  requires-python`` (a string).  A file that is not valid TOML, a wrong type or an unknown key
  is an *error*: the project's settings are unknown, so its files are not checked.
* the declared min-python is the oldest X.Y allowed by the first readable of: requires-python,
  setup.cfg ``[options] python_requires``, ``python_requires=`` in setup.py (read with `ast`).
  A specifier that is not PEP 440 is a *warning* and the next source is used.  A setup.py that
  Python 3 cannot parse (Python-2 syntax) or whose python_requires is not a literal declares
  nothing.
"""

from __future__ import annotations

import ast
import configparser
import datetime
import difflib
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Dict, List, Mapping, Optional, Tuple

from noinherit_lint import specifiers
from noinherit_lint.settings import (
    SettingsError,
    Version,
    display_path,
    parse_bool,
    parse_codes,
    parse_platforms,
    parse_runtime_module,
    parse_scope,
    parse_version,
    short,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 only
    import tomli as tomllib

PROJECT_FILES = ("pyproject.toml", "setup.cfg", "setup.py")

# [tool.noinherit] key -> (accepts a TOML array of strings too, parser)
TOOL_KEYS: Dict[str, Tuple[bool, Callable]] = {
    "min-python": (False, parse_version),
    "platforms": (True, parse_platforms),
    "scope": (False, parse_scope),
    "runtime-module": (False, parse_runtime_module),
    "select": (True, parse_codes),
    "ignore": (True, parse_codes),
    "per-file-ignores": (False, None),  # a table: glob -> codes (`_per_file_ignores`)
    "unsafe-fixes": (False, parse_bool),  # noinherit-fix only; a TOML boolean
}
BOOLEAN_KEYS = frozenset({"unsafe-fixes"})


@dataclass(frozen=True)
class Project:
    """What one project's files say (all values already checked)."""

    root: Optional[str] = None
    tool: Mapping[str, object] = field(default_factory=dict)  # key -> parsed value
    tool_sources: Mapping[str, str] = field(default_factory=dict)  # key -> "pyproject.toml: [tool.noinherit] key"
    min_python: Optional[Version] = None
    min_python_source: str = ""
    errors: Tuple[str, ...] = ()
    warnings: Tuple[str, ...] = ()


# --------------------------------------------------------------------------- finding the project


@lru_cache(maxsize=None)
def _holds_project_file(directory: str) -> bool:
    return any(os.path.isfile(os.path.join(directory, name)) for name in PROJECT_FILES)


@lru_cache(maxsize=None)
def project_root(directory: str) -> Optional[str]:
    """The nearest folder at or above `directory` (absolute) with a project file, or None."""
    while True:  # a loop, not recursion: a tree 1,000 folders deep is fine
        if _holds_project_file(directory):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def root_of(path: Optional[str]) -> Optional[str]:
    """The project root of a checked file (``-``/``stdin``/None: the working folder)."""
    if not path or path in ("-", "stdin"):
        directory = os.getcwd()
    else:
        directory = os.path.dirname(os.path.abspath(path))
    return project_root(directory)


def project_for(path: Optional[str]) -> Project:
    return load_project(root_of(path))


# --------------------------------------------------------------------------- reading the files


# What tomllib returns for each TOML type; bool before int (True is an int).
TOML_TYPES = ((bool, "boolean"), (int, "integer"), (float, "float"), (str, "string"), (list, "array"),
              (dict, "table"), ((datetime.date, datetime.time), "date/time"))


def _toml_type(value) -> str:
    return next((name for kind, name in TOML_TYPES if isinstance(value, kind)), type(value).__name__)


def _got(value) -> str:
    kind = _toml_type(value)
    if kind == "array":
        return f"a TOML array of {len(value)} items"
    if kind in ("table", "date/time"):
        return f"a TOML {kind}"
    return f"the TOML {kind} {short(value)}"


def _tool_value(key: str, value, where: str):
    """Check a [tool.noinherit] value's TOML type, then parse it; SettingsError if wrong."""
    if key == "per-file-ignores":
        return _per_file_ignores(value, where)
    takes_array, parser = TOOL_KEYS[key]
    if key in BOOLEAN_KEYS:
        if not isinstance(value, bool):
            raise SettingsError(f"{where}: expected a boolean (true or false, unquoted), got {_got(value)}")
    elif isinstance(value, list) and takes_array:
        if not all(isinstance(item, str) for item in value):
            bad = next(item for item in value if not isinstance(item, str))
            raise SettingsError(f"{where}: expected an array of strings, but it holds {_got(bad)}")
    elif not isinstance(value, str):
        expected = "a string or an array of strings" if takes_array else "a string"
        example = {"min-python": '"3.10"', "scope": '"always"', "runtime-module": '"pkg.ftools"'}.get(key)
        message = f"{where}: expected {expected}" + (f" such as {example}" if example else "") + f", got {_got(value)}"
        if key == "min-python" and isinstance(value, (float, int)) and not isinstance(value, bool):
            message += " (an unquoted 3.10 is the number 3.1 in TOML: quote the version, as in min-python = \"3.10\")"
        raise SettingsError(message)
    return parser(value, where)


def _per_file_ignores(value, where: str) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    """``{"tests/*" = ["NIH101"], "legacy.py" = "NIH"}``: (glob as written, codes) pairs; the globs
    are made absolute against the project's folder by `load_project`."""
    if not isinstance(value, dict):
        raise SettingsError(f'{where}: expected a table such as {{"tests/*" = ["NIH101"]}}, got {_got(value)}')
    pairs = []
    for pattern, codes in value.items():
        if isinstance(codes, list) and not all(isinstance(item, str) for item in codes):
            bad = next(item for item in codes if not isinstance(item, str))
            raise SettingsError(f"{where} {short(pattern)}: expected an array of strings, but it holds {_got(bad)}")
        if not isinstance(codes, (str, list)):
            raise SettingsError(f"{where} {short(pattern)}: expected a string or an array of strings, got {_got(codes)}")
        pairs.append((pattern, parse_codes(codes, f"{where} {short(pattern)}")))
    return tuple(pairs)


def _anchored(pairs, root: str) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    """flake8's reading of a per-file-ignores glob, relative to the project's folder: one with a
    ``/`` is a path (made absolute), any other matches a file's base name."""
    return tuple((os.path.abspath(os.path.join(root, pattern)) if "/" in pattern else pattern, codes)
                 for pattern, codes in pairs)


def _read_tool_table(table, name: str) -> Tuple[Dict[str, object], Dict[str, str], List[str]]:
    values: Dict[str, object] = {}
    sources: Dict[str, str] = {}
    errors: List[str] = []
    for key, value in table.items():
        where = f"{name}: [tool.noinherit] {key}"
        if key not in TOOL_KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), TOOL_KEYS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            errors.append(f"{name}: [tool.noinherit] unknown key {short(key)} ({hint}known: {', '.join(TOOL_KEYS)})")
            continue
        try:
            values[key] = _tool_value(key, value, where)
            sources[key] = where
        except SettingsError as exc:
            errors.append(str(exc))
    return values, sources, errors


def _table(data: Mapping, dotted: str, name: str):
    """data["tool"]["noinherit"] for dotted="tool.noinherit"; {} if missing; SettingsError if not a table."""
    current = data
    for part in dotted.split("."):
        current = current.get(part, {})
        if not isinstance(current, dict):
            raise SettingsError(f"{name}: [{dotted}] must be a table, got {_got(current)}")
    return current


def _read_pyproject(path: str, name: str):
    """(tool values, their sources, requires-python or None, errors)."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise SettingsError(f"{name}: cannot read ({exc.strerror or exc})") from None
    except RecursionError:
        raise SettingsError(f"{name}: not valid TOML (nested too deeply)") from None
    except (ValueError, MemoryError) as exc:  # TOMLDecodeError, UTF-8, integers over 4300 digits
        first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise SettingsError(f"{name}: not valid TOML ({first_line[:160]})") from None
    values, sources, errors = _read_tool_table(_table(data, "tool.noinherit", name), name)
    requires = _table(data, "project", name).get("requires-python")
    if requires is not None and not isinstance(requires, str):
        errors.append(f"{name}: [project] requires-python: expected a string such as \">=3.8\", got {_got(requires)}")
        requires = None
    return values, sources, requires, errors


def _read_setup_cfg(path: str, name: str) -> Optional[str]:
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        raise SettingsError(f"{name}: cannot read python_requires ({str(exc).splitlines()[0][:160]})") from None
    if parser.has_option("options", "python_requires"):
        return parser.get("options", "python_requires")
    return None


def _read_setup_py(path: str) -> Optional[str]:
    """The literal python_requires= of setup.py; None if there is none or it cannot be parsed."""
    try:
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read(), filename=path)
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "python_requires":
                if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    return node.value.value
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        pass  # Python-2 syntax, unreadable: min-python unknown from setup.py
    return None


def _declared_specifiers(root: str, requires_python: Optional[str], warnings: List[str]):
    """(specifier, source) pairs in precedence order, read lazily."""
    pyproject = os.path.join(root, "pyproject.toml")
    if requires_python is not None:
        yield requires_python, f"{display_path(pyproject)}: [project] requires-python"
    setup_cfg = os.path.join(root, "setup.cfg")
    if os.path.isfile(setup_cfg):
        name = display_path(setup_cfg)
        try:
            yield _read_setup_cfg(setup_cfg, name), f"{name}: [options] python_requires"
        except SettingsError as exc:
            warnings.append(f"{exc}; ignored")
    setup_py = os.path.join(root, "setup.py")
    if os.path.isfile(setup_py):
        yield _read_setup_py(setup_py), f"{display_path(setup_py)}: python_requires"


@lru_cache(maxsize=None)
def load_project(root: Optional[str]) -> Project:
    """Read the project files of `root` once (cached); never raises for bad files."""
    if root is None:
        return Project()
    values: Dict[str, object] = {}
    sources: Dict[str, str] = {}
    requires = None
    errors: List[str] = []
    warnings: List[str] = []
    pyproject = os.path.join(root, "pyproject.toml")
    if os.path.isfile(pyproject):
        try:
            values, sources, requires, errors = _read_pyproject(pyproject, display_path(pyproject))
        except SettingsError as exc:
            errors = [str(exc)]
        if "per-file-ignores" in values:
            values["per-file-ignores"] = _anchored(values["per-file-ignores"], root)
    min_python, min_source = None, ""
    for spec, source in _declared_specifiers(root, requires, warnings):
        if spec is None or not spec.strip():
            continue
        try:
            min_python = specifiers.oldest_python(spec)
        except specifiers.SpecifierError as exc:
            warnings.append(f"{source}: cannot read {short(spec)} ({exc}); ignored")
            continue
        if min_python is None:
            warnings.append(f"{source}: {short(spec)} allows no Python 2 or 3 release; ignored")
            continue
        min_source = f"{source} {short(spec)}"
        break
    return Project(root, values, sources, min_python, min_source, tuple(errors), tuple(warnings))


def clear_caches() -> None:
    _holds_project_file.cache_clear()
    project_root.cache_clear()
    load_project.cache_clear()
