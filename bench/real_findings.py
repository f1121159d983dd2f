"""Every NIH finding on ten real projects, written out for a person to judge.

    .venv/bin/python bench/real_findings.py [--project NAME ...] [--out DIR] [--cache DIR] [--revision REV]

Downloads a fixed set of real projects at pinned versions (servers, shells, SSH, git, a process
supervisor, a networking framework; `PROJECTS` below) as sdists with ``pip download --no-deps
--no-binary :all:`` (Python-2-only ones with the 2.7 interpreter's own pip), caches and unpacks
them under ``.cache/real_findings/`` at the repository root (git-ignored, and outside the folders
the self-lint test reads), and runs ``flake8 --isolated --select NIH,E999`` over each project's
sources twice:

- ``own``: the project's own settings (min-python found in its setup.py / setup.cfg /
  pyproject.toml, scope ``module``);
- ``always``: ``--nih-min-python 2.7 --nih-scope always``.

Each finding of either run is written once (keyed by project, file, line, column and code) to
``findings.md`` (message, the runs that report it, a few lines of code around it and the verdict)
and ``findings.tsv`` in ``--out`` (default: the cache folder).  Verdicts come from the committed
``bench/real_findings_verdicts.tsv`` (columns: project, path, line, col, code, verdict, class,
note; `verdict` is ``real`` or ``noise``; `class` names the false-positive class of issue 10 for
noise, the lifetime case for real NIH1xx), so they survive reruns.  Real hazards the rules miss
are in ``bench/real_findings_misses.tsv``.

``--revision REV`` runs the rules of another git revision instead of this checkout's (``3c262db^``:
the detector before the lifetime analysis): REV is checked out as a temporary git worktree and put
first on ``sys.path`` of the flake8 subprocess, so flake8 loads that plugin; the verdicts and the
report are this checkout's.

Printed (markdown): files checked and files that did not parse (E999, Python-2-only syntax) per
project; findings by project and code for both runs; and, against the verdicts, real / noise /
unjudged per code family and run, findings judged real that are no longer reported (regressions),
known losses (real findings whose verdict class ends in ``+undecidable``: they need what a
per-module analysis cannot see, as README's Precision section says) and misses now found.  Exit
status 1 when a finding judged real, and not a known loss, is no longer reported.
"""

from __future__ import annotations

import argparse
import collections
import csv
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEFAULT_CACHE = ROOT / ".cache" / "real_findings"
VERDICTS = ROOT / "bench" / "real_findings_verdicts.tsv"
MISSES = ROOT / "bench" / "real_findings_misses.tsv"
CONTEXT_LINES = 3  # lines shown before and after a finding
RUNS = {
    "own": [],
    "always": ["--nih-min-python", "2.7", "--nih-scope", "always"],
}
VERDICT_COLUMNS = ("project", "path", "line", "col", "code", "verdict", "class", "note")
MISS_COLUMNS = ("project", "path", "line", "code", "class", "note")
UNDECIDABLE = "+undecidable"  # a verdict class suffix: real, but not decidable per module (not a regression)


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    kind: str  # what it is, for the report
    sources: Tuple[str, ...]  # files and folders relative to the unpacked sdist
    pip_python: str = "3"  # "2.7": a Python-2-only project, downloaded with the 2.7 interpreter's pip


PROJECTS: Tuple[Project, ...] = (
    Project("gunicorn", "19.10.0", "WSGI server (pre-fork)", ("gunicorn", "tests")),
    Project("sh", "1.14.3", "subprocess wrapper (shell)", ("sh.py", "test.py")),
    Project("paramiko", "2.12.0", "SSH", ("paramiko", "tests")),
    Project("dulwich", "0.19.16", "git", ("dulwich",)),
    Project("supervisor", "4.2.5", "process supervisor", ("supervisor",)),
    Project("tornado", "5.1.1", "networking framework", ("tornado",)),
    Project("pexpect", "4.8.0", "pty spawner", ("pexpect", "tests")),
    Project("ptyprocess", "0.7.0", "pty fork/exec", ("ptyprocess", "tests")),
    Project("python-daemon", "2.2.4", "Unix daemon context", ("daemon", "test"),
            pip_python="2.7"),  # its setup.py needs pkg_resources, which new setuptools lacks
    Project("Fabric", "1.14.1", "SSH deployment (Python-2-only)", ("fabric", "tests"), pip_python="2.7"),
)


@dataclass(frozen=True)
class Finding:
    project: str
    path: str  # relative to the unpacked sdist
    line: int
    col: int  # 1-based, as flake8 prints it
    code: str
    message: str

    @property
    def key(self) -> Tuple[str, str, int, int, str]:
        return (self.project, self.path, self.line, self.col, self.code)


# --------------------------------------------------------------------------- download


def pip_for(project: Project) -> List[str]:
    if project.pip_python == "3":
        return [sys.executable, "-m", "pip"]
    try:
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise SystemExit(f"real_findings: {project.name} needs Python {project.pip_python}'s pip (pyenv not found)")
    for version in sorted(Path(root, "versions").glob(project.pip_python + ".*")):
        python = version / "bin" / "python"
        if python.exists():
            return [str(python), "-m", "pip"]
    raise SystemExit(f"real_findings: {project.name} needs Python {project.pip_python} (not in pyenv)")


def unpacked(project: Project, cache: Path) -> Path:
    """The unpacked sdist of `project`, downloading it on first use."""
    target = cache / "src" / f"{project.name}-{project.version}"
    if (target / ".complete").exists():
        return target
    downloads = cache / "sdists"
    downloads.mkdir(parents=True, exist_ok=True)
    archive = _cached_archive(project, downloads)
    if archive is None:
        command = pip_for(project) + ["download", "--no-deps", "--no-binary", ":all:",
                                      "--disable-pip-version-check", "-d", str(downloads),
                                      f"{project.name}=={project.version}"]
        print("+ " + " ".join(command), file=sys.stderr, flush=True)
        result = subprocess.run(command, capture_output=True, text=True)
        archive = _cached_archive(project, downloads)
        if result.returncode != 0 or archive is None:
            raise SystemExit(f"real_findings: pip download of {project.name}=={project.version} failed:\n"
                             f"{result.stderr[-2000:]}")
    if target.exists():
        shutil.rmtree(target)
    scratch = target.with_name(target.name + ".tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    extract(archive, scratch)
    (top,) = scratch.iterdir()
    top.rename(target)
    scratch.rmdir()
    (target / ".complete").write_text(archive.name + "\n")
    return target


def extract(archive: Path, target: Path) -> None:
    """Unpack an sdist (.zip or tar) into `target` (tar members limited to plain data)."""
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(target)
    else:
        with tarfile.open(archive) as tarred:
            tarred.extractall(target, filter="data")


def _cached_archive(project: Project, downloads: Path) -> Optional[Path]:
    stem = re.compile(rf"^{re.escape(project.name)}-{re.escape(project.version)}\.(tar\.gz|zip|tar\.bz2)$",
                      re.IGNORECASE)
    normalized = project.name.replace("-", "_")
    for candidate in sorted(downloads.iterdir()):
        name = candidate.name.replace(normalized, project.name) if normalized != project.name else candidate.name
        if stem.match(candidate.name) or stem.match(name):
            return candidate
    return None


# --------------------------------------------------------------------------- linting

_LINE = re.compile(r"^(?P<path>[^\t]+)\t(?P<line>\d+)\t(?P<col>\d+)\t(?P<code>[A-Z]+\d+)\t(?P<text>.*)$")


def python_files(root: Path, sources: Sequence[str]) -> List[str]:
    files = []
    for source in sources:
        path = root / source
        if path.is_file():
            files.append(source)
        else:
            files.extend(str(p.relative_to(root)) for p in sorted(path.rglob("*.py")))
    return files


# flake8 with a checkout first on sys.path: its entry point (noinherit_lint.plugin:Plugin) then
# imports that checkout's plugin (this venv's editable install is found after sys.path).
FLAKE8_OF = "import sys; sys.path.insert(0, sys.argv.pop(1)); from flake8.main.cli import main; sys.exit(main())"


def flake8_command(checkout: Optional[Path]) -> List[str]:
    if checkout is None:
        return [str(BIN / "flake8")]
    return [sys.executable, "-c", FLAKE8_OF, str(checkout)]


def revision_checkout(revision: str, scratch: Path) -> Path:
    """`revision` checked out (detached) as a git worktree under `scratch`; removed by the caller."""
    folder = scratch / "checkout"
    result = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(folder), revision],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"real_findings: cannot check out {revision}: {result.stderr.strip()}")
    return folder


def lint(project: Project, root: Path, options: List[str],
         checkout: Optional[Path] = None) -> Tuple[List[Finding], List[str]]:
    """(NIH findings, files flake8 could not parse) of one flake8 run over the project's sources
    (with the plugin of `checkout` when given, else this checkout's)."""
    command = [*flake8_command(checkout), "--isolated", "--select", "NIH,E999", "-j", "1",
               "--format", "%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s", *options, *project.sources]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if result.returncode not in (0, 1) or "Traceback" in result.stderr:
        raise SystemExit(f"real_findings: flake8 failed on {project.name}:\n{result.stderr[-3000:]}")
    findings, unparsed = [], []
    for text in result.stdout.splitlines():
        match = _LINE.match(text)
        if not match:
            raise SystemExit(f"real_findings: unexpected flake8 output line: {text!r}")
        path = os.path.normpath(match["path"])
        if match["code"] == "E999":
            unparsed.append(path)
            continue
        findings.append(Finding(project.name, path, int(match["line"]), int(match["col"]), match["code"],
                                match["text"]))
    return findings, unparsed


# --------------------------------------------------------------------------- verdicts


def read_table(path: Path, columns: Sequence[str]) -> List[Dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader((line for line in handle if not line.startswith("#")),
                                              delimiter="\t")]
    for number, row in enumerate(rows, start=2):
        missing = [c for c in columns if row.get(c) is None]
        if missing:
            raise SystemExit(f"real_findings: {path.name} row {number}: missing {', '.join(missing)}")
    return rows


def verdicts_by_key(rows: Iterable[Dict[str, str]]) -> Dict[Tuple[str, str, int, int, str], Dict[str, str]]:
    table = {}
    for row in rows:
        if row["verdict"] not in ("real", "noise"):
            raise SystemExit(f"real_findings: verdict must be real or noise, not {row['verdict']!r}: {row}")
        table[(row["project"], row["path"], int(row["line"]), int(row["col"]), row["code"])] = row
    return table


def context(root: Path, finding: Finding) -> str:
    lines = source_lines(root / finding.path)
    start = max(1, finding.line - CONTEXT_LINES)
    end = min(len(lines), finding.line + CONTEXT_LINES)
    return "\n".join(f"{'>' if n == finding.line else ' '}{n:5} {lines[n - 1]}" for n in range(start, end + 1))


def source_lines(path: Path) -> List[str]:
    """The file's lines as ast numbers them: split at \\n, \\r\\n and \\r only (str.splitlines
    also splits at form feeds, which some projects put between sections)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return re.split(r"\r\n|\r|\n", text)


_SPAWN_WORDS = re.compile(r"\b(subprocess|Popen|os\.system|os\.spawn\w*|os\.exec\w*|fork\w*|posix_spawn\w*|pty\.spawn)\b")
_THREAD_WORDS = re.compile(r"\b(threading|Thread|_thread|start_new_thread|ThreadPool\w*|ThreadingMixIn)\b")


def reading_aids(path: Path) -> str:
    """Lines of the file that mention spawning or threads: what a judge needs to see first."""
    lines = source_lines(path)
    spawn = [str(n) for n, text in enumerate(lines, 1) if _SPAWN_WORDS.search(text.split("#")[0])]
    threads = [str(n) for n, text in enumerate(lines, 1) if _THREAD_WORDS.search(text.split("#")[0])]
    return (f"spawn words on lines: {', '.join(spawn[:30]) or 'none'}; "
            f"thread words on lines: {', '.join(threads[:30]) or 'none'}")


def enclosing(path: Path, line: int) -> str:
    """The def/class lines above `line` at decreasing indentation: where the finding sits."""
    lines = source_lines(path)
    found, indent = [], None
    for number in range(min(line, len(lines)), 0, -1):
        text = lines[number - 1]
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        width = len(text) - len(stripped)
        if indent is None:
            indent = width
            if number == line:
                continue
        if width < indent and re.match(r"(async\s+)?(def|class)\s", stripped):
            found.append(f"{number}: {stripped.split('(')[0].split(':')[0]}")
            indent = width
        elif width < indent:
            indent = width
        if width == 0:
            break
    return " < ".join(found) or "module level"


def write_report(out: Path, roots: Dict[str, Path], union: Dict[tuple, Finding],
                 runs_of: Dict[tuple, List[str]], verdicts: Dict[tuple, Dict[str, str]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    ordered = sorted(union.values(), key=lambda f: f.key)
    with (out / "findings.tsv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(VERDICT_COLUMNS + ("runs", "message"))
        for finding in ordered:
            verdict = verdicts.get(finding.key, {})
            writer.writerow(list(finding.key) + [verdict.get("verdict", ""), verdict.get("class", ""),
                                                 verdict.get("note", ""), ",".join(runs_of[finding.key]),
                                                 finding.message])
    with (out / "findings.md").open("w", encoding="utf-8") as handle:
        handle.write("# NIH findings on real projects\n\nVerdict column: `real` or `noise` (with its class); "
                     "blank = not judged yet.  Record verdicts in bench/real_findings_verdicts.tsv.\n")
        project = path = None
        for finding in ordered:
            if finding.project != project:
                project = finding.project
                handle.write(f"\n## {project}\n")
            if finding.path != path:
                path = finding.path
                handle.write(f"\n## {project}: {path}\n\n{reading_aids(roots[project] / path)}\n")
            verdict = verdicts.get(finding.key, {})
            judged = " ".join(v for v in (verdict.get("verdict"), verdict.get("class")) if v) or "(not judged)"
            handle.write(f"\n### {finding.path}:{finding.line}:{finding.col} {finding.code}\n\n"
                         f"- message: {finding.message}\n"
                         f"- in: {enclosing(roots[finding.project] / finding.path, finding.line)}\n- runs: {', '.join(runs_of[finding.key])}\n"
                         f"- verdict: {judged}{' — ' + verdict['note'] if verdict.get('note') else ''}\n\n"
                         f"```python\n{context(roots[finding.project], finding)}\n```\n")


# --------------------------------------------------------------------------- summary


def family(code: str) -> str:
    return code[:4] + "xx"


def print_counts(title: str, counts: Dict[str, collections.Counter], codes: List[str]) -> None:
    print(f"\n{title}\n")
    print("| project | total | " + " | ".join(codes) + " |")
    print("|---|---|" + "---|" * len(codes))
    total = collections.Counter()
    for name, counter in counts.items():
        total.update(counter)
        print(f"| {name} | {sum(counter.values())} | " + " | ".join(str(counter[c] or "") for c in codes) + " |")
    print(f"| **all** | **{sum(total.values())}** | " + " | ".join(str(total[c] or "") for c in codes) + " |")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", action="append", choices=[p.name for p in PROJECTS],
                        help="only this project (repeatable)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="downloads and unpacked sdists")
    parser.add_argument("--out", type=Path, help="where findings.md/.tsv go (default: the cache folder)")
    parser.add_argument("--revision", help="run the rules of this git revision (a temporary worktree), "
                                           "e.g. 3c262db^ (before the lifetime analysis)")
    args = parser.parse_args(argv)
    if args.revision is None:
        return report(args, None)
    with tempfile.TemporaryDirectory(prefix="real_findings.") as scratch:
        checkout = revision_checkout(args.revision, Path(scratch))
        try:
            return report(args, checkout)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(checkout)], check=False)


def report(args: argparse.Namespace, checkout: Optional[Path]) -> int:
    projects = [p for p in PROJECTS if not args.project or p.name in args.project]
    out = args.out or args.cache

    verdicts = verdicts_by_key(read_table(VERDICTS, VERDICT_COLUMNS))
    misses = read_table(MISSES, MISS_COLUMNS)
    roots: Dict[str, Path] = {}
    union: Dict[tuple, Finding] = {}
    runs_of: Dict[tuple, List[str]] = collections.defaultdict(list)
    counts = {run: {} for run in RUNS}
    print(f"Rules of {'revision ' + args.revision if checkout is not None else 'this checkout'}.\n")
    print("| project | version | what | files | not parsed (E999) |\n|---|---|---|---|---|")
    for project in projects:
        root = roots[project.name] = unpacked(project, args.cache)
        files = python_files(root, project.sources)
        unparsed: List[str] = []
        for run, options in RUNS.items():
            findings, unparsed = lint(project, root, options, checkout)
            counts[run][project.name] = collections.Counter(f.code for f in findings)
            for finding in findings:
                union.setdefault(finding.key, finding)
                runs_of[finding.key].append(run)
        print(f"| {project.name} | {project.version} | {project.kind} | {len(files)} | {len(unparsed)} |")
    write_report(out, roots, union, runs_of, verdicts)

    codes = sorted(union_codes := {f.code for f in union.values()})
    for run in RUNS:
        print_counts(f"Findings by project and code, run `{run}` "
                     f"({' '.join(RUNS[run]) or 'the project settings'}):", counts[run], codes)

    names = {p.name for p in projects}
    print("\nAgainst the verdicts (real / noise / not judged):\n")
    print("| run | family | real | noise | not judged |\n|---|---|---|---|---|")
    for run in RUNS:
        table: Dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for key, finding in union.items():
            if run in runs_of[key]:
                verdict = verdicts.get(key, {}).get("verdict", "not judged")
                table[family(finding.code)][verdict] += 1
        for fam in sorted(table):
            row = table[fam]
            print(f"| {run} | {fam} | {row['real']} | {row['noise']} | {row['not judged']} |")
    noise_classes = collections.Counter(
        row["class"] for key, row in verdicts.items() if key in union and row["verdict"] == "noise")
    if noise_classes:
        print("\nNoise still reported, by class: "
              + ", ".join(f"{cls} {n}" for cls, n in noise_classes.most_common()))
    missing = [row for key, row in verdicts.items()
               if row["verdict"] == "real" and row["project"] in names and key not in union]
    lost = [row for row in missing if not row["class"].endswith(UNDECIDABLE)]
    known = [row for row in missing if row["class"].endswith(UNDECIDABLE)]
    print(f"\nFindings judged real that are no longer reported: {len(lost)}")
    for row in lost:
        print(f"  {row['project']} {row['path']}:{row['line']}:{row['col']} {row['code']} ({row['note']})")
    print(f"Known losses (class +undecidable: what a per-module analysis cannot see, README Precision): {len(known)}")
    for row in known:
        print(f"  {row['project']} {row['path']}:{row['line']}:{row['col']} {row['code']} ({row['note']})")
    found = [m for m in misses if m["project"] in names and any(
        f.project == m["project"] and f.path == m["path"] and f.line == int(m["line"]) and f.code == m["code"]
        for f in union.values())]
    relevant = [m for m in misses if m["project"] in names]
    print(f"Misses (real hazards not reported before issue 10) now reported: {len(found)} of {len(relevant)}")
    print(f"\nreport: {out / 'findings.md'} ({len(union)} findings, codes: {', '.join(sorted(union_codes))})")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
