"""`noinherit-fix`: rewrite the fixable NIH findings of Python files in place.

For each file: read and decode it (`fixes.files`), build its settings the way the flake8 plugin
does (`configuration.Configuration`), run the detector and fix (`fixes.source`); with -j N that much
happens in worker processes (`fixes.workers`).  The main process alone writes (atomically, only
over the version that was read) and reports each write right after it, with Ctrl-C and kill
signals held in between: a stopped run has reported every change it made, and made no other.
Exit status: 0 nothing to change, 1 something changed (or would change with --check/--diff),
2 some file or argument could not be processed, or output could not be written (the other
files are still processed); 128 + N when stopped by signal N.

Only safe fixes are made unless ``--unsafe-fixes`` (or ``unsafe-fixes = true`` in
``[tool.noinherit]``) asks for the unsafe ones too; ``--diff`` shows those it holds back in a
second, marked diff (`fixes.diffs`), and a last line counts them.  ``noinherit-fix -`` fixes
standard input (`fixes.stdin`).
"""

from __future__ import annotations

import argparse
import errno
import gc
import os
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Iterator, List, Optional, Sequence, Tuple

from noinherit_lint import __version__
from noinherit_lint.configuration import CommandLine, Configuration
from noinherit_lint.escape import display
from noinherit_lint.fixes import dependency, patched_names
from noinherit_lint.fixes.consequences import consequences
from noinherit_lint.fixes.diffs import unified_diff as _unified_diff
from noinherit_lint.fixes.diffs import unsafe_diff
from noinherit_lint.fixes.files import (
    DEFAULT_MAX_SIZE,
    FileError,
    Snapshot,
    WrittenInPlaceError,
    encode,
    read_source,
    remove_stale_temp_files,
    write_atomic,
)
from noinherit_lint.fixes.source import SourceError, describe, fix_source
from noinherit_lint.fixes.stdin import STDIN_NAME, fix_stdin
from noinherit_lint.fixes.vendor import VendorError, import_path, vendor
from noinherit_lint.fixes.walk import excluded, gather
from noinherit_lint.fixes.workers import (
    GC_SETUP,
    WorkerDied,
    fewer_garbage_collections,
    ordered_map,
    positive_int,
)
from noinherit_lint.settings import SettingsError, display_path
from noinherit_lint.standard_input import StdinError, read_stdin

PROG = "noinherit-fix"
OPTION_NAMES = {
    "min-python": "--min-python",
    "platforms": "--platforms",
    "scope": "--scope",
    "runtime-module": "--runtime-module",
    "select": "--select",
    "ignore": "--ignore",
    "add-dependency": "--add-dependency",
    "fix-exclude": "--fix-exclude",
    "line-length": "--line-length",
}
PROGRESS_THRESHOLD = 300  # files; below this no progress line is drawn
HARD_LINKS = ("refuse", "in-place")

EXIT_CLEAN, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True)
class Options:
    """Everything a worker needs to process one file (picklable)."""

    write: bool
    diff: bool
    configuration: Configuration = Configuration()
    vendor: Optional[str] = None
    max_size: Optional[int] = DEFAULT_MAX_SIZE


@dataclass
class Report:
    path: str
    changed: bool = False
    error: bool = False
    messages: List[str] = field(default_factory=list)  # for stderr
    diff: str = ""  # for stdout
    pending: Optional[Tuple[Snapshot, bytes]] = None  # what the main process is to write
    fixed: int = 0  # findings whose fix is (to be) made
    held_back: int = 0  # findings whose unsafe fix is not made (no --unsafe-fixes)
    # the fixed code imports the installed runtime: its project root, and whether to declare it
    runtime_root: Optional[str] = None
    add_dependency: bool = False
    swaps: List[patched_names.Swap] = field(default_factory=list)  # callee swaps, for the tests' mocks


def _settings_for(path: str, options: Options):
    settings = options.configuration.settings_for(path)
    if options.vendor:
        settings = replace(settings, runtime_module=import_path(path, options.vendor))
    return settings


def _refusal(path: str, message: str) -> str:
    ending = "" if message.endswith(("not changed", "skipped")) else "; not changed"
    return f"{path}: {message}{ending}"


def process(path: str, options: Options) -> Report:
    """Decide what to do with one file (nothing is written here: see `commit`); never raises
    for bad input."""
    report = Report(path)
    try:
        settings = _settings_for(path, options)
        if excluded(path, settings.fix_exclude):
            return report  # a build-time script ([tool.noinherit] fix-exclude): never rewritten
        source = read_source(path, options.max_size)
        result = fix_source(source.text, settings, path)
        for problem in result.not_fixed:
            report.messages.append(f"{path}:{problem}")
            report.error = True
        report.held_back = len(result.held_back)
        if options.diff and result.held_back:
            everything = fix_source(source.text, replace(settings, unsafe_fixes=True), path)
            report.diff = unsafe_diff(display(path), result.source, everything.source,
                                      (f.code for f in result.held_back))
        if not result.changed:
            return report
        data = encode(source, result.source)
        report.changed = True
        report.fixed = len(result.fixed)
        outside = consequences(path, path, source.text, result, settings, vendored=bool(options.vendor))
        report.messages.extend(outside.long_lines)
        report.runtime_root, report.add_dependency = outside.runtime_root, outside.add_dependency
        report.swaps = outside.swaps
        if options.diff:
            report.diff = _unified_diff(display(path), source.text, result.source) + report.diff
        if options.write:
            report.pending = (source.snapshot(), data)
        elif not options.diff:
            report.messages.insert(0, f"Would rewrite {path}")
    except (FileError, SourceError, SettingsError, VendorError) as exc:
        _refuse(report, str(exc))
    except (RecursionError, MemoryError) as exc:  # limits of this machine, not bugs
        _refuse(report, describe(exc))
    except OSError as exc:
        _refuse(report, f"cannot read ({exc.strerror or exc})")
    except Exception as exc:  # a bug must not hide the other files' results behind a traceback
        _refuse(report, f"internal error ({type(exc).__name__}: {exc})")
    return report


def _refuse(report: Report, message: str) -> None:
    report.changed = False
    report.error = True
    report.pending = None
    report.fixed = report.held_back = 0
    report.diff = ""
    report.messages.append(_refusal(report.path, message))


def commit(report: Report, *, in_place_if_linked: bool) -> None:
    """Write what `process` decided, in the main process; the report then says what happened."""
    if report.pending is None:
        return
    snapshot, data = report.pending
    report.pending = None
    try:
        write_atomic(snapshot, data, in_place_if_linked=in_place_if_linked)
    except WrittenInPlaceError as exc:
        report.messages.insert(0, f"Rewriting {report.path}")
        report.messages.append(f"{report.path}: {exc}")
        report.error = True
    except FileError as exc:
        _refuse(report, str(exc))
    else:
        report.messages.insert(0, f"Rewriting {report.path}")


def process_item(item: Tuple[str, Options]) -> Report:
    return process(*item)


def _worker_died(item: Tuple[str, Options], why: str) -> Report:
    report = Report(item[0])
    _refuse(report, f"the worker process fixing it died ({why})")
    return report


def run_all(files: Sequence[str], options: Options, jobs: int) -> Iterator[Report]:
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield process(path, options)
        return
    yield from ordered_map(GC_SETUP, f"{__name__}:process_item",
                           [(path, options) for path in files], jobs, _worker_died)


# --------------------------------------------------------------------------- output


class _Stream:
    """An output stream whose failure (closed, full disk, a reader gone) is noted, not raised."""

    def __init__(self, stream, name: str) -> None:
        self.stream = stream
        self.name = name
        self.failure: Optional[OSError] = None

    def write(self, text: str) -> bool:
        if self.failure is not None:
            return False
        if self.stream is None:  # the descriptor was closed when the program started
            self.failure = OSError(errno.EBADF, "it is closed")
            return False
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError) as exc:
            self.failure = exc if isinstance(exc, OSError) else OSError(str(exc))
            self._silence()
            return False
        return True

    def write_bytes(self, data: bytes) -> bool:
        """`write` for bytes (the fixed source of ``noinherit-fix -``), through the stream's buffer."""
        if self.failure is not None:
            return False
        buffer = getattr(self.stream, "buffer", None)
        if buffer is None:
            self.failure = OSError(errno.EBADF, "it is closed" if self.stream is None else "it takes no bytes")
            return False
        try:
            self.stream.flush()
            buffer.write(data)
            buffer.flush()
        except (OSError, ValueError) as exc:
            self.failure = exc if isinstance(exc, OSError) else OSError(str(exc))
            self._silence()
            return False
        return True

    def isatty(self) -> bool:
        try:
            return self.stream is not None and self.stream.isatty()
        except (OSError, ValueError):
            return False

    def _silence(self) -> None:
        """Point the stream's descriptor at devnull, so that the flush at exit cannot fail."""
        try:
            fd = self.stream.fileno()
        except (OSError, ValueError, AttributeError):
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)

    def reason(self) -> str:
        exc = self.failure
        return (exc.strerror or str(exc)) if exc else ""


def _ensure_standard_fds() -> None:
    """A closed descriptor 0-2 would be reused by the next file opened, and a stray write to
    'stderr' would land in it: fill the holes with devnull."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            replacement = os.open(os.devnull, os.O_RDWR)
            if replacement != fd:
                os.dup2(replacement, fd)
                os.close(replacement)


class _Progress:
    def __init__(self, total: int, stream: _Stream) -> None:
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
            self.shown = True


# --------------------------------------------------------------------------- signals

class Stopped(BaseException):
    """SIGINT, SIGTERM or SIGHUP arrived (a BaseException: no `except Exception` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _StopSignals:
    """Turn the first stop signal into `Stopped`, except inside `held()`, where it waits until
    the block is done; later signals are ignored while the run winds down, and after a stop
    for the rest of the process (a second Ctrl-C right after the closing line killed it with
    SIGINT instead of the exit status 130: the caller is about to exit)."""

    NAMES = ("SIGINT", "SIGTERM", "SIGHUP")

    def __init__(self) -> None:
        self.received: Optional[int] = None
        self._holding = False
        self._old = {}

    def __enter__(self) -> "_StopSignals":
        if threading.current_thread() is threading.main_thread():
            for name in self.NAMES:
                if hasattr(signal, name):
                    signum = getattr(signal, name)
                    self._old[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info) -> None:
        for signum, handler in self._old.items():
            signal.signal(signum, handler if self.received is None else signal.SIG_IGN)

    def _handle(self, signum: int, frame) -> None:
        if self.received is not None:
            return
        self.received = signum
        if not self._holding:
            raise Stopped(signum)

    @contextmanager
    def held(self) -> Iterator[None]:
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        if self.received is not None:
            raise Stopped(self.received)


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
            "changed, 2 some file or argument could not be processed (or output could not be "
            "written), 128+N stopped by signal N"
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="files, or folders to search for *.py files; - alone: fix standard input and "
                             "write the result to standard output")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    mode = parser.add_argument_group("what to do")
    mode.add_argument("--diff", action="store_true", help="print a unified diff of the changes; write nothing")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file would change")
    unsafe = mode.add_mutually_exclusive_group()
    unsafe.add_argument("--unsafe-fixes", dest="unsafe_fixes", action="store_const", const="true",
                        help="also make the unsafe fixes (each rule's documentation says why they are "
                             "unsafe); default: [tool.noinherit] unsafe-fixes, else only safe fixes")
    unsafe.add_argument("--no-unsafe-fixes", dest="unsafe_fixes", action="store_const", const="false",
                        help="only safe fixes, whatever [tool.noinherit] unsafe-fixes says")
    mode.add_argument("--stdin-filename", metavar="PATH",
                      help="with -: the file the text belongs to (its project's settings, --exclude)")
    mode.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N",
                      help="process files in N worker processes (default 1)")
    files = parser.add_argument_group("which files are read and how they are written")
    files.add_argument("--exclude", metavar="GLOBS",
                       help="comma-separated glob patterns of files and folders to skip (replaces "
                            "flake8's exclude from its configuration file, as flake8 --exclude does)")
    files.add_argument("--extend-exclude", metavar="GLOBS",
                       help="more patterns to skip, added to exclude")
    files.add_argument("--max-size", type=positive_int, default=DEFAULT_MAX_SIZE // 2 ** 20, metavar="MB",
                       help=f"skip files larger than this (default {DEFAULT_MAX_SIZE // 2 ** 20} MB)")
    files.add_argument("--hard-links", choices=HARD_LINKS, default="refuse",
                       help="a file with several names: leave it (refuse, the default), or write the "
                            "new bytes through all its names (in-place, not atomic)")
    rules = parser.add_argument_group("which findings (as in the flake8 plugin)")
    rules.add_argument("--min-python", metavar="X.Y",
                       help="oldest Python the code runs on (default: requires-python of the nearest "
                            "project, else 2.7)")
    rules.add_argument("--platforms", metavar="LIST", help="comma-separated subset of linux,macos,windows")
    rules.add_argument("--scope", metavar="module|always",
                       help="NIH1xx only in modules that spawn or use threads (module) or everywhere (always)")
    rules.add_argument("--select", metavar="CODES", help="comma-separated code prefixes to fix (default: all)")
    rules.add_argument("--ignore", metavar="CODES", help="comma-separated code prefixes not to fix")
    runtime = parser.add_argument_group("the runtime the rewritten code imports")
    runtime.add_argument("--runtime-module", metavar="NAME",
                         help="import path of ftools (default: noinherit_ftools.ftools, the installed runtime)")
    declare = runtime.add_mutually_exclusive_group()
    declare.add_argument("--add-dependency", dest="add_dependency", action="store_const", const="true",
                         help=f"add {dependency.REQUIREMENT} to the project's dependencies (pyproject.toml "
                              "[project] dependencies or setup.cfg install_requires) when rewritten code "
                              "imports it; default: [tool.noinherit] add-dependency, else a note says what to add")
    declare.add_argument("--no-add-dependency", dest="add_dependency", action="store_const", const="false",
                         help="only note a missing dependency, whatever [tool.noinherit] add-dependency says")
    files.add_argument("--fix-exclude", metavar="GLOBS",
                       help="comma-separated globs of files never rewritten (replaces the default "
                            "setup.py,hatch_build.py,pdm_build.py,noxfile.py; empty: none)")
    files.add_argument("--line-length", metavar="N",
                       help="report lines a fix makes longer than N (default: flake8's max-line-length, "
                            "ruff's or black's line-length, else 79 with a flake8 configuration file, else 88)")
    runtime.add_argument("--vendor", metavar="FILE",
                         help="write the runtime to FILE (if missing or another version; only over a copy this "
                              "command wrote, keeping your lines above its marker) and import it from there")
    return parser


def _configuration(args: argparse.Namespace) -> Configuration:
    """The run's settings (a bad option or flake8-configuration value raises SettingsError once)."""
    if args.runtime_module is not None and args.vendor:
        raise SettingsError("--runtime-module and --vendor cannot be combined")
    given = CommandLine(
        min_python=args.min_python, platforms=args.platforms, scope=args.scope,
        runtime_module=args.runtime_module, select=args.select, ignore=args.ignore,
        exclude=args.exclude, extend_exclude=args.extend_exclude, unsafe_fixes=args.unsafe_fixes,
        add_dependency=args.add_dependency, fix_exclude=args.fix_exclude, line_length=args.line_length,
    )
    return Configuration.for_command(given, OPTION_NAMES)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    _ensure_standard_fds()
    out, err = _Stream(sys.stdout, "stdout"), _Stream(sys.stderr, "stderr")
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    thresholds = gc.get_threshold()
    fewer_garbage_collections()
    run = _Run(args, out, err)
    try:
        with _StopSignals() as signals:
            run.signals = signals
            try:
                status = run.run()
            except (Stopped, KeyboardInterrupt) as stop:
                status = run.stopped(stop.signum if isinstance(stop, Stopped) else signal.SIGINT)
    finally:
        gc.set_threshold(*thresholds)
    for stream in (out, err):
        if stream.failure is not None:
            status = max(status, EXIT_ERROR)
    return status


class _Run:
    """One run: the files, the output, and the count of what was done (for an interruption)."""

    def __init__(self, args: argparse.Namespace, out: _Stream, err: _Stream) -> None:
        self.args = args
        self.out, self.err = out, err
        self.signals: Optional[_StopSignals] = None
        self.total = 0
        self.done = 0
        self.progress: Optional[_Progress] = None
        self.fixed = self.files_fixed = self.held_back = 0  # for the summary line

    def say(self, line: str) -> None:
        self.err.write(display(line) + "\n")

    def stopped(self, signum: int) -> int:
        if self.progress:
            self.progress.clear()
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = f"signal {signum}"
        what = "changed" if self.writing else "checked"
        self.say(f"{PROG}: stopped by {name} after {self.done} of {self.total} files; "
                 f"files not reported above were not {what}")
        return 128 + signum

    @property
    def writing(self) -> bool:
        return not (self.args.check or self.args.diff)

    def run(self) -> int:
        args = self.args
        reading_stdin = STDIN_NAME in args.paths
        problem = None
        if reading_stdin and len(args.paths) > 1:
            problem = "- (standard input) cannot be combined with other paths"
        elif reading_stdin and args.vendor:
            problem = "--vendor cannot be combined with - (standard input)"
        elif args.stdin_filename is not None and not reading_stdin:
            problem = "--stdin-filename needs - (standard input) as the path"
        try:
            if problem:
                raise SettingsError(problem)
            configuration = _configuration(args)
        except SettingsError as exc:
            self.say(f"{PROG}: {exc}")
            return EXIT_ERROR
        if reading_stdin:
            return self.run_stdin(configuration)

        status = EXIT_CLEAN
        vendor_target = None
        vendored = False  # a written copy is a change: exit 1
        if args.vendor:
            vendor_target = os.path.abspath(args.vendor)
            if self.writing:
                try:
                    vendored = vendor(vendor_target)
                    if vendored:
                        self.say(f"Vendoring the runtime to {args.vendor}")
                except VendorError as exc:
                    self.say(f"{PROG}: {exc}")
                    return EXIT_ERROR

        gathered = gather(args.paths, configuration.exclude)
        for path, problem in gathered.problems:
            self.say(f"{path}: {problem}")
            status = EXIT_ERROR
        files = gathered.files
        if vendor_target:
            files = [f for f in files if os.path.realpath(f) != os.path.realpath(vendor_target)]
        if not self._check_projects(configuration, files):
            return EXIT_ERROR
        if self.writing:
            for folder in gathered.folders:
                remove_stale_temp_files(folder)

        options = Options(
            write=self.writing, diff=args.diff, configuration=configuration,
            vendor=vendor_target, max_size=args.max_size * 2 ** 20,
        )
        self.total = len(files)
        self.progress = progress = _Progress(len(files), self.err)
        changed = False
        runtime_roots: dict = {}  # project root -> add the dependency?
        swaps: dict = {}  # project root -> callee swaps made in it
        reports = run_all(files, options, args.jobs)
        try:
            for report in reports:
                with self.signals.held():  # a write is reported before a stop takes effect
                    commit(report, in_place_if_linked=args.hard_links == "in-place")
                    self.done += 1
                    if report.messages or report.diff:
                        progress.clear()
                    if report.diff and not self.out.write(report.diff):
                        return self._stdout_failed()
                    for line in report.messages:
                        self.say(line)
                changed = changed or report.changed
                if report.swaps and report.changed:
                    swaps.setdefault(patched_names.tests_root(report.path), []).extend(report.swaps)
                if report.runtime_root is not None and report.changed:
                    runtime_roots[report.runtime_root] = (runtime_roots.get(report.runtime_root, False)
                                                          or report.add_dependency)
                self.count(report)
                if report.error:
                    status = EXIT_ERROR
                progress.update(self.done)
        except WorkerDied as exc:
            progress.clear()
            self.say(f"{PROG}: {exc}; files not reported above were not processed")
            return EXIT_ERROR
        finally:
            reports.close()
        progress.clear()
        for root in sorted(swaps):
            for line in patched_names.warnings(root, swaps[root]):
                self.say(line)
        for root in sorted(runtime_roots):
            with self.signals.held():
                declared = self.declare_dependency(root, runtime_roots[root])
            if declared is None:
                status = EXIT_ERROR
            changed = changed or bool(declared)
        self.summarize()
        if status == EXIT_CLEAN and (changed or vendored):
            status = EXIT_CHANGED
        return status

    def declare_dependency(self, root: str, add: bool) -> Optional[bool]:
        """The runtime in `root`'s dependencies: added (True, or would be with --check/--diff),
        already there or only noted (False), or an error (None)."""
        try:
            need = dependency.needed(root)
            if need.present:
                return False
            if not (add and need.editable):
                hint = " (or run with --add-dependency)" if need.editable else ""
                self.say(f"{PROG}: note: the rewritten code imports noinherit_ftools; {need.advice}{hint}")
                return False
            snapshot, old, new = dependency.declared_text(root, need)
        except dependency.DependencyError as exc:
            self.say(f"{PROG}: {exc}")
            return None
        where = display(display_path(snapshot.path))
        what = "[project] dependencies" if need.file == "pyproject.toml" else "[options] install_requires"
        if self.args.diff:
            text = _unified_diff(where, old.decode("utf-8"), new.decode("utf-8"))
            if not self.out.write(text):
                return None
            return True
        if self.args.check:
            self.say(f"Would add {dependency.REQUIREMENT} to {where} {what}")
            return True
        try:
            write_atomic(snapshot, new)
        except FileError as exc:
            self.say(f"{where}: {exc}")
            return None
        self.say(f"Adding {dependency.REQUIREMENT} to {where} {what}")
        return True

    def count(self, report) -> None:
        if report.changed:
            self.fixed += report.fixed
            self.files_fixed += 1
        self.held_back += report.held_back

    def summarize(self) -> None:
        """The last line, when unsafe fixes were held back (ruff's "N hidden fixes can be enabled
        with the --unsafe-fixes option"); the per-file lines said everything else."""
        if not self.held_back:
            return
        hidden = "1 hidden fix" if self.held_back == 1 else f"{self.held_back} hidden fixes"
        if self.fixed:
            files = "file" if self.files_fixed == 1 else "files"
            done = (f"{'Fixed' if self.writing else 'Would fix'} {self.fixed} "
                    f"finding{'' if self.fixed == 1 else 's'} in {self.files_fixed} {files}")
        else:
            done = "No fixes made" if self.writing else "No fixes to make"
        self.say(f"{PROG}: {done}; {hidden} can be enabled with the --unsafe-fixes option")

    def run_stdin(self, configuration: Configuration) -> int:
        """``noinherit-fix -``: standard input to standard output (`fixes.stdin`)."""
        args = self.args
        name = args.stdin_filename
        label = display(name) if name else STDIN_NAME
        if not self._check_projects(configuration, [name]):
            return self._echo_stdin_failed()
        try:
            raw = read_stdin()
        except StdinError as exc:
            self.say(f"{PROG}: {exc}")
            return EXIT_ERROR
        result = fix_stdin(raw, name, label, configuration, diff=args.diff, check=args.check,
                           max_size=args.max_size * 2 ** 20)
        if result.output and not self.out.write_bytes(result.output):
            if not isinstance(self.out.failure, BrokenPipeError):
                self.say(f"{PROG}: cannot write to stdout ({self.out.reason()})")
            return EXIT_ERROR
        for line in result.messages:
            self.say(line)
        status = result.status
        outside = result.consequences
        if outside is not None:  # the notes a file run prints; standard input never edits the project
            for line in patched_names.warnings(patched_names.tests_root(name or STDIN_NAME), outside.swaps):
                self.say(line)
            if outside.runtime_root is not None and self.declare_dependency(outside.runtime_root, False) is None:
                status = EXIT_ERROR
        self.fixed, self.held_back = result.fixed, result.held_back
        self.files_fixed = 1 if result.fixed else 0
        self.summarize()
        return status

    def _echo_stdin_failed(self) -> int:
        """A project error with standard input: the text goes back unchanged (an editor keeps it)."""
        stdin = getattr(sys.stdin, "buffer", None)
        if not (self.args.diff or self.args.check) and stdin is not None:
            try:
                self.out.write_bytes(stdin.read())
            except (OSError, ValueError):
                pass
        return EXIT_ERROR

    def _check_projects(self, configuration: Configuration, files: List[str]) -> bool:
        """Say each project file's error or warning once; False if any has an error (as flake8
        refuses to run then, so does the fixer: the two never act on different settings)."""
        report = configuration.check_projects(files)
        for warning in report.warnings:
            self.say(f"{PROG}: warning: {warning}")
        for error in report.errors:
            self.say(f"{PROG}: {error}")
        return not report.errors

    def _stdout_failed(self) -> int:
        """The diff is the output of --diff: with nowhere to put it, stop (nothing was written)."""
        if not isinstance(self.out.failure, BrokenPipeError):  # `| head`: the reader is satisfied
            self.say(f"{PROG}: cannot write to stdout ({self.out.reason()}); stopped after "
                     f"{self.done} of {self.total} files")
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    # `python -m noinherit_lint.cli`: run the importable module, not this `__main__` copy, so that
    # -j workers can import the functions and unpickle the options they are sent.
    from noinherit_lint.cli import main as _main

    sys.exit(_main())
