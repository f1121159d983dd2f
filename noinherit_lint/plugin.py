"""The flake8 entry point: options in, findings out.  No rule logic lives here.

A run that selects no NIH code (``flake8 --select E,F``) behaves exactly as without the plugin:
nothing is read, validated or reported.  Otherwise the settings are checked once, up front, in
the main flake8 process: a bad option value or project file is one line on stderr and exit
status 2 (as for a bad flake8 option), an unreadable requires-python one warning line.
"""

from __future__ import annotations

import ast
import multiprocessing
import sys
from typing import Iterator, List, Optional, Sequence, Set, Tuple, Type

from flake8.utils import parse_comma_separated_list, parse_files_to_codes_mapping

from noinherit_lint import __version__, flake8_python2, flake8_undecodable, flake8_unreadable, projects
from noinherit_lint.checker import check
from noinherit_lint.configuration import Configuration
from noinherit_lint.flake8_config import CodeChoice, Flake8Config, read_flake8_config
from noinherit_lint.settings import SettingsError, check_codes, known_codes
from noinherit_lint.tool_codes import NIH000, NIH001

PREFIX = "flake8: noinherit-lint: "
NIH_OPTIONS = (("min-python", "nih_min_python"), ("platforms", "nih_platforms"), ("scope", "nih_scope"))


class Plugin:
    name = "noinherit-lint"
    version = __version__

    # None: this run selects no NIH code, run() does nothing.
    configuration: Optional[Configuration] = None
    # Project roots whose files were checked up front (None: by the parent of this worker).
    checked_roots: Optional[Set[Optional[str]]] = set()
    _said: Set[Optional[str]] = set()  # roots whose problems this process has already reported
    stdin_name: Optional[str] = None  # the name flake8 gives standard input, when it reads it

    def __init__(self, tree: ast.AST, filename: str, lines: Sequence[str] = ()) -> None:
        self._tree = tree
        self._filename = filename
        self._lines = lines

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
        flake8_python2.install(cls)  # files that are not Python 3 are checked too (NIH001 if unparsable)
        flake8_unreadable.install(cls)  # a file flake8 cannot open is NIH002, not a silent pass
        cls.configuration = None
        cls.stdin_name = stdin_name(options)
        choice = CodeChoice.from_flake8_options(options)
        if not _selects_nih(choice):
            return
        try:
            configuration = _configuration(options)
        except SettingsError as exc:
            _fail([str(exc)])
        if multiprocessing.parent_process() is not None:
            cls.checked_roots = None  # a spawned worker: the main process checked every project
        else:
            files = _files_to_check(options)
            report = configuration.check_projects(files)
            for warning in report.warnings:
                sys.stderr.write(f"{PREFIX}warning: {warning}\n")
            if report.errors:
                _fail(report.errors)
            cls.checked_roots = {projects.root_of(path) for path in files}
        cls.configuration = configuration

    def run(self) -> Iterator[Tuple[int, int, str, Type["Plugin"]]]:
        configuration = self.configuration
        if configuration is None:
            return
        try:
            settings = configuration.settings_for(self._filename)
        except SettingsError as exc:  # a project not checked up front: say it once per process
            if self._first_time(projects.root_of(self._filename)):
                yield 1, 0, f"{NIH000} {exc}", type(self)
            return
        self._warn_unchecked_project()
        undecodable = self.undecodable(self._filename, self._lines)
        if undecodable is not None:  # flake8 parsed a latin-1 guess of bytes no Python loads
            if settings.selects(NIH001):
                yield undecodable.line, undecodable.col, f"{NIH001} cannot parse ({undecodable.describe()})", type(self)
            return
        for finding in check(self._tree, settings, self._filename):
            if settings.selects(finding.code):
                yield finding.line, finding.col, finding.message, type(self)

    @classmethod
    def undecodable(cls, filename: str, lines: Sequence[str]):
        """Why the bytes behind flake8's `lines` do not decode (`flake8_undecodable`), or None."""
        return flake8_undecodable.problem(filename, lines, from_stdin=filename == cls.stdin_name)

    @classmethod
    def reports_file_code(cls, code: str, filename: str) -> bool:
        """Does [tool.noinherit] select/ignore let `code`, a code about the whole file (NIH001),
        be reported for `filename`?  flake8 applies its own select/ignore to it afterwards."""
        configuration = cls.configuration
        if configuration is None:
            return False
        try:
            return configuration.settings_for(filename).selects(code)
        except SettingsError:  # reported where the project's other files are checked
            return True

    def _first_time(self, root: Optional[str]) -> bool:
        if root in self._said:
            return False
        self._said.add(root)
        return True

    def _warn_unchecked_project(self) -> None:
        checked = self.checked_roots
        root = projects.root_of(self._filename)
        if checked is None or root in checked or not self._first_time(root):
            return
        for warning in projects.load_project(root).warnings:
            sys.stderr.write(f"{PREFIX}warning: {warning}\n")


def stdin_name(options) -> Optional[str]:
    """The file name flake8 reports standard input under, if this run reads it (``-``)."""
    if "-" not in (getattr(options, "filenames", None) or ()):
        return None
    return getattr(options, "stdin_display_name", None) or "stdin"


def _fail(lines: List[str]) -> None:
    """One line per problem on stderr and exit status 2; flake8 prints no traceback for SystemExit."""
    for line in lines:
        sys.stderr.write(f"{PREFIX}{line}\n")
    raise SystemExit(2)


def _selects_nih(choice: CodeChoice) -> bool:
    """Does this run select some NIH code, or name one (which must then exist)?"""
    return any(code.startswith("NIH") for code in choice.mentioned()) or any(
        choice.selects(code) for code in known_codes())


def _configuration(options) -> Configuration:
    """flake8's merged command line and configuration file, each value named where it was given."""
    try:
        config_file = read_flake8_config(config=getattr(options, "config", None),
                                         isolated=bool(getattr(options, "isolated", False)),
                                         append=getattr(options, "append_config", None) or ())
    except SettingsError:  # flake8 itself has read it; only the names in messages need it
        config_file = Flake8Config()

    def source(option: str, value) -> str:
        """The config file's name if the value is the file's, else the command-line option."""
        raw = config_file.get(option)
        from_file = raw is not None and (raw == value or parse_comma_separated_list(raw) == list(value or ()))
        return config_file.source(option) if from_file else f"--{option}"

    for option in ("select", "extend-select", "ignore", "extend-ignore"):
        codes = getattr(options, option.replace("-", "_"), None) or ()
        check_codes(tuple(codes), source(option, codes), only_nih=True)
    per_file = getattr(options, "per_file_ignores", "") or ""
    try:
        mapping = parse_files_to_codes_mapping(per_file)
    except ValueError:  # flake8 itself reports a malformed value
        mapping = []
    for _, codes in mapping:
        check_codes(tuple(codes), source("per-file-ignores", per_file), only_nih=True)
    given = []
    for key, attribute in NIH_OPTIONS:
        value = getattr(options, attribute, None)
        given.append((key, value, source(f"nih-{key}", value)))
    return Configuration.from_values(given)


def _files_to_check(options) -> List[str]:
    """The files this flake8 run will check (flake8's own discovery), or at least its arguments."""
    paths = list(getattr(options, "filenames", None) or ["."])
    try:
        from flake8.discover_files import expand_paths

        return list(expand_paths(
            paths=paths, stdin_display_name=options.stdin_display_name,
            filename_patterns=options.filename, exclude=(*options.exclude, *options.extend_exclude),
        ))
    except Exception:  # noqa: BLE001 - a changed flake8 internals: fall back to the arguments
        return paths
