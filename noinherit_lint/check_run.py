"""One run of `noinherit-lint check`: which files, their settings, each file's result (cached or
computed), in the order of the files whatever ``-j`` is.

Files and settings come from the one loader the flake8 plugin and ``noinherit-fix`` use
(`configuration.Configuration`: the flake8 configuration file, ``[tool.noinherit]``,
requires-python) and the walk ``noinherit-fix`` does (`fixes.walk.gather`, flake8's exclude
patterns; links to files and missing arguments listed as flake8 lists them).  Only regular
files are read (`fixes.files`); a file that cannot be read is one ``NIH002`` finding with
flake8's text of the error (what the plugin reports), and exit status 2.  The main process alone
reads and writes the cache (`cache.Cache`, one per run, written by `finish`): with ``-j N`` it
looks every file up first and sends only the misses to the worker interpreters of
`fixes.workers`, which return the findings with the key of the bytes they checked.

The detector (`file_results`: the parser, `checker`, every rule) is imported by the first file the
cache does not hold: a run whose files are all cached does not pay for importing it.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from noinherit_lint.cache import Cache, Dependency, EntryKey, fingerprint
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
    keyed: bool = False  # a -j worker of a cached run: no cache I/O, but each result carries its key


@dataclass
class FileResult:
    path: str  # as given or found by the walk (what the output prints)
    findings: List[Reported] = field(default_factory=list)
    error: Optional[str] = None  # the file's settings are bad (or a bug): exit 2
    unreadable: bool = False  # the file could not be read: its one finding is NIH002, exit 2
    cached: bool = False
    key: Optional[EntryKey] = None  # the cache key of the bytes checked (computed findings of a cached run)
    depends: Tuple[Dependency, ...] = ()  # the other files the findings were read from


_caches: Dict[Tuple[str, str], Cache] = {}


def _cache(directory: Optional[str]) -> Optional[Cache]:
    """This run's view of the cache folder (`finish` ends it)."""
    if directory is None:
        return None
    key = (os.path.abspath(directory), fingerprint())  # a relative folder is another one in another working folder
    if key not in _caches:
        _caches[key] = Cache(directory)
    return _caches[key]


def finish(options: Options) -> Optional[str]:
    """Write what the run added to the cache and end the run's view of it; why the cache is off, if it is."""
    if options.cache_directory is None:
        return None
    key = (os.path.abspath(options.cache_directory), fingerprint())
    cache = _caches.pop(key, None)
    return cache.flush() if cache is not None else None


def _settings(result: FileResult, options: Options, settings_path: str):
    try:
        return options.configuration.settings_for(settings_path)
    except SettingsError as exc:
        result.error = str(exc)
        return None


def _lookup(path: str, raw: bytes, options: Options, settings_path: Optional[str], cache: Optional[Cache]):
    """(result, settings): the result is final if it is an error or a hit, else it still needs findings."""
    result = FileResult(path)
    where = settings_path if settings_path is not None else path  # the file the settings are of
    settings = _settings(result, options, where)
    if settings is None:
        return result, None
    if (cache is not None and cache.problem is None) or options.keyed:
        result.key = Cache.key(raw, settings, where)
        cached = cache.get(result.key) if cache is not None else None
        if cached is not None:
            result.findings, result.cached = cached, True
    return result, settings


def _compute(result: FileResult, raw: bytes, settings, where: str) -> None:
    """The findings, and the other files of the project they were read from; `where`: the file's
    name, from which those are found (for stdin: --stdin-filename)."""
    from noinherit_lint.file_results import checked  # the detector: only for a miss (see above)

    result.findings, result.depends = checked(raw, settings, where)


def check_bytes(path: str, raw: bytes, options: Options, settings_path: Optional[str] = None) -> FileResult:
    """The result for `raw`, the content of `path` (`settings_path`: where its settings are found)."""
    cache = None if options.keyed else _cache(options.cache_directory)
    result, settings = _lookup(path, raw, options, settings_path, cache)
    if settings is None or result.cached:
        return result
    _compute(result, raw, settings, settings_path if settings_path is not None else path)
    if cache is not None and result.key is not None:
        cache.put(result.key, result.findings, result.depends)
    return result


def _guarded(path: str, body):
    """Never raises for bad input: an unreadable file is its NIH002 result (`unreadable`)."""
    try:
        raw = read_bytes(path, max_size=None)
    except FileError as exc:
        return unreadable(path, exc)
    try:
        return body(raw)
    except Exception as exc:  # a bug must not hide the other files' results behind a traceback
        return FileResult(path, error=f"internal error ({type(exc).__name__}: {exc})")


def check_file(path: str, options: Options) -> FileResult:
    return _guarded(path, lambda raw: check_bytes(path, raw, options))


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


def _looked_up(path: str, cache: Cache, options: Options) -> Optional[FileResult]:
    """The result of `path` if the main process has it without the detector (a hit, an error)."""
    def body(raw: bytes) -> Optional[FileResult]:
        result, settings = _lookup(path, raw, options, None, cache)
        return result if settings is None or result.cached else None

    return _guarded(path, body)


def check_all(files: Sequence[str], options: Options, jobs: int) -> Iterator[FileResult]:
    """The results of `files`, in their order (`finish` then writes the cache)."""
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield check_file(path, options)
        return
    cache = _cache(options.cache_directory)
    if cache is None:
        yield from ordered_map(GC_SETUP, f"{__name__}:check_item",
                               [(path, options) for path in files], jobs, _worker_died)
        return
    results: List[Optional[FileResult]] = [_looked_up(path, cache, options) for path in files]
    misses = [index for index, result in enumerate(results) if result is None]
    worker_options = dataclasses.replace(options, cache_directory=None, keyed=True)
    computed = ordered_map(GC_SETUP, f"{__name__}:check_item",
                           [(files[index], worker_options) for index in misses], jobs, _worker_died)
    for index, result in zip(misses, computed):
        if result.key is not None and result.error is None:
            cache.put(result.key, result.findings, result.depends)
        results[index] = result
    yield from results
