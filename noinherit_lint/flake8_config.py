"""flake8's configuration file and its choice of codes and files, for commands that are not flake8.

`noinherit-fix` must fix exactly what `flake8 --select NIH` reports, so it reads the file flake8
reads and decides as flake8 decides:

* the file: the first of ``setup.cfg``, ``tox.ini``, ``.flake8`` holding a ``[flake8]`` section,
  in the working folder or the nearest folder above it (stopping at the home folder), an
  unparseable candidate skipped (flake8's ``options/config.py``);
* option names with ``-`` or ``_``; ``exclude`` / ``extend-exclude`` paths relative to the file's
  folder, ``per-file-ignores`` patterns relative to the working folder (as flake8 normalizes them);
* which codes: flake8's own `DecisionEngine` over select, extend-select, ignore, extend-ignore,
  plus the codes of the longest matching per-file-ignores pattern (flake8's ``style_guide.py``).

flake8's value parsers and decision engine are used directly (``flake8.utils``,
``flake8.style_guide``): they are the definition of agreeing with flake8, and
``tests/test_settings_agreement.py`` runs both tools on the same trees to keep it so.
"""

from __future__ import annotations

import argparse
import configparser
import logging
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Mapping, Optional, Sequence, Tuple

from flake8 import defaults as flake8_defaults
from flake8 import utils as flake8_utils
from flake8.style_guide import Decision, DecisionEngine

from noinherit_lint.settings import SettingsError, check_codes, display_path, short

CANDIDATES = ("setup.cfg", "tox.ini", ".flake8")
# The options other commands read, by flake8's dashed name.
READ_OPTIONS = (
    "nih-min-python", "nih-platforms", "nih-scope",
    "exclude", "extend-exclude", "per-file-ignores",
    "select", "extend-select", "ignore", "extend-ignore", "max-line-length",
)
CODE_OPTIONS = ("select", "extend-select", "ignore", "extend-ignore")
LOG = logging.getLogger(__name__)


def _stat_key(path: str) -> Optional[Tuple[int, int]]:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_dev


def _parse(path: str) -> Optional[configparser.RawConfigParser]:
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="UTF-8")
    except (UnicodeDecodeError, configparser.ParsingError):
        return None  # flake8 ignores an unparseable candidate too
    return parser


def find_config_file(start: str) -> Optional[str]:
    """The configuration file flake8 uses when run in `start` (flake8's `_find_config_file`)."""
    home = os.path.expanduser("~")
    home_key = _stat_key(home) if home != "~" else None
    path, key = os.path.abspath(start), _stat_key(start)
    while True:
        for candidate in CANDIDATES:
            parser = _parse(os.path.join(path, candidate))
            if parser is not None and ("flake8" in parser or "flake8:local-plugins" in parser):
                return os.path.join(path, candidate)
        parent = os.path.dirname(path)
        parent_key = _stat_key(parent)
        if parent_key == key or parent_key == home_key:
            return None
        path, key = parent, parent_key


@dataclass(frozen=True)
class Flake8Config:
    """The ``[flake8]`` values other commands read, as raw text by dashed option name."""

    path: Optional[str] = None  # None: no configuration file
    values: Mapping[str, str] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        return os.path.dirname(self.path) if self.path else os.getcwd()

    def source(self, option: str) -> str:
        """How a message names the option: ``setup.cfg: [flake8] nih-scope``."""
        return f"{display_path(self.path)}: [flake8] {option}" if self.path else f"[flake8] {option}"

    def get(self, option: str) -> Optional[str]:
        return self.values.get(option)

    def paths(self, option: str) -> Optional[Tuple[str, ...]]:
        text = self.get(option)
        if text is None:
            return None
        items = flake8_utils.parse_comma_separated_list(text)
        return tuple(flake8_utils.normalize_paths(items, self.folder))

    def codes(self, option: str) -> Optional[Tuple[str, ...]]:
        """A code list; NIH codes must exist, others must look like codes (flake8's own check)."""
        text = self.get(option)
        if text is None:
            return None
        codes = flake8_utils.parse_comma_separated_list(text)
        for code in codes:
            if not flake8_defaults.VALID_CODE_PREFIX.match(code):
                raise SettingsError(f"{self.source(option)}: {short(code)} is not an error code")
        return check_codes(codes, self.source(option), only_nih=True)

    def per_file_ignores(self) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
        text = self.get("per-file-ignores")
        if not text:
            return ()
        try:
            mapping = flake8_utils.parse_files_to_codes_mapping(text)
        except ValueError as exc:
            raise SettingsError(f"{self.source('per-file-ignores')}: {str(exc).splitlines()[0]}") from None
        for _, codes in mapping:
            check_codes(codes, self.source("per-file-ignores"), only_nih=True)
        return tuple((flake8_utils.normalize_path(pattern), tuple(codes)) for pattern, codes in mapping)


def read_flake8_config(cwd: Optional[str] = None, *, config: Optional[str] = None,
                       isolated: bool = False, append: Sequence[str] = ()) -> Flake8Config:
    """The flake8 configuration as flake8 run in `cwd` with --config / --isolated /
    --append-config would read it."""
    if isolated:
        return Flake8Config()
    path = config or find_config_file(cwd or os.getcwd())
    files = [p for p in [path, *append] if p]
    if not files:
        return Flake8Config()
    parser = configparser.RawConfigParser()
    for name in files:
        try:
            if not parser.read(name, encoding="UTF-8"):
                raise SettingsError(f"{display_path(name)}: the flake8 configuration file does not exist")
        except (UnicodeDecodeError, configparser.Error) as exc:
            raise SettingsError(f"{display_path(name)}: cannot parse ({str(exc).splitlines()[0]})") from None
    values = {}
    if parser.has_section("flake8"):
        for option, value in parser.items("flake8"):
            dashed = option.replace("_", "-")
            if dashed in READ_OPTIONS:
                values[dashed] = value
    return Flake8Config(path and os.path.abspath(path), values)


@dataclass(frozen=True)
class CodeChoice:
    """flake8's select/ignore options (None: not given), decided by flake8's `DecisionEngine`."""

    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Optional[Tuple[str, ...]] = None
    extend_ignore: Tuple[str, ...] = ()
    extended_default_select: Tuple[str, ...] = ("NIH",)  # what our entry point adds
    extended_default_ignore: Tuple[str, ...] = ()

    @classmethod
    def from_flake8_options(cls, options: argparse.Namespace) -> "CodeChoice":
        def listed(name: str):
            value = getattr(options, name, None)
            return None if value is None else tuple(value)

        return cls(listed("select"), listed("extend_select") or (), listed("ignore"),
                   listed("extend_ignore") or (), listed("extended_default_select") or ("NIH",),
                   listed("extended_default_ignore") or ())

    def selects(self, code: str) -> bool:
        return _engine(self).decision_for(code) is Decision.Selected

    def ignoring(self, codes: Sequence[str]) -> "CodeChoice":
        """This choice with `codes` added to extend-ignore (how flake8 applies per-file-ignores)."""
        return replace(self, extend_ignore=self.extend_ignore + tuple(codes)) if codes else self

    def mentioned(self) -> Tuple[str, ...]:
        return (*(self.select or ()), *self.extend_select, *(self.ignore or ()), *self.extend_ignore)


@lru_cache(maxsize=256)
def _engine(choice: CodeChoice) -> DecisionEngine:
    def listed(value):
        return None if value is None else list(value)

    return DecisionEngine(argparse.Namespace(
        select=listed(choice.select), extend_select=list(choice.extend_select),
        ignore=listed(choice.ignore), extend_ignore=list(choice.extend_ignore),
        extended_default_select=list(choice.extended_default_select),
        extended_default_ignore=list(choice.extended_default_ignore),
    ))


def ignored_in(path: str, per_file: Sequence[Tuple[str, Tuple[str, ...]]]) -> Tuple[str, ...]:
    """The per-file-ignores codes for `path`: those of the longest matching pattern, the first
    of equally long ones (flake8's `StyleGuideManager.style_guide_for`)."""
    best: Optional[Tuple[str, Tuple[str, ...]]] = None
    for pattern, codes in per_file:
        if (best is None or len(pattern) > len(best[0])) and flake8_utils.matches_filename(
                path, patterns=[pattern], log_message="%(path)s", logger=LOG):
            best = (pattern, codes)
    return best[1] if best else ()


def exclude_patterns(config: Flake8Config, exclude: Optional[Sequence[str]] = None,
                     extend_exclude: Optional[Sequence[str]] = None) -> Tuple[str, ...]:
    """flake8's exclude + extend-exclude: the command line's (relative to the working folder)
    replace the file's (relative to its folder); without either, flake8's default list."""
    def pick(given, option):
        if given is not None:
            return tuple(flake8_utils.normalize_paths(list(given)))
        return config.paths(option)

    base = pick(exclude, "exclude")
    extra = pick(extend_exclude, "extend-exclude") or ()
    return (*(flake8_defaults.EXCLUDE if base is None else base), *extra)
