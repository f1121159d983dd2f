"""The flake8 entry point: options in, findings out.  No rule logic lives here."""

from __future__ import annotations

import ast
import sys
from typing import Iterator, Optional, Tuple, Type

from noinherit_lint import __version__, flake8_python2
from noinherit_lint.checker import check
from noinherit_lint.settings import SettingsError, build_settings

OPTION_NAMES = {
    "min-python": "--nih-min-python",
    "platforms": "--nih-platforms",
    "scope": "--nih-scope",
}


class Plugin:
    name = "noinherit-lint"
    version = __version__

    min_python: Optional[str] = None
    platforms: Optional[str] = None
    scope: Optional[str] = None

    def __init__(self, tree: ast.AST, filename: str) -> None:
        self._tree = tree
        self._filename = filename

    @classmethod
    def add_options(cls, manager) -> None:
        manager.add_option(
            "--nih-min-python", parse_from_config=True, default=None, metavar="X.Y",
            help="Oldest Python the checked code runs on (default: requires-python / "
                 "python_requires of the nearest project, else 2.7).",
        )
        manager.add_option(
            "--nih-platforms", parse_from_config=True, default=None, metavar="LIST",
            help="Comma-separated subset of linux,macos,windows the code runs on (default: all).",
        )
        manager.add_option(
            "--nih-scope", parse_from_config=True, default=None, metavar="module|always",
            help="NIH1xx only in modules that spawn or use threads (module, default) or everywhere (always).",
        )

    @classmethod
    def parse_options(cls, options) -> None:
        flake8_python2.install(cls)  # files that are not Python 3 are checked too (NIH001 if unreadable)
        cls.min_python = options.nih_min_python
        cls.platforms = options.nih_platforms
        cls.scope = options.nih_scope
        # Validate once, up front, so a bad value is one clear error rather than one per file.
        try:
            build_settings(None, min_python=cls.min_python, platforms=cls.platforms,
                           scope=cls.scope, option_names=OPTION_NAMES)
        except SettingsError as exc:
            # One line on stderr and exit status 2 (a usage error, like a bad built-in option);
            # flake8 prints no traceback for SystemExit.
            sys.stderr.write(f"flake8: noinherit-lint: {exc}\n")
            raise SystemExit(2) from None

    def run(self) -> Iterator[Tuple[int, int, str, Type["Plugin"]]]:
        try:
            settings = build_settings(
                self._filename, min_python=self.min_python, platforms=self.platforms,
                scope=self.scope, option_names=OPTION_NAMES,
            )
        except SettingsError as exc:
            yield 1, 0, f"NIH000 {exc}", type(self)
            return
        for finding in check(self._tree, settings):
            yield finding.line, finding.col, finding.message, type(self)
