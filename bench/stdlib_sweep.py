"""The real commands over whole pyenv stdlibs (CI runs samples: tests/integration/test_reliability_*).

    .venv/bin/python bench/stdlib_sweep.py [--jobs 2] [--only flake8 flake827 check27 write27 write313]

1. `flake8 --select NIH --nih-min-python 2.7 --nih-scope always` over every .py of the 3.13 and 3.6
   stdlibs (tests included): no crash, every output line a well-formed NIH finding.  Over the 2.7
   stdlib (``flake827``): no file is skipped silently: each is read (as Python 3, else as Python
   2.7: the front end, in this process, says which) or gets exactly one NIH001, the files with a
   NIH001 are exactly those the front end cannot read, and all of them are files 2.7 itself does
   not compile.
2. `noinherit-fix --check` at the same settings over the 2.7 stdlib: Python 2 code is read (the
   Python-2-only files get "Would rewrite" like any other), only files that 2.7 itself does not
   compile are refused (one line each), no traceback, no file touched (SHA-256 before/after);
   then write mode over a copy of it: every changed file compiles on 2.7 (pyenv's), the others
   are byte-identical, a second run changes nothing.
3. `noinherit-fix` in write mode over a copy of the whole 3.13 stdlib (tests excluded): only the
   files it names change, every changed file compiles, the others are byte-identical, a second run
   changes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.integration.conftest import (  # noqa: E402
    BIN, compiles, copy_tree, snapshot, stdlib_dir, stdlib_files,
)
from tests.py2.conftest import grammar_as_flake8_reads, python27_path, python27_rejects  # noqa: E402

PYTHON27 = python27_path()

SETTINGS = ["--min-python", "2.7", "--scope", "always"]
FLAKE8_LINE = re.compile(r"^.+:\d+:\d+: NIH\d{3} \S.*$")
REFUSAL = re.compile(r"^(?P<path>/.+\.py): cannot (parse|decode) \(.+\); not changed$")
NOT_FIXED = re.compile(r"^/.+\.py:\d+:\d+ NIH\d{3}: not fixed \(.+\)$")


def timed(command):
    start = time.monotonic()
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True)
    return result, time.monotonic() - start


def flake8_sweep(version: str, jobs: str) -> None:
    lib = stdlib_dir(version)
    files = stdlib_files(lib)
    result, took = timed([sys.executable, "-m", "flake8", "--select", "NIH", "--nih-min-python", "2.7",
                          "--nih-scope", "always", "-j", jobs, *files])
    lines = result.stdout.splitlines()
    bad = [line for line in lines if not FLAKE8_LINE.match(line)]
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert not bad, bad[:5]
    unparseable = sum(not compiles(p, parse_only=True) for p in files)
    print(f"flake8 over the {version} stdlib: {len(files)} files ({unparseable} not parseable by "
          f"Python {sys.version_info[0]}.{sys.version_info[1]}), {len(lines)} findings in "
          f"{len({line.split(':')[0] for line in lines})} files, no crash, {took:.0f} s", flush=True)


def flake8_sweep_27(jobs: str) -> None:
    from noinherit_lint import parsing

    lib = stdlib_dir("2.7")
    files = stdlib_files(lib)
    result, took = timed([sys.executable, "-m", "flake8", "--select", "NIH,E999", "--nih-min-python", "2.7",
                          "--nih-scope", "always", "-j", jobs, *files])
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    by_code: dict = {}
    for line in lines:
        path, _, _, rest = line.split(":", 3)
        by_code.setdefault(rest.split()[0], []).append(path)
    nih001 = by_code.get("NIH001", [])
    assert len(nih001) == len(set(nih001)), "a file with more than one NIH001"
    grammar = {str(path): grammar_as_flake8_reads(path) for path in files}
    unreadable = {p for p, g in grammar.items() if g == "unparsable"}
    assert set(nih001) == unreadable, sorted(set(nih001) ^ unreadable)[:5]
    rejected_by_27 = python27_rejects(str(PYTHON27), files)
    assert unreadable <= rejected_by_27, sorted(unreadable - rejected_by_27)
    python2 = {p for p, g in grammar.items() if g == parsing.PYTHON2}
    findings = [line for line in lines if " NIH" in line and " NIH001 " not in line]
    in_python2 = [line for line in findings if line.split(":")[0] in python2]
    print(f"flake8 --select NIH over the 2.7 stdlib: {len(files)} files ({len(rejected_by_27)} that 2.7 does "
          f"not compile), {len(set(by_code.get('E999', [])))} that Python 3 cannot parse (flake8's E999, which "
          f"--select NIH alone used to pass silently); read: {len(files) - len(unreadable)} "
          f"({len(files) - len(unreadable) - len(python2)} as Python 3, {len(python2)} as Python 2.7), "
          f"{len(unreadable)} NIH001 (one line each, all among the files 2.7 rejects), 0 skipped silently; "
          f"{len(findings)} findings, {len(in_python2)} of them in {len({l.split(':')[0] for l in in_python2})} "
          f"files read as Python 2.7; {took:.0f} s", flush=True)


def check_sweep_27(jobs: str) -> None:
    lib = stdlib_dir("2.7")
    files = stdlib_files(lib)
    digest = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    result, took = timed([BIN / "noinherit-fix", "--check", *SETTINGS, "-j", jobs, lib])
    refused = [line for line in result.stderr.splitlines() if REFUSAL.match(line)]
    would = [line for line in result.stderr.splitlines() if line.startswith("Would rewrite ")]
    not_fixed = [line for line in result.stderr.splitlines() if NOT_FIXED.match(line)]
    other = [line for line in result.stderr.splitlines() if line not in refused + would + not_fixed]
    assert result.returncode in (1, 2) and not other and "Traceback" not in result.stderr, other[:5]
    rejected_by_27 = python27_rejects(str(PYTHON27), files)
    assert {REFUSAL.match(line).group("path") for line in refused} <= rejected_by_27
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files} == digest
    python2_only = {f"Would rewrite {p}" for p in files if not compiles(p, parse_only=True)}
    print(f"noinherit-fix --check over the 2.7 stdlib: {len(files)} files ({len(rejected_by_27)} that 2.7 "
          f"does not compile), {len(refused)} refused in one line each (all of them among those), "
          f"{len(would)} would be rewritten ({len(python2_only & set(would))} of them Python 2 only), "
          f"{len(not_fixed)} findings not fixed, no file touched, {took:.0f} s", flush=True)


def _write_twice(files, lib: Path, root: Path, jobs: str, compiles_all) -> dict:
    """Copy `files` under `root`, run the codemod twice: what changed, what it said, how long."""
    copies = copy_tree(files, lib, root)
    before = snapshot(root)
    first, took = timed([BIN / "noinherit-fix", *SETTINGS, "-j", jobs, root])
    assert "Traceback" not in first.stderr and first.returncode in (1, 2), first.stderr[-3000:]
    after = snapshot(root)
    assert set(after) == set(before)
    changed = [root / rel for rel in before if after[rel] != before[rel]]
    reported = {line[len("Rewriting "):] for line in first.stderr.splitlines() if line.startswith("Rewriting ")}
    assert reported == {str(p) for p in changed}
    assert compiles_all(changed)
    refused = [line for line in first.stderr.splitlines() if REFUSAL.match(line)]
    second, took2 = timed([BIN / "noinherit-fix", *SETTINGS, "-j", jobs, root])
    assert "Rewriting" not in second.stderr and snapshot(root) == after
    return {"copies": copies, "changed": changed, "refused": refused, "first": first, "took": took,
            "took2": took2}


def write_sweep_27(jobs: str) -> None:
    lib = stdlib_dir("2.7")
    with tempfile.TemporaryDirectory() as tmp:
        run = _write_twice(stdlib_files(lib), lib, Path(tmp) / "lib", jobs,
                           lambda changed: not python27_rejects(str(PYTHON27), changed))
        python2_only = [p for p in run["changed"] if not compiles(p, parse_only=True)]
        print(f"noinherit-fix over a copy of the 2.7 stdlib: {len(run['copies'])} files, {len(run['changed'])} "
              f"rewritten ({len(python2_only)} of them Python 2 only), every one compiles on 2.7, the "
              f"others byte-identical, {run['took']:.0f} s; second run: nothing changed, {run['took2']:.0f} s",
              flush=True)


def write_sweep_313(jobs: str) -> None:
    lib = stdlib_dir("3.13")
    with tempfile.TemporaryDirectory() as tmp:
        run = _write_twice(stdlib_files(lib, tests=False), lib, Path(tmp) / "lib", jobs,
                           lambda changed: all(compiles(p) for p in changed))
        lines = run["first"].stderr.splitlines()
        assert len(run["refused"]) + len(run["changed"]) == len(lines), run["first"].stderr
        files, changed = run["copies"], run["changed"]
        print(f"noinherit-fix over a copy of the 3.13 stdlib (tests excluded): {len(files)} files, "
              f"{len(changed)} rewritten (all compile), {len(files) - len(changed)} byte-identical, "
              f"{len(run['refused'])} refused (syntax newer than this interpreter), {run['took']:.0f} s; "
              f"second run: nothing changed, {run['took2']:.0f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--only", nargs="+", choices=["flake8", "flake827", "check27", "write27", "write313"],
                        help="run only these parts (default: all)")
    args = parser.parse_args()
    parts = set(args.only or ["flake8", "flake827", "check27", "write27", "write313"])
    if "flake8" in parts:
        for version in ("3.13", "3.6"):
            flake8_sweep(version, args.jobs)
    if "flake827" in parts:
        flake8_sweep_27(args.jobs)
    if "check27" in parts:
        check_sweep_27(args.jobs)
    if "write27" in parts:
        write_sweep_27(args.jobs)
    if "write313" in parts:
        write_sweep_313(args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
