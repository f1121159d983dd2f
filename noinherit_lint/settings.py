"""One `Settings` value per checked file, built the same way for flake8 and for the codemod.

Precedence, highest first:

1. an explicit option (`--nih-min-python` etc. for flake8, `--min-python` etc. for `noinherit-fix`;
   flake8 also reads its options from `setup.cfg` / `tox.ini` / `.flake8`);
2. `[tool.noinherit]` in the nearest `pyproject.toml`;
3. for min-python only: the nearest project's `requires-python` (pyproject.toml),
   `python_requires` (setup.cfg `[options]`), or `python_requires=` in setup.py (read with `ast`,
   never executed);
4. the defaults: min-python 2.7 (unknown means the code may run where handles are inheritable),
   all three platforms, scope `module`.

"Nearest" means: walk up from the checked file's folder; the first folder that holds a
`pyproject.toml`, `setup.cfg` or `setup.py` is the project root, and only its files are read.
"""

from __future__ import annotations

import ast
import configparser
import os
import re
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, Mapping, Optional, Tuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 only
    import tomli as tomllib

Version = Tuple[int, int]

ALL_PLATFORMS: FrozenSet[str] = frozenset({"linux", "macos", "windows"})
SCOPES = ("module", "always")
DEFAULT_MIN_PYTHON: Version = (2, 7)
DEFAULT_RUNTIME_MODULE = "noinherit_ftools.ftools"

HOW_TO_SET_MIN_PYTHON = (
    "set requires-python, [tool.noinherit] min-python or --nih-min-python"
)


class SettingsError(ValueError):
    """A bad setting value; the message names the option and the value."""


@dataclass(frozen=True)
class Settings:
    min_python: Version = DEFAULT_MIN_PYTHON
    # Where min_python came from, for messages: "default" when nothing set it.
    min_python_source: str = "default"
    platforms: FrozenSet[str] = ALL_PLATFORMS
    scope: str = "module"
    runtime_module: str = DEFAULT_RUNTIME_MODULE
    select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()

    @property
    def min_python_assumed(self) -> bool:
        return self.min_python_source == "default"

    def before(self, major: int, minor: int) -> bool:
        """True when the oldest supported Python is older than `major.minor`."""
        return self.min_python < (major, minor)

    def selects(self, code: str) -> bool:
        """Codemod-side select/ignore, prefix based like flake8 (longest match wins)."""
        sel = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        ign = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        if not self.select:
            sel = 0
        return sel >= 0 and sel > ign if ign >= 0 else sel >= 0


# --------------------------------------------------------------------------- value parsing


def parse_version(value: str, option: str) -> Version:
    match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", str(value))
    if not match:
        raise SettingsError(f"{option}: expected a version like 2.7 or 3.8, got {value!r}")
    version = (int(match.group(1)), int(match.group(2)))
    if version[0] not in (2, 3):
        raise SettingsError(f"{option}: expected a Python 2.x or 3.x version, got {value!r}")
    return version


def parse_platforms(value, option: str) -> FrozenSet[str]:
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    names = {str(item).strip().lower() for item in items if str(item).strip()}
    unknown = names - ALL_PLATFORMS
    if unknown or not names:
        raise SettingsError(
            f"{option}: expected a comma-separated subset of linux,macos,windows, got {value!r}"
        )
    return frozenset(names)


def parse_scope(value: str, option: str) -> str:
    scope = str(value).strip().lower()
    if scope not in SCOPES:
        raise SettingsError(f"{option}: expected 'module' or 'always', got {value!r}")
    return scope


def parse_codes(value) -> Tuple[str, ...]:
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return tuple(str(item).strip().upper() for item in items if str(item).strip())


# --------------------------------------------------------------------------- requires-python

_CLAUSE = re.compile(r"^\s*(~=|===|==|!=|<=|>=|<|>)\s*([0-9][0-9.]*)(\.\*)?\s*$")
_CANDIDATES = [(2, minor) for minor in range(0, 8)] + [(3, minor) for minor in range(0, 40)]


def _version_tuple(text: str) -> Tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part != "")


def _satisfies(candidate: Version, op: str, version: Tuple[int, ...], wildcard: bool) -> bool:
    """Does some release X.Y.z of the series `candidate` = (X, Y) satisfy one PEP 440 clause?"""
    pad2 = (version + (0, 0))[:2]
    if wildcard:
        prefix = version[:2]
        matches = candidate[: len(prefix)] == prefix
        return matches if op in ("==", "===") else not matches
    if op in ("==", "==="):
        return candidate == pad2
    if op == "!=":
        return True  # excluding one release still leaves X.Y.(z+1)
    if op == "~=":
        prefix = version[:-1][:2]
        return candidate >= pad2 and candidate[: len(prefix)] == prefix
    if op in (">=", ">"):
        return candidate >= pad2
    if op == "<=":
        return candidate <= pad2
    if op == "<":
        return candidate + (0,) < (version + (0, 0, 0))[:3]
    return True


def min_python_from_specifier(spec: str) -> Optional[Version]:
    """The oldest X.Y allowed by a PEP 440 specifier such as ``>=2.7,!=3.0.*``; None if unreadable."""
    clauses = [clause for clause in spec.split(",") if clause.strip()]
    parsed = []
    for clause in clauses:
        match = _CLAUSE.match(clause)
        if not match:
            return None
        op, version, wildcard = match.group(1), match.group(2).rstrip("."), bool(match.group(3))
        parsed.append((op, _version_tuple(version), wildcard))
    if not parsed:
        return None
    for candidate in _CANDIDATES:
        if all(_satisfies(candidate, op, version, wildcard) for op, version, wildcard in parsed):
            return candidate
    return None


# --------------------------------------------------------------------------- project discovery

PROJECT_FILES = ("pyproject.toml", "setup.cfg", "setup.py")


@dataclass(frozen=True)
class ProjectConfig:
    """What the nearest project says: `[tool.noinherit]` keys and the declared min-python."""

    root: Optional[str] = None
    tool: Mapping[str, object] = field(default_factory=dict)
    requires_python: Optional[Version] = None
    requires_python_source: str = ""
    error: Optional[str] = None


def _read_pyproject(path: str) -> Tuple[Dict[str, object], Optional[str]]:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    tool = data.get("tool", {}).get("noinherit", {}) or {}
    requires = data.get("project", {}).get("requires-python")
    return dict(tool), requires


def _read_setup_cfg(path: str) -> Optional[str]:
    parser = configparser.RawConfigParser()
    parser.read(path, encoding="utf-8")
    if parser.has_option("options", "python_requires"):
        return parser.get("options", "python_requires")
    return None


def _read_setup_py(path: str) -> Optional[str]:
    with open(path, "rb") as handle:
        tree = ast.parse(handle.read(), filename=path)
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "python_requires":
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                return node.value.value
    return None


@lru_cache(maxsize=None)
def _project_root(directory: str) -> Optional[str]:
    """The nearest folder from `directory` up that holds a project file (a loop: any depth)."""
    while True:
        if any(os.path.isfile(os.path.join(directory, name)) for name in PROJECT_FILES):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


@lru_cache(maxsize=None)
def project_config(root: Optional[str]) -> ProjectConfig:
    """Read the project files of `root` once (cached)."""
    if root is None:
        return ProjectConfig()
    tool: Dict[str, object] = {}
    try:
        pyproject = os.path.join(root, "pyproject.toml")
        specs = []
        if os.path.isfile(pyproject):
            tool, requires = _read_pyproject(pyproject)
            specs.append((requires, pyproject + " requires-python"))
        setup_cfg = os.path.join(root, "setup.cfg")
        if os.path.isfile(setup_cfg):
            specs.append((_read_setup_cfg(setup_cfg), setup_cfg + " python_requires"))
        setup_py = os.path.join(root, "setup.py")
        if os.path.isfile(setup_py):
            specs.append((_read_setup_py(setup_py), setup_py + " python_requires"))
    except (OSError, ValueError, SyntaxError, configparser.Error) as exc:
        return ProjectConfig(root=root, error=f"cannot read project settings in {root}: {exc}")
    for spec, source in specs:
        if spec:
            version = min_python_from_specifier(str(spec))
            if version is not None:
                return ProjectConfig(root, tool, version, f"{source} {spec!r}")
    return ProjectConfig(root=root, tool=tool)


def config_for_file(filename: Optional[str]) -> ProjectConfig:
    if not filename or filename in ("-", "stdin"):
        directory = os.getcwd()
    else:
        directory = os.path.dirname(os.path.abspath(filename))
    return project_config(_project_root(directory))


# --------------------------------------------------------------------------- building Settings

TOOL_KEYS = ("min-python", "platforms", "scope", "runtime-module", "select", "ignore")


def build_settings(
    filename: Optional[str],
    *,
    min_python: Optional[str] = None,
    platforms: Optional[str] = None,
    scope: Optional[str] = None,
    runtime_module: Optional[str] = None,
    select: Optional[Iterable[str]] = None,
    ignore: Optional[Iterable[str]] = None,
    option_names: Optional[Mapping[str, str]] = None,
) -> Settings:
    """Settings for `filename` from explicit values (None = not given) and the nearest project.

    `option_names` maps a key (``"min-python"``) to the spelling used in error messages
    (``"--nih-min-python"``); `[tool.noinherit]` values are named ``[tool.noinherit] key``.
    Raises `SettingsError` for a bad value.
    """
    option_names = option_names or {}
    project = config_for_file(filename)
    if project.error:
        raise SettingsError(project.error)
    unknown = sorted(set(project.tool) - set(TOOL_KEYS))
    if unknown:
        raise SettingsError(
            f"[tool.noinherit] in {project.root}: unknown key {unknown[0]!r} "
            f"(known: {', '.join(TOOL_KEYS)})"
        )

    def pick(key: str, explicit):
        if explicit is not None:
            return explicit, option_names.get(key, key)
        if key in project.tool:
            return project.tool[key], f"[tool.noinherit] {key}"
        return None, None

    settings = Settings()
    value, name = pick("min-python", min_python)
    if value is not None:
        settings = replace(settings, min_python=parse_version(value, name), min_python_source=name)
    elif project.requires_python is not None:
        settings = replace(
            settings, min_python=project.requires_python, min_python_source=project.requires_python_source
        )
    value, name = pick("platforms", platforms)
    if value is not None:
        settings = replace(settings, platforms=parse_platforms(value, name))
    value, name = pick("scope", scope)
    if value is not None:
        settings = replace(settings, scope=parse_scope(value, name))
    value, name = pick("runtime-module", runtime_module)
    if value is not None:
        module = str(value).strip()
        if not re.fullmatch(r"\.*[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", module):
            raise SettingsError(f"{name}: expected a module path such as pkg.ftools, got {value!r}")
        settings = replace(settings, runtime_module=module)
    value, _ = pick("select", select)
    if value is not None:
        settings = replace(settings, select=parse_codes(value))
    value, _ = pick("ignore", ignore)
    if value is not None:
        settings = replace(settings, ignore=parse_codes(value))
    return settings


def clear_caches() -> None:
    """Forget cached project files (tests write pyproject.toml files between runs)."""
    _project_root.cache_clear()
    project_config.cache_clear()
