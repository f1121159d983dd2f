"""`noinherit-fix`: rewrite the fixable NIH findings of Python files in place.

For each file: read and decode it (`fixes.files`), build its settings the way the flake8 plugin
does (`configuration.Configuration`), run the detector and fix (`fixes.source`), then print a diff,
report, or write atomically.  Exit status: 0 nothing to change, 1 something changed (or would
change with --check/--diff), 2 some file or argument could not be processed (the others still are).
"""

from __future__ import annotations

import argparse
import difflib
import gc
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

from noinherit_lint import __version__
from noinherit_lint.fixes.files import FileError, encode, read_source, write_atomic
from noinherit_lint.fixes.source import SourceError, fix_source
from noinherit_lint.fixes.vendor import VendorError, import_path, vendor
from noinherit_lint.configuration import CommandLine, Configuration
from noinherit_lint.fixes.walk import gather
from noinherit_lint.settings import SettingsError

PROG = "noinherit-fix"
OPTION_NAMES = {
    "min-python": "--min-python",
    "platforms": "--platforms",
    "scope": "--scope",
    "runtime-module": "--runtime-module",
    "select": "--select",
    "ignore": "--ignore",
}
PROGRESS_THRESHOLD = 300  # files; below this no progress line is drawn

EXIT_CLEAN, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True)
class Options:
    """Everything a worker needs to process one file (picklable)."""

    write: bool
    diff: bool
    configuration: Configuration = Configuration()
    vendor: Optional[str] = None


@dataclass
class Report:
    path: str
    changed: bool = False
    error: bool = False
    messages: List[str] = field(default_factory=list)  # for stderr
    diff: str = ""  # for stdout


def _settings_for(path: str, options: Options):
    settings = options.configuration.settings_for(path)
    if options.vendor:
        settings = replace(settings, runtime_module=import_path(path, options.vendor))
    return settings


def _unified_diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=path, tofile=path
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def process(path: str, options: Options) -> Report:
    """Fix one file according to `options`; never raises for bad input."""
    report = Report(path)
    try:
        source = read_source(path)
        settings = _settings_for(path, options)
        result = fix_source(source.text, settings, path)
        for problem in result.not_fixed:
            report.messages.append(f"{path}:{problem}")
            report.error = True
        if not result.changed:
            return report
        data = encode(source, result.source)
        report.changed = True
        if options.diff:
            report.diff = _unified_diff(path, source.text, result.source)
        if options.write:
            write_atomic(source, data)
            report.messages.insert(0, f"Rewriting {path}")
        elif not options.diff:
            report.messages.insert(0, f"Would rewrite {path}")
    except (FileError, SourceError, SettingsError, VendorError) as exc:
        report.changed = False
        report.error = True
        message = str(exc)
        report.messages.append(f"{path}: {message}" + ("" if message.endswith("not changed") else "; not changed"))
    except Exception as exc:  # a bug must not hide the other files' results behind a traceback
        report.changed = False
        report.error = True
        report.messages.append(f"{path}: internal error ({type(exc).__name__}: {exc}); not changed")
    return report


def _process_star(item: Tuple[str, Options]) -> Report:
    return process(*item)


def _fewer_garbage_collections() -> None:
    """ast and libcst trees are freed by reference counting; the default collector thresholds make
    CPython scan them again and again (a third of the run time on a stdlib tree)."""
    gc.set_threshold(100_000, 50, 1000)


def _watch_parent(parent_pid: int, interval: float = 0.5) -> None:
    """End this worker soon after the main process is gone (SIGKILL leaves no one to stop us).

    Workers hold both ends of the executor's queues, so they would otherwise wait forever."""
    while True:
        time.sleep(interval)
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except OSError:
            pass


def _worker_setup(parent_pid: int) -> None:
    _fewer_garbage_collections()
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def run_all(files: Sequence[str], options: Options, jobs: int) -> Iterator[Report]:
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield process(path, options)
        return
    context = multiprocessing.get_context(_start_method())
    workers = min(jobs, len(files))
    chunksize = max(1, min(32, len(files) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_worker_setup, initargs=(os.getpid(),)) as pool:
        yield from pool.map(_process_star, ((path, options) for path in files), chunksize=chunksize)


class _Progress:
    def __init__(self, total: int, stream) -> None:
        self.total = total
        self.stream = stream
        self.enabled = total > PROGRESS_THRESHOLD and stream.isatty()
        self.shown = False

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.shown = False

    def update(self, done: int) -> None:
        if self.enabled and (done % 25 == 0 or done == self.total):
            self.stream.write(f"\r{PROG}: {done}/{self.total} files")
            self.stream.flush()
            self.shown = True


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Rewrite the calls that the flake8 plugin noinherit-lint (NIH codes) reports as fixable, "
            "so that file and socket handles stop leaking into child processes. Only the reported "
            "calls are edited; everything else stays byte for byte. Settings not given here are read "
            "like the flake8 plugin reads them: [tool.noinherit] and requires-python in the nearest "
            "pyproject.toml, python_requires in setup.cfg/setup.py."
        ),
        epilog=(
            "exit status: 0 nothing to change, 1 files were (or with --check/--diff would be) "
            "changed, 2 some file or argument could not be processed"
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders to search for *.py files")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    mode = parser.add_argument_group("what to do")
    mode.add_argument("--diff", action="store_true", help="print a unified diff of the changes; write nothing")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file would change")
    mode.add_argument("-j", "--jobs", type=_positive_int, default=1, metavar="N",
                      help="process files in N worker processes (default 1)")
    rules = parser.add_argument_group("which findings (as in the flake8 plugin)")
    rules.add_argument("--min-python", metavar="X.Y",
                       help="oldest Python the code runs on (default: requires-python of the nearest "
                            "project, else 2.7)")
    rules.add_argument("--platforms", metavar="LIST", help="comma-separated subset of linux,macos,windows")
    rules.add_argument("--scope", metavar="module|always",
                       help="NIH1xx only in modules that spawn or use threads (module) or everywhere (always)")
    rules.add_argument("--select", metavar="CODES", help="comma-separated code prefixes to fix (default: all)")
    rules.add_argument("--ignore", metavar="CODES", help="comma-separated code prefixes not to fix")
    rules.add_argument("--exclude", metavar="GLOBS",
                       help="comma-separated glob patterns of files and folders to skip (replaces "
                            "flake8's exclude from its configuration file, as flake8 --exclude does)")
    rules.add_argument("--extend-exclude", metavar="GLOBS",
                       help="more patterns to skip, added to exclude")
    runtime = parser.add_argument_group("the runtime the rewritten code imports")
    runtime.add_argument("--runtime-module", metavar="NAME",
                         help="import path of ftools (default: noinherit_ftools.ftools, the installed runtime)")
    runtime.add_argument("--vendor", metavar="FILE",
                         help="copy the runtime to FILE (if missing or older) and import it from there")
    return parser


def _configuration(args: argparse.Namespace) -> Configuration:
    """The run's settings (a bad option or flake8-configuration value raises SettingsError once)."""
    if args.runtime_module is not None and args.vendor:
        raise SettingsError("--runtime-module and --vendor cannot be combined")
    given = CommandLine(
        min_python=args.min_python, platforms=args.platforms, scope=args.scope,
        runtime_module=args.runtime_module, select=args.select, ignore=args.ignore,
        exclude=args.exclude, extend_exclude=args.extend_exclude,
    )
    return Configuration.for_command(given, OPTION_NAMES)


def _check_projects(configuration: Configuration, files: List[str], err) -> bool:
    """Say each project file's error or warning once; False if any has an error (as flake8
    refuses to run then, so does the fixer: the two never act on different settings)."""
    report = configuration.check_projects(files)
    _emit((f"{PROG}: warning: {warning}" for warning in report.warnings), err)
    _emit((f"{PROG}: {error}" for error in report.errors), err)
    return not report.errors


def _emit(lines: Iterable[str], stream) -> None:
    for line in lines:
        stream.write(line + "\n")


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    thresholds = gc.get_threshold()
    _fewer_garbage_collections()
    try:
        return _run(args)
    finally:
        gc.set_threshold(*thresholds)


def _run(args: argparse.Namespace) -> int:
    err, out = sys.stderr, sys.stdout
    for stream in (out, err):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        configuration = _configuration(args)
    except SettingsError as exc:
        err.write(f"{PROG}: {exc}\n")
        return EXIT_ERROR

    status = EXIT_CLEAN
    vendor_target = None
    if args.vendor:
        vendor_target = os.path.abspath(args.vendor)
        if not (args.check or args.diff):
            try:
                if vendor(vendor_target):
                    err.write(f"Vendoring the runtime to {args.vendor}\n")
            except VendorError as exc:
                err.write(f"{PROG}: {exc}\n")
                return EXIT_ERROR

    files, problems = gather(args.paths, configuration.exclude)
    for path, problem in problems:
        err.write(f"{path}: {problem}\n")
        status = EXIT_ERROR
    if vendor_target:
        files = [f for f in files if os.path.realpath(f) != os.path.realpath(vendor_target)]
    if not _check_projects(configuration, files, err):
        return EXIT_ERROR

    options = Options(write=not (args.check or args.diff), diff=args.diff,
                      configuration=configuration, vendor=vendor_target)
    progress = _Progress(len(files), err)
    changed = False
    try:
        for done, report in enumerate(run_all(files, options, args.jobs), start=1):
            if report.messages or report.diff:
                progress.clear()
            if report.diff:
                out.write(report.diff)
                out.flush()
            _emit(report.messages, err)
            changed = changed or report.changed
            if report.error:
                status = EXIT_ERROR
            progress.update(done)
    except KeyboardInterrupt:
        progress.clear()
        err.write(f"{PROG}: interrupted\n")
        return 130
    except BrokenProcessPool as exc:
        progress.clear()
        err.write(f"{PROG}: a worker process died ({exc}); files not reported above were not processed\n")
        return EXIT_ERROR
    except BrokenPipeError:  # `noinherit-fix --diff ... | head`
        # Python's documented recipe: point stdout at devnull so the flush at exit does not fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    progress.clear()
    if status == EXIT_CLEAN and changed:
        status = EXIT_CHANGED
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
