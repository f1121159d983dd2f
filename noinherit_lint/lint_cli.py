"""`noinherit-lint`: ``check PATH...`` reports the NIH findings without flake8's machinery;
``rule CODE`` (or ``--explain CODE``) prints a rule's documentation.

``check`` runs the detector flake8 runs (`checker.check`), with the settings flake8 would use
(`configuration`) and flake8's ``# noqa`` (`noqa`), so it prints what ``flake8 --select NIH``
prints (`file_results`), in less time: flake8 runs pycodestyle and every installed plugin
whatever ``--select`` says, and this command has a cache (`cache`).  The run itself is
`check_run`; the formats are `output`.

Exit status: 0 no findings, 1 findings, 2 a bad argument or setting, or a file that could not be
read (the other files are still checked and reported).  A file that cannot be parsed, or whose
bytes no Python decodes, is an ``NIH001`` finding; one that cannot be read (missing, a dangling
link, a loop, permission denied) an ``NIH002`` finding, as flake8 with the plugin reports them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from typing import List, Optional, Sequence

from noinherit_lint import __version__
from noinherit_lint.cache import DEFAULT_DIRECTORY, Cache
from noinherit_lint.check_run import FileResult, Options, check_all, check_bytes, finish
from noinherit_lint.fixes.workers import fewer_garbage_collections, positive_int
from noinherit_lint.configuration import CommandLine, Configuration
from noinherit_lint.escape import display
from noinherit_lint.fixes.walk import gather
from noinherit_lint.output import FORMATS, render
from noinherit_lint.settings import SettingsError

PROG = "noinherit-lint"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
OPTION_NAMES = {
    "min-python": "--min-python", "platforms": "--platforms", "scope": "--scope",
    "select": "--select", "extend-select": "--extend-select", "ignore": "--ignore",
    "extend-ignore": "--extend-ignore",
}
# Formats whose stdout a program parses: the statistics and the summary go to stderr.
MACHINE_FORMATS = ("json", "sarif", "junit")


def _jobs(text: str) -> int:
    """``-j``'s value: a positive number, or flake8's ``auto``, the number of CPUs."""
    if text == "auto":
        return os.cpu_count() or 1
    return positive_int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Find file and socket handles that leak into child processes (NIH codes).",
        epilog="`noinherit-fix` rewrites what `check` finds; `noinherit-lint rule CODE` explains a code.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--explain", metavar="CODE", help="print the documentation of CODE (as `rule CODE`)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check", help="report the NIH findings of files (what `flake8 --select NIH` reports, faster)",
        description="Report the NIH findings of Python files, with the settings and `# noqa` handling of "
                    "the flake8 plugin.",
        epilog="exit status: 0 no findings, 1 findings, 2 a bad argument or setting, or an unreadable file")
    check.add_argument("paths", nargs="*", metavar="PATH", default=None,
                       help="files, folders to search for *.py files, or - for stdin (default: .)")
    check.add_argument("--output-format", choices=sorted(FORMATS), default="text",
                       help="text (flake8's lines, the default), json, sarif, github, junit")
    check.add_argument("--statistics", action="store_true", help="count the findings of each code at the end")
    check.add_argument("--stdin-filename", metavar="NAME",
                       help="the name of the file read from stdin (-): printed, and used to find its settings")
    check.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N",
                       help="check files in N worker processes (default 1; auto: one per CPU)")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even with findings or unreadable files (2 still for a bad argument or setting)")
    check.add_argument("--output-file", metavar="FILE",
                       help="write the report to FILE (replaced whole once the run is done) instead of stdout")
    cache = check.add_argument_group("cache (unchanged files with unchanged settings are not parsed again)")
    cache.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    cache.add_argument("--cache-dir", metavar="DIR", default=DEFAULT_DIRECTORY,
                       help=f"the cache folder (default {DEFAULT_DIRECTORY} in the working folder)")
    codes = check.add_argument_group("which codes (flake8's options of the same names)")
    codes.add_argument("--select", metavar="CODES", help="comma-separated codes or prefixes (replaces the "
                                                          "flake8 configuration file's select)")
    codes.add_argument("--extend-select", metavar="CODES", help="codes added to select")
    codes.add_argument("--ignore", metavar="CODES", help="codes not reported (replaces the file's ignore)")
    codes.add_argument("--extend-ignore", metavar="CODES", help="codes added to ignore")
    files = check.add_argument_group("which files")
    files.add_argument("--exclude", metavar="GLOBS", help="patterns to skip (replaces flake8's exclude)")
    files.add_argument("--extend-exclude", metavar="GLOBS", help="more patterns to skip")
    rules = check.add_argument_group("what the rules assume (as the flake8 plugin's --nih-* options)")
    rules.add_argument("--min-python", metavar="X.Y", help="oldest Python the code runs on")
    rules.add_argument("--platforms", metavar="LIST", help="comma-separated subset of linux,macos,windows")
    rules.add_argument("--scope", metavar="module|always", help="where NIH1xx applies")

    rule = commands.add_parser("rule", help="print the documentation of a code",
                               description="Print the documentation of a code (from the rule registry).")
    rule.add_argument("codes", nargs="*", metavar="CODE", help="e.g. NIH101")
    rule.add_argument("--all", action="store_true", help="every code")
    return parser


def _rules_info():
    """The rules' names and documentation: imports the registry with every rule, so only the
    commands and options that print them (`rule`, ``--explain``, ``--statistics``) ask for it."""
    from noinherit_lint.output import rules_info

    return rules_info


def explain(codes: Sequence[str], err) -> int:
    rules_info = _rules_info()
    known = rules_info.known_codes()
    wanted = [code.upper() for code in codes]
    unknown = [code for code in wanted if code not in known]
    if not wanted or unknown:
        err.write(f"{PROG}: unknown code(s) {', '.join(map(display, unknown))}; known: {', '.join(known)}\n"
                  if unknown else f"{PROG}: name a code, e.g. {PROG} rule NIH101\n")
        return EXIT_ERROR
    sys.stdout.write("\n".join(rules_info.explain(code) for code in wanted))
    return EXIT_CLEAN


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if args.explain is not None:
        return explain([args.explain], sys.stderr)
    if args.command == "rule":
        return explain(_rules_info().known_codes() if args.all else args.codes, sys.stderr)
    if args.command != "check":
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return _check(args)
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        try:
            sys.stdout = None  # type: ignore[assignment]
        finally:
            return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return 130


def _configuration(args: argparse.Namespace) -> Configuration:
    return Configuration.for_command(CommandLine(
        min_python=args.min_python, platforms=args.platforms, scope=args.scope,
        select=args.select, extend_select=args.extend_select, ignore=args.ignore,
        extend_ignore=args.extend_ignore, exclude=args.exclude, extend_exclude=args.extend_exclude,
    ), OPTION_NAMES)


def _say(line: str) -> None:
    sys.stderr.write(display(line) + "\n")


def _check(args: argparse.Namespace) -> int:
    paths = args.paths or ["."]
    if "-" in paths and len(paths) > 1:
        _say(f"{PROG}: - (stdin) cannot be combined with other paths")
        return EXIT_ERROR
    if args.stdin_filename is not None and paths != ["-"]:
        _say(f"{PROG}: --stdin-filename needs - (stdin) as the path")
        return EXIT_ERROR
    try:
        configuration = _configuration(args)
    except SettingsError as exc:
        _say(f"{PROG}: {exc}")
        return EXIT_ERROR
    cache_directory = None
    if not args.no_cache:
        cache = Cache(args.cache_dir)
        if cache.prepare():
            cache_directory = args.cache_dir
        else:
            _say(f"{PROG}: warning: {cache.problem}")
    options = Options(configuration, cache_directory)
    missing: List[FileResult] = []
    if paths == ["-"]:
        files: List[str] = [args.stdin_filename or "-"]
    else:
        gathered = gather(paths, configuration.exclude, like_flake8=True)
        missing = [FileResult(path, error=problem) for path, problem in gathered.problems]
        files = gathered.files
    report = configuration.check_projects(files)
    for warning in report.warnings:
        _say(f"{PROG}: warning: {warning}")
    for error in report.errors:
        _say(f"{PROG}: {error}")
    if report.errors:
        return EXIT_ERROR
    fewer_garbage_collections()
    try:
        if paths == ["-"]:
            name = args.stdin_filename or "stdin"
            from noinherit_lint.standard_input import StdinError, read_stdin

            try:
                raw = read_stdin()
            except StdinError as exc:
                _say(f"{PROG}: {exc}")
                return EXIT_ERROR
            results = [check_bytes(name, raw, options, settings_path=args.stdin_filename)]
        else:
            # flake8's order: its Manager.report sorts the results by file name (a stable sort)
            results = sorted(missing + list(check_all(files, options, args.jobs)), key=_file_name)
    finally:  # the entries of the files checked before a Ctrl-C are good too
        problem = finish(options)
    if problem is not None:
        _say(f"{PROG}: warning: {problem}")
    return _report(results, args, unreadable=missing)


def _file_name(result: FileResult) -> str:
    return result.path


def _report(results: List[FileResult], args: argparse.Namespace, unreadable: Sequence[FileResult] = ()) -> int:
    """Print the report; the exit status.  `unreadable`: the results that are input that could not
    be read (folders that cannot be listed), which ``--exit-zero`` forgives as flake8 forgives its
    E902; a file's bad settings or an internal error it does not."""
    machine = args.output_format in MACHINE_FORMATS
    status = EXIT_CLEAN
    hard_error = False
    for result in results:
        if result.error:
            _say(f"{result.path}: {result.error}")
            status = EXIT_ERROR
            hard_error = hard_error or not any(result is other for other in unreadable)
        if result.unreadable:  # its NIH002 is printed with the findings
            status = EXIT_ERROR
    report = [render(args.output_format, results)]
    counts = Counter(finding.code for result in results for finding in result.findings)
    if args.statistics:
        rules_info = _rules_info()
        lines = "".join(f"{counts[code]:<5} {code} {rules_info.name(code)}\n" for code in sorted(counts))
        if machine:
            sys.stderr.write(lines)
        else:
            report.append(lines)
    if args.output_file is None:
        sys.stdout.write("".join(report))
        sys.stdout.flush()
    else:
        from noinherit_lint.output.report_file import ReportFileError, write_report

        try:
            write_report(args.output_file, "".join(report))
        except ReportFileError as exc:
            _say(f"{PROG}: {exc}")
            return EXIT_ERROR
    if counts:
        if args.output_format == "text":
            total = sum(counts.values())
            files = sum(1 for result in results if result.findings)
            _say(f"Found {total} finding{'s' * (total != 1)} in {files} file{'s' * (files != 1)}; "
                 f"`{PROG} rule CODE` explains a code, `noinherit-fix` fixes what it can.")
        status = max(status, EXIT_FINDINGS)
    if args.exit_zero and not hard_error:
        return EXIT_CLEAN
    return status


if __name__ == "__main__":  # pragma: no cover
    # Run the importable module, so that -j workers import the same functions.
    from noinherit_lint.lint_cli import main as _main

    sys.exit(_main())
