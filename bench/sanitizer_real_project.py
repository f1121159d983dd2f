"""Run a real project's test suite under the sanitizer's pytest plugin and say what it found.

    .venv/bin/python bench/sanitizer_real_project.py sh        # a project of bench/real_project.py
    .venv/bin/python bench/sanitizer_real_project.py sh --keep

Steps (the download, virtualenv and test runs are bench/real_project.py's): download and
unpack the sdist; make a virtualenv with the test requirements and this checkout's
runtime wheel (``runtime_dist/``, which brings the pytest11 entry point); run the tests
as they are, then again with ``--nih-sanitize --nih-sanitize-report FILE``; print the
outcomes of both runs, the tests that only the sanitizer failed, and what it reported
(spawn calls, the descriptors' kinds and where they were made), in markdown.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from real_project import (PROJECTS, ROOT, download_and_unpack, make_venv, run, run_tests,
                          summarize)


def install_runtime(python: Path) -> None:
    result = run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                  ROOT / "runtime_dist"])
    if result.returncode != 0:
        sys.exit(f"pip install runtime_dist failed:\n{result.stderr}")


def where(frame) -> str:
    return f"{os.path.basename(frame[0])}:{frame[1]} in {frame[2]}" if frame else "unknown"


def describe(records) -> list:
    lines = []
    calls = collections.Counter(r["call"] for r in records)
    by_call = ", ".join(f"{c} x{n}" for c, n in calls.most_common())
    lines.append(f"- spawns reported: {len(records)} ({by_call})")
    in_tests = collections.Counter(r["context"] for r in records if r["context"])
    outside = sum(1 for r in records if not r["context"])
    lines.append(f"- in {len(in_tests)} tests; outside any test: {outside}")
    forks = [r for r in records if r["kind"] == "fork"]
    threaded = [r for r in forks if (r.get("threads") or {}).get("count")]
    lines.append(f"- forks without exec: {len(forks)} (with other threads alive: {len(threaded)})")
    made = collections.Counter()
    for record in records:
        for entry in record["descriptors"]:
            created = entry.get("created") or {}
            made[(entry["kind"], created.get("call", "unseen maker"), where(created.get("site")),
                  where(record["site"]))] += 1
    lines.append("")
    lines.append("| descriptor kind | made by | made at | spawned at | times |")
    lines.append("|---|---|---|---|---|")
    for (kind, call, site, spawned), count in made.most_common(15):
        lines.append(f"| {kind} | {call} | {site} | {spawned} | {count} |")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", choices=sorted(PROJECTS))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    project = PROJECTS[args.project]
    work = Path(tempfile.mkdtemp(prefix=f"nih-sanitize-{project.name}-"))
    report = work / "sanitizer.jsonl"
    try:
        root = download_and_unpack(project, work)
        python = make_venv(project, work, "vendor")
        install_runtime(python)
        plain = run_tests(project, root, python, "plain", work)
        sanitized_project = dataclasses.replace(
            project, test_command=f"{project.test_command} --nih-sanitize "
                                  f"--nih-sanitize-report {report}")
        sanitized = run_tests(sanitized_project, root, python, "sanitized", work)
        records = [json.loads(line) for line in report.read_text().splitlines() if line]
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"{project.name} {project.version}, `{project.test_command}`:")
    print(f"- tests as they are: {summarize(plain)}")
    print(f"- tests with --nih-sanitize: {summarize(sanitized)}")
    newly = sorted(t for t, o in sanitized.items() if o in ("failed", "error")
                   and plain.get(t) == "passed")
    flaky = [t for t in newly if any(n in t for n in project.timing_dependent)]
    print(f"- failed only under the sanitizer: {len(newly)}"
          + (f" ({len(flaky)} known timing-dependent)" if flaky else ""))
    for test in newly[:20]:
        print(f"  - {test}")
    for line in describe(records):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
