"""Run a real project's own test suite before and after `noinherit-fix` rewrote its source.

    .venv/bin/python bench/real_project.py sh                 # a project from PROJECTS below
    .venv/bin/python bench/real_project.py --name NAME --version X.Y --source pkg/ \\
        --test-command "{python} -m pytest -p no:cacheprovider tests" [--test-requires pytest,mock]

Steps: `pip download --no-binary :all: --no-deps NAME==VERSION` into a temporary folder; unpack
the sdist; make a virtualenv with the test requirements (for a Python 2.7 project: pyenv's 2.7
downloads them the same way, its own pip installs them into a folder on PYTHONPATH, and its
tests run under plain unittest through `unittest_junit.py`); run the tests (junit XML); count the NIH
findings with `flake8 --select NIH`; run `noinherit-fix --min-python 2.7 --scope always` over the
package source (with `--vendor`, so the rewritten code imports a copy of the runtime that sits
next to it; `--runtime installed` pip-installs this project's runtime into the virtualenv
instead); count again; run the tests again; print files changed, findings fixed and the tests'
outcomes before and after.  For a Python 3 project it also runs the project's import-sorting lint
(`ruff check --select I` with the project's own ruff settings) and mypy (with the project's own
configuration, against the virtualenv's packages, so the installed runtime's type information is
used) before and after, and prints the counts of each.  Another project needs only another PROJECTS entry (or the options).
"""

from __future__ import annotations

import argparse
import collections
import difflib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import venv
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from real_findings import extract  # noqa: E402
BIN = Path(sys.executable).parent
FIX_OPTIONS = ["--min-python", "2.7", "--scope", "always", "--unsafe-fixes"]


@dataclass
class Project:
    name: str
    version: str
    source: List[str]  # package source, relative to the unpacked sdist
    test_command: str  # {python} is the virtualenv's interpreter
    test_requires: List[str] = field(default_factory=lambda: ["pytest"])
    env: Dict[str, str] = field(default_factory=dict)
    timing_dependent: List[str] = field(default_factory=list)  # test names known to be flaky
    vendor_to: str = "ftools.py"  # where --vendor puts the runtime (relative to the sdist)
    python: str = "3"  # "2.7": a Python-2-only project, tested with pyenv's 2.7
    exclude: List[str] = field(default_factory=list)  # globs left out of linting and fixing


PROJECTS = {
    "sh": Project(
        name="sh", version="2.2.2", source=["sh.py"],
        test_command="{python} -m pytest -p no:cacheprovider tests/sh_test.py",
        env={"SH_TESTS_RUNNING": "1"},
        # It sends a signal to a process group and sleeps; fails now and then on a loaded machine.
        timing_dependent=["test_general_signal"],
    ),
    # A Python-2-only process supervisor (``except OSError, why:``): it spawns children, holds
    # pipes to them and writes logs.  Its sample scripts are not in a package, so they cannot
    # import the vendored runtime; its tests stay as they are.
    "supervisor": Project(
        name="supervisor", version="3.3.5", source=["supervisor"], python="2.7",
        test_command="{python} " + str(Path(__file__).with_name("unittest_junit.py")) +
                     " supervisor/tests . {report}",
        test_requires=["mock==3.0.5", "six==1.16.0", "funcsigs==1.0.2", "meld3==1.0.2"],
        vendor_to="supervisor/ftools.py", exclude=["supervisor/tests", "supervisor/scripts"],
    ),
}


def run(command: List[str], **kwargs) -> subprocess.CompletedProcess:
    print("+ " + " ".join(shlex.quote(str(c)) for c in command), flush=True)
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)


def interpreter(project: Project) -> str:
    if project.python == "3":
        return sys.executable
    sys.path.insert(0, str(ROOT))
    from tests.py2.conftest import python27_path

    python27 = python27_path()
    if python27 is None:
        sys.exit("real_project: this project needs pyenv's Python 2.7")
    return str(python27)


def download_and_unpack(project: Project, work: Path) -> Path:
    downloads = work / "download"
    result = run([interpreter(project), "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                  "--disable-pip-version-check", "-d", downloads,
                  f"{project.name}=={project.version}"])
    if result.returncode != 0:
        sys.exit(f"pip download failed:\n{result.stderr}")
    (archive,) = downloads.iterdir()
    target = work / "src"
    extract(archive, target)
    (root,) = target.iterdir()
    return root


def make_venv(project: Project, work: Path, runtime: str) -> Path:
    if project.python != "3":
        return _python2_environment(project, work, runtime)
    folder = work / "venv"
    venv.create(folder, with_pip=True)
    python = folder / "bin" / "python"
    requires = list(project.test_requires)
    if runtime == "installed":
        requires.append(str(ROOT / "runtime_dist"))  # the runtime, not the linter
    if requires:
        result = run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *requires])
        if result.returncode != 0:
            sys.exit(f"pip install failed:\n{result.stderr}")
    return python


def _python2_environment(project: Project, work: Path, runtime: str) -> Path:
    """Python 2.7 has no venv: its pip installs the test requirements (sdists, no dependencies
    pulled in) into a folder that goes on PYTHONPATH."""
    python = Path(interpreter(project))
    if runtime == "installed":
        sys.exit("real_project: --runtime installed is for Python 3 projects; use --vendor")
    downloads, site = work / "requires", work / "site"
    if project.test_requires:
        common = ["-q", "--no-deps", "--disable-pip-version-check"]
        result = run([python, "-m", "pip", "download", *common, "--no-binary", ":all:", "-d", downloads,
                      *project.test_requires])
        if result.returncode == 0:
            result = run([python, "-m", "pip", "install", *common, "--no-index", "--target", site,
                          *sorted(downloads.iterdir())])
        if result.returncode != 0:
            sys.exit(f"pip failed:\n{result.stderr}")
    return python


def _default_signals() -> None:
    """Tests that send signals to children fail when started under `nohup` or as a background job
    of a non-interactive shell (SIGHUP / SIGINT / SIGQUIT ignored, and inherited); undo that."""
    for name in ("SIGHUP", "SIGINT", "SIGQUIT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def run_tests(project: Project, root: Path, python: Path, label: str, work: Path) -> Dict[str, str]:
    """Each test's outcome ("passed", "failed", "error", "skipped") by its id."""
    report = work / f"junit-{label}.xml"
    if "{report}" in project.test_command:
        command = shlex.split(project.test_command.format(python=python, report=report))
    else:
        command = shlex.split(project.test_command.format(python=python)) + [f"--junitxml={report}"]
    paths = [str(root)] + ([str(work / "site")] if (work / "site").is_dir() else [])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths), **project.env)
    started = time.monotonic()
    result = run(command, cwd=root, env=env, timeout=3600, preexec_fn=_default_signals)
    print(f"  {label}: exit {result.returncode} in {time.monotonic() - started:.0f} s", flush=True)
    if not report.exists():
        sys.exit(f"the test command wrote no report:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    outcomes = {}
    for case in ET.parse(report).iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed"}.get(child.tag, child.tag)
        outcomes[name] = outcome
    return outcomes


FINDING = re.compile(r"^(?P<path>.+?):\d+:\d+: (?P<code>NIH\d{3}) ")


def findings_by_file(root: Path, sources: List[str], exclude: List[str]) -> Dict[Path, collections.Counter]:
    excluding = ["--extend-exclude", ",".join(exclude)] if exclude else []
    result = run([sys.executable, "-m", "flake8", "--select", "NIH", "--nih-min-python", "2.7",
                  "--nih-scope", "always", *excluding, *sources], cwd=root)
    if result.returncode not in (0, 1) or result.stderr.strip():
        sys.exit(f"flake8 failed:\n{result.stderr}")
    found: Dict[Path, collections.Counter] = collections.defaultdict(collections.Counter)
    for match in filter(None, map(FINDING.match, result.stdout.splitlines())):
        found[root / match.group("path")][match.group("code")] += 1
    return found


def total(found: Dict[Path, collections.Counter], paths=None) -> collections.Counter:
    return sum((c for p, c in found.items() if paths is None or p in paths), collections.Counter())


def grammars(files: List[Path]) -> Dict[Path, str]:
    """How the front end reads each module: "python3", "python2" (Python 3 cannot parse it: before
    the Python 2 front end it got no finding and no rewrite) or "unparsable" (NIH001)."""
    sys.path.insert(0, str(ROOT))
    from noinherit_lint import parsing

    read = {}
    for path in files:
        try:
            read[path] = parsing.parse(path.read_bytes(), str(path)).grammar
        except (parsing.Unparsable, SyntaxError, ValueError):
            read[path] = "unparsable"
    return read


def linted(root: Path, files, exclude: List[str]) -> List[Path]:
    """`files` without the ones under an excluded path (the project's excludes are folders)."""
    return [p for p in files if not any(str(p.relative_to(root)).startswith(e.rstrip("/") + "/") or
                                        str(p.relative_to(root)) == e for e in exclude)]


def snapshot(root: Path, sources: List[str]) -> Dict[Path, bytes]:
    files = {}
    for source in sources:
        path = root / source
        for item in ([path] if path.is_file() else sorted(path.rglob("*.py"))):
            files[item] = item.read_bytes()
    return files


def fix(root: Path, sources: List[str], project: Project, runtime: str) -> Tuple[int, List[str]]:
    vendor = ["--vendor", project.vendor_to] if runtime == "vendor" else []
    excluding = ["--exclude", ",".join(project.exclude)] if project.exclude else []
    result = run([BIN / "noinherit-fix", *FIX_OPTIONS, *vendor, *excluding, *sources], cwd=root)
    if "Traceback" in result.stderr or result.returncode not in (0, 1):
        sys.exit(f"noinherit-fix failed (exit {result.returncode}):\n{result.stderr}")
    return result.returncode, result.stderr.splitlines()


def check_compiles(project: Project, changed: List[Path], new: Dict[Path, bytes]) -> None:
    """Every changed file compiles on the project's interpreter."""
    if project.python == "3":
        for path in changed:
            compile(new[path], str(path), "exec")
        return
    from tests.py2.conftest import python27_rejects

    rejected = python27_rejects(interpreter(project), changed)
    if rejected:
        sys.exit(f"Python 2.7 does not compile the rewritten {sorted(rejected)}")


def lint_counts(project: Project, root: Path, python: Path) -> Dict[str, Optional[int]]:
    """The number of ruff import-sorting findings and of mypy errors in the package source
    (None: the tool does not apply, a Python 2 project)."""
    if project.python != "3":
        return {"ruff --select I": None, "mypy": None}
    ruff = run([BIN / "ruff", "check", "--no-cache", "--select", "I", "--output-format", "concise",
                "--exit-zero", *project.source], cwd=root)
    if ruff.returncode != 0:
        sys.exit(f"ruff failed:\n{ruff.stderr}")
    ruff_count = sum(1 for line in ruff.stdout.splitlines() if re.match(r".+?:\d+:\d+: I\d+", line))
    mypy = run([BIN / "mypy", "--no-incremental", "--cache-dir", os.devnull, "--python-executable", python,
                "--no-error-summary", *project.source], cwd=root)
    if mypy.returncode not in (0, 1):
        sys.exit(f"mypy failed:\n{mypy.stdout}{mypy.stderr}")
    mypy_count = sum(1 for line in mypy.stdout.splitlines() if ": error:" in line)
    return {"ruff --select I": ruff_count, "mypy": mypy_count}


def summarize(outcomes: Dict[str, str]) -> str:
    counts = collections.Counter(outcomes.values())
    return ", ".join(f"{counts[k]} {k}" for k in ("passed", "failed", "error", "skipped") if counts[k])


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", choices=sorted(PROJECTS), help="a known project")
    parser.add_argument("--name")
    parser.add_argument("--version")
    parser.add_argument("--source", help="comma-separated package source paths in the sdist")
    parser.add_argument("--test-command", help="{python} is the virtualenv's interpreter")
    parser.add_argument("--test-requires", help="comma-separated requirements for the tests")
    parser.add_argument("--runtime", choices=("vendor", "installed"), default="vendor")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.project:
        project = PROJECTS[args.project]
    elif args.name and args.version and args.source and args.test_command:
        project = Project(args.name, args.version, args.source.split(","), args.test_command)
    else:
        parser.error("give a known project or --name, --version, --source and --test-command")
    if args.test_requires is not None:
        project.test_requires = [r for r in args.test_requires.split(",") if r]

    work = Path(tempfile.mkdtemp(prefix=f"nih-{project.name}-"))
    try:
        root = download_and_unpack(project, work)
        python = make_venv(project, work, args.runtime)
        before = run_tests(project, root, python, "before", work)
        lint_before = lint_counts(project, root, python)
        by_file_before = findings_by_file(root, project.source, project.exclude)
        old = snapshot(root, project.source)
        read = grammars(linted(root, old, project.exclude))
        exit_code, messages = fix(root, project.source, project, args.runtime)
        new = snapshot(root, project.source)
        by_file_after = findings_by_file(root, project.source, project.exclude)
        check_compiles(project, [p for p in old if old[p] != new[p]], new)
        after = run_tests(project, root, python, "after", work)
        lint_after = lint_counts(project, root, python)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    changed = [p for p in old if old[p] != new[p]]
    lines_changed = sum(
        sum(1 for line in difflib.unified_diff(old[p].decode("utf-8", "replace").splitlines(),
                                               new[p].decode("utf-8", "replace").splitlines(),
                                               lineterm="")
            if line.startswith("+") and not line.startswith("+++"))
        for p in changed)
    findings_before, findings_after = total(by_file_before), total(by_file_after)
    fixed = findings_before - findings_after
    python2 = {p for p, g in read.items() if g == "python2"}
    unreadable = sorted(p for p, g in read.items() if g == "unparsable")
    in_python2 = total(by_file_before, python2)
    print()
    print(f"{project.name} {project.version}: noinherit-fix {' '.join(FIX_OPTIONS)} "
          f"(runtime: {args.runtime}) exited {exit_code}")
    print(f"  files: {len(old)} checked, {len(changed)} changed "
          f"({lines_changed} lines new or edited), all compile")
    for line in messages:
        print(f"    {line}")
    print(f"  modules linted: {len(read)}, all read: {len(read) - len(python2) - len(unreadable)} as Python 3, "
          f"{len(python2)} as Python 2.7 (Python 3 cannot parse them), {len(unreadable)} NIH001 {unreadable}")
    print(f"  in the {len(python2)} Python-2-only modules (0 findings and 0 rewrites before the Python 2 "
          f"front end): {sum(in_python2.values())} findings {dict(sorted(in_python2.items()))}, "
          f"{sum(in_python2.values()) - sum(total(by_file_after, python2).values())} fixed, "
          f"{len([p for p in changed if p in python2])} files rewritten")
    print(f"  findings before: {sum(findings_before.values())} {dict(sorted(findings_before.items()))}")
    print(f"  findings after:  {sum(findings_after.values())} {dict(sorted(findings_after.items()))}")
    print(f"  findings fixed:  {sum(fixed.values())} {dict(sorted(fixed.items()))}")
    print(f"  tests before: {summarize(before)}")
    print(f"  tests after:  {summarize(after)}")
    for tool in lint_before:
        if lint_before[tool] is None:
            print(f"  {tool}: not run (a Python 2 project)")
        else:
            print(f"  {tool}: {lint_before[tool]} before, {lint_after[tool]} after")
    differing = sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))
    for test in differing:
        known = " (known timing-dependent)" if any(n in test for n in project.timing_dependent) else ""
        print(f"  differs: {test}: {before.get(test)} -> {after.get(test)}{known}")
    for test in sorted(t for t, o in before.items() if o in ("failed", "error")):
        print(f"  failed before the fix too: {test} ({before[test]} -> {after.get(test)})")
    unexplained = [t for t in differing if not any(n in t for n in project.timing_dependent)]
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
