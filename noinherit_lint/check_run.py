"""One run of `noinherit-lint check`: which files, their settings, each file's result (cached or
computed), in the order of the files whatever ``-j`` is.

Files and settings come from the one loader the flake8 plugin and ``noinherit-fix`` use
(`configuration.Configuration`: the flake8 configuration file, ``[tool.noinherit]``,
requires-python) and the walk ``noinherit-fix`` does (`fixes.walk.gather`, flake8's exclude
patterns; links to files and missing arguments listed as flake8 lists them).  Only regular
files are read (`fixes.files`); a file that cannot be read is one ``NIH002`` finding with
flake8's text of the error (what the plugin reports), and exit status 2.  With ``-j N`` the files are checked in
the worker interpreters of `fixes.workers`, each reading and writing the cache itself.

The detector (`file_results`: the parser, `checker`, every rule) is imported by the first file the
cache does not hold: a run whose files are all cached does not pay for importing it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator, List, Optional, Sequence, Tuple

from noinherit_lint.cache import Cache, fingerprint
from noinherit_lint.configuration import Configuration
from noinherit_lint.fixes.files import FileError, read_bytes
from noinherit_lint.fixes.workers import GC_SETUP, ordered_map
from noinherit_lint.reported import Reported
from noinherit_lint.settings import SettingsError


@dataclass(frozen=True)
class Options:
    """What a worker needs to check one file (picklable)."""

    configuration: Configuration
    cache_directory: Optional[str] = None  # None: no cache


@dataclass
class FileResult:
    path: str  # as given or found by the walk (what the output prints)
    findings: List[Reported] = field(default_factory=list)
    error: Optional[str] = None  # the file's settings are bad (or a bug): exit 2
    unreadable: bool = False  # the file could not be read: its one finding is NIH002, exit 2
    cached: bool = False
    cache_problem: Optional[str] = None


_caches = {}


def _cache(directory: Optional[str]) -> Optional[Cache]:
    if directory is None:
        return None
    key = (os.path.abspath(directory), fingerprint())  # a relative folder is another one in another working folder
    if key not in _caches:
        _caches[key] = Cache(directory)
    return _caches[key]


def check_bytes(path: str, raw: bytes, options: Options, settings_path: Optional[str] = None) -> FileResult:
    """The result for `raw`, the content of `path` (`settings_path`: where its settings are found)."""
    result = FileResult(path)
    try:
        settings = options.configuration.settings_for(settings_path if settings_path is not None else path)
    except SettingsError as exc:
        result.error = str(exc)
        return result
    cache = _cache(options.cache_directory)
    key = None
    if cache is not None and cache.problem is None:
        key = cache.key(raw, settings)
        cached = cache.get(key)
        if cached is not None:
            result.findings, result.cached = cached, True
            return result
    from noinherit_lint.file_results import checked  # the detector: only for a miss (see above)

    # Other files of the project are found from where the file is (for stdin: --stdin-filename).
    result.findings, depends = checked(raw, settings, settings_path if settings_path is not None else path)
    if key is not None:
        cache.put(key, result.findings, depends=depends)
        result.cache_problem = cache.problem
    return result


def check_file(path: str, options: Options) -> FileResult:
    """Never raises for bad input: an unreadable file is its NIH002 result (`unreadable`)."""
    try:
        raw = read_bytes(path, max_size=None)
    except FileError as exc:
        return unreadable(path, exc)
    try:
        return check_bytes(path, raw, options)
    except Exception as exc:  # a bug must not hide the other files' results behind a traceback
        return FileResult(path, error=f"internal error ({type(exc).__name__}: {exc})")


def unreadable(path: str, exc: FileError) -> FileResult:
    """The result for a file that cannot be read: the NIH002 flake8 reports (flake8's E902 text,
    ``OSError: [Errno 40] Too many levels of symbolic links: 'a.py'``), at line 1."""
    from noinherit_lint.tool_codes import NIH002  # imports the registry: not for a warm run

    error = exc.os_error
    why = str(exc) if error is None else f"{type(error).__name__}: {error}"
    finding = Reported(NIH002, f"{NIH002} cannot read ({why})", 1, 0, 1, 0, 0, 0)
    return FileResult(path, findings=[finding], unreadable=True)


def check_item(item: Tuple[str, Options]) -> FileResult:
    return check_file(*item)


def _worker_died(item: Tuple[str, Options], why: str) -> FileResult:
    return FileResult(item[0], error=f"the worker process checking it died ({why})")


def check_all(files: Sequence[str], options: Options, jobs: int) -> Iterator[FileResult]:
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield check_file(path, options)
        return
    yield from ordered_map(GC_SETUP, f"{__name__}:check_item",
                           [(path, options) for path in files], jobs, _worker_died)
