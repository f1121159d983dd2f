"""`Settings`: what the rules and the codemod need to know about one checked file.

The values come from the command line, the flake8 configuration file, the nearest project's
`[tool.noinherit]` and requires-python (`configuration.py` layers them; `projects.py` and
`flake8_config.py` read the files).  This module holds the value itself and the parsers that
turn one option value into it, shared by every source so that each says the same about a bad
value: ``<where>: expected <what>, got <value>``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import FrozenSet, Optional, Tuple

Version = Tuple[int, int]

ALL_PLATFORMS: FrozenSet[str] = frozenset({"linux", "macos", "windows"})
SCOPES = ("module", "always")
DEFAULT_MIN_PYTHON: Version = (2, 7)
DEFAULT_RUNTIME_MODULE = "noinherit_ftools.ftools"

HOW_TO_SET_MIN_PYTHON = (
    "set requires-python, [tool.noinherit] min-python or --nih-min-python"
)


class SettingsError(ValueError):
    """A bad setting; the message is one line that names the file or option and the key."""


@dataclass(frozen=True)
class Settings:
    min_python: Version = DEFAULT_MIN_PYTHON
    # Where min_python came from, for messages: "default" when nothing set it.
    min_python_source: str = "default"
    platforms: FrozenSet[str] = ALL_PLATFORMS
    scope: str = "module"
    runtime_module: str = DEFAULT_RUNTIME_MODULE
    # [tool.noinherit] select / ignore: the NIH codes the project uses at all (both tools).
    select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    # [tool.noinherit] per-file-ignores: the codes of the longest glob matching this file; a code
    # with one of these prefixes is never reported in it, whatever select says (ruff's rule).
    per_file_ignore: Tuple[str, ...] = ()
    # flake8's select / ignore / per-file-ignores for this file, for front ends that are not
    # flake8 (`flake8_config.CodeChoice`); None when flake8 itself applies them.
    flake8_choice: Optional[object] = None
    # noinherit-fix: also make the fixes whose safety is unsafe (--unsafe-fixes, [tool.noinherit]
    # unsafe-fixes); the detector ignores it.
    unsafe_fixes: bool = False

    @property
    def min_python_assumed(self) -> bool:
        return self.min_python_source == "default"

    def before(self, major: int, minor: int) -> bool:
        """True when the oldest supported Python is older than `major.minor`."""
        return self.min_python < (major, minor)

    def selects(self, code: str) -> bool:
        """Is `code` reported (and fixed) in this file?  [tool.noinherit] select/ignore are
        prefix based like flake8's (longest match wins); then flake8's own choice, if any."""
        if self.flake8_choice is not None and not self.flake8_choice.selects(code):
            return False
        if self.per_file_ignore and code.startswith(self.per_file_ignore):
            return False
        sel = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        ign = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        if not self.select:
            sel = 0
        return sel >= 0 and sel > ign if ign >= 0 else sel >= 0


# --------------------------------------------------------------------------- value parsers
# Each takes the value as given (a string, or a list for TOML arrays) and the name of where it
# was given, for the message.  TOML types are checked before (`projects.py`).


def parse_version(value: str, option: str) -> Version:
    match = re.fullmatch(r"\s*([0-9]+)\.([0-9]{1,3})\s*", str(value))
    if not match:
        raise SettingsError(f"{option}: expected a version like 2.7 or 3.8, got {short(value)}")
    version = (int(match.group(1)), int(match.group(2)))
    if version[0] not in (2, 3):
        raise SettingsError(f"{option}: expected a Python 2.x or 3.x version, got {short(value)}")
    return version


def _items(value) -> list:
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return [item.strip() for item in items if item.strip()]


def parse_platforms(value, option: str) -> FrozenSet[str]:
    names = {item.lower() for item in _items(value)}
    if not names or names - ALL_PLATFORMS:
        raise SettingsError(
            f"{option}: expected a comma-separated subset of linux,macos,windows, got {short(value)}"
        )
    return frozenset(names)


def parse_scope(value: str, option: str) -> str:
    scope = str(value).strip().lower()
    if scope not in SCOPES:
        raise SettingsError(f"{option}: expected 'module' or 'always', got {short(value)}")
    return scope


def parse_runtime_module(value: str, option: str) -> str:
    module = str(value).strip()
    if not re.fullmatch(r"\.*[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", module):
        raise SettingsError(f"{option}: expected a module path such as pkg.ftools, got {short(value)}")
    return module


def parse_bool(value, option: str) -> bool:
    """A TOML boolean, or the text true/false (a command line's value)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    raise SettingsError(f"{option}: expected true or false, got {short(value)}")


def known_codes() -> Tuple[str, ...]:
    from noinherit_lint import rules  # noqa: F401  (registers every rule; imported late: cycle)
    from noinherit_lint import registry

    return registry.known_codes()


def check_codes(codes, option: str, *, only_nih: bool = False) -> Tuple[str, ...]:
    """`codes` if each is a prefix of some NIH code ("NIH", "NIH1", "NIH101"); an unknown code is
    an error.  With `only_nih`, codes of other plugins (not starting with NIH) pass unchecked."""
    known = known_codes()
    for code in codes:
        if only_nih and not code.startswith("NIH"):
            continue
        if not any(k.startswith(code) for k in known):
            raise SettingsError(
                f"{option}: unknown code {short(code)} (the codes are {known[0]}..{known[-1]}, "
                f"or a prefix such as NIH1)"
            )
    return tuple(codes)


def parse_codes(value, option: str) -> Tuple[str, ...]:
    """[tool.noinherit] select/ignore: NIH code prefixes, case-insensitive."""
    return check_codes([item.upper() for item in _items(value)], option)


# --------------------------------------------------------------------------- messages


def short(value, limit: int = 60) -> str:
    """repr() of a value for a one-line message, shortened; safe for huge or deep values."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if value.bit_length() > 200:
            return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
        return str(value)
    if isinstance(value, (list, tuple)):
        return f"an array of {len(value)} items" if value else "an empty array"
    if isinstance(value, dict):
        return "a table"
    text = repr(value) if isinstance(value, (str, float)) else f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def display_path(path: str) -> str:
    """`path` relative to the working folder when it is inside it, else absolute."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


def clear_caches() -> None:
    """Forget cached project files (tests write pyproject.toml files between runs)."""
    from noinherit_lint import projects  # late: projects imports this module

    projects.clear_caches()
