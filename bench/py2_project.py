"""Lint and fix a Python-2-only project from PyPI, and run its own tests on 2.7 before and after.

    .venv/bin/python bench/py2_project.py [--keep]

The project is Fabric 1.14.1 (`except E, e:`, print statements; it runs `fab` tasks in local
children and over SSH).  Steps, reusing `real_project.py`'s helpers:

1. `python2.7 -m pip download --no-deps --no-binary :all: fabric==1.14.1`, unpack the sdist.
2. Every .py file of the sdist: how the front end reads it (Python 3, Python 2, NIH001) and whether
   Python 2.7 itself compiles it.
3. `flake8 --select NIH --nih-min-python 2.7 .` and `noinherit-lint check --min-python 2.7 .`
   over the whole sdist: findings per code, and whether the two agree finding for finding.
4. The test requirements (nose, fudge, jinja2, paramiko 1.x and theirs, sdists built by 2.7's pip)
   go into a folder on PYTHONPATH; the tests run under nose with its junit XML.
5. `noinherit-fix --min-python 2.7 --unsafe-fixes --vendor fabric/ftools.py fabric` (the package;
   the tests stay as they are: they are the oracle); every rewritten file compiles on 2.7; a second
   run changes nothing; the findings left; the tests again.
6. On a fresh copy of the sdist, the same fix over everything (`.`: tests, docs, setup.py too):
   files and fixes, compiles on 2.7, second run changes nothing.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Dict, List, Set, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_project as rp  # noqa: E402
from real_findings import extract  # noqa: E402

ROOT = rp.ROOT
sys.path.insert(0, str(ROOT))
from tests.py2.conftest import python27_rejects  # noqa: E402

FIX = ["--min-python", "2.7", "--unsafe-fixes"]
VENDOR = "fabric/ftools.py"
LINE = re.compile(r"^(?:\./)?(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>NIH\d{3}) ")


def fabric(python27: str) -> rp.Project:
    return rp.Project(
        name="fabric", version="1.14.1", source=["fabric"], python="2.7",
        test_command="{python} -m nose --with-xunit --xunit-file={report} tests",
        test_requires=["nose==1.3.7", "fudge==0.9.6", "jinja2==2.11.3", "markupsafe==1.1.1",
                       "paramiko==1.18.5", "pycrypto==2.6.1", "ecdsa==0.13.3"],
        # test_utils runs `python -m fabric` in a shell: that must be 2.7, not the PATH's python3.
        env={"PATH": str(Path(python27).parent) + os.pathsep + os.environ.get("PATH", "")},
        vendor_to=VENDOR,
    )


def findings(command: List[str], root: Path) -> Set[Tuple[str, int, int, str]]:
    result = rp.run(command, cwd=root)
    if result.returncode not in (0, 1) or "Traceback" in result.stderr:
        sys.exit(f"{command[0]} failed (exit {result.returncode}):\n{result.stderr}")
    found = set()
    for match in filter(None, map(LINE.match, result.stdout.splitlines())):
        found.add((match["path"], int(match["line"]), int(match["col"]), match["code"]))
    return found


def flake8(root: Path, paths: List[str]) -> Set[Tuple[str, int, int, str]]:
    return findings([sys.executable, "-m", "flake8", "--select", "NIH", "--nih-min-python", "2.7", *paths],
                    root)


def check(root: Path, paths: List[str]) -> Set[Tuple[str, int, int, str]]:
    return findings([rp.BIN / "noinherit-lint", "check", "--no-cache", "--min-python", "2.7", *paths], root)


def per_code(found) -> Dict[str, int]:
    return dict(sorted(collections.Counter(f[3] for f in found).items()))


def py_files(root: Path) -> Dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*.py"))}


def fix_twice(root: Path, paths: List[str], python27: str) -> Dict[str, object]:
    """Fix `paths`, check the rewritten files on 2.7, fix again; what changed."""
    old = py_files(root)
    first = rp.run([rp.BIN / "noinherit-fix", *FIX, "--vendor", VENDOR, *paths], cwd=root)
    if first.returncode not in (0, 1) or "Traceback" in first.stderr:
        sys.exit(f"noinherit-fix failed (exit {first.returncode}):\n{first.stderr}")
    new = py_files(root)
    changed = sorted(str(p.relative_to(root)) for p in new if old.get(p) != new[p])
    rejected = python27_rejects(python27, [root / p for p in changed])
    second = rp.run([rp.BIN / "noinherit-fix", *FIX, "--vendor", VENDOR, *paths], cwd=root)
    again = py_files(root)
    return {"exit": first.returncode, "messages": first.stderr.splitlines(), "changed": changed,
            "rejected_by_27": sorted(rejected), "second_exit": second.returncode,
            "second_changed": sorted(str(p.relative_to(root)) for p in again if again[p] != new.get(p))}


def junit_totals(report: Path) -> str:
    """nose's own totals: its generator tests share names, so outcomes by name count fewer."""
    suite = ET.parse(report).getroot()
    return ", ".join(f"{suite.get(k)} {k}" for k in ("tests", "failures", "errors", "skip"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-tests", action="store_true", help="skip the project's tests")
    args = parser.parse_args(argv)
    python27 = rp.interpreter(rp.Project("x", "0", [], "", python="2.7"))
    project = fabric(python27)
    work = Path(tempfile.mkdtemp(prefix="nih-fabric-"))
    try:
        root = rp.download_and_unpack(project, work)
        (archive,) = (work / "download").iterdir()
        files = py_files(root)
        read = rp.grammars(list(files))
        grammar = collections.Counter(read.values())
        refused = sorted(str(p.relative_to(root)) for p, g in read.items() if g == "unparsable")
        rejected_by_27 = sorted(str(Path(p).relative_to(root)) for p in python27_rejects(python27, files))
        by_flake8, by_check = flake8(root, ["."]), check(root, ["."])
        in_python2 = {(str(p.relative_to(root))) for p, g in read.items() if g == "python2"}
        package_before = {f for f in by_flake8 if f[0].startswith("fabric/")}

        tests_before = tests_after = None
        if not args.no_tests:
            python = rp.make_venv(project, work, "vendor")
            tests_before = rp.run_tests(project, root, python, "before", work)
            totals_before = junit_totals(work / "junit-before.xml")
        package = fix_twice(root, ["fabric"], python27)
        package_after = {f for f in flake8(root, ["fabric"])}
        if not args.no_tests:
            tests_after = rp.run_tests(project, root, python, "after", work)
            totals_after = junit_totals(work / "junit-after.xml")

        whole_root = work / "whole"
        extract(archive, whole_root)
        (whole_root,) = whole_root.iterdir()
        whole = fix_twice(whole_root, ["."], python27)
        whole_after = flake8(whole_root, ["."])
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"{project.name} {project.version} ({archive.name})")
    print(f"  .py files: {len(files)}; read as Python 3: {grammar['python3']}, as Python 2: "
          f"{grammar['python2']}, refused (NIH001): {len(refused)} {refused}")
    print(f"  Python 2.7 itself does not compile: {len(rejected_by_27)} {rejected_by_27}")
    print(f"  flake8 --select NIH --nih-min-python 2.7: {len(by_flake8)} {per_code(by_flake8)}; in the "
          f"Python-2-only files: {len([f for f in by_flake8 if f[0] in in_python2])}")
    agree = "agree" if by_flake8 == by_check else (
        f"DIFFER: flake8 only {sorted(by_flake8 - by_check)}, check only {sorted(by_check - by_flake8)}")
    print(f"  noinherit-lint check --min-python 2.7: {len(by_check)} {per_code(by_check)}: {agree}")
    for label, run, before, after in (("fabric/", package, package_before, package_after),
                                      (". (whole sdist)", whole, by_flake8, whole_after)):
        print(f"  noinherit-fix {' '.join(FIX)} --vendor {VENDOR} {label}: exit {run['exit']}, "
              f"{len(run['changed'])} files changed {run['changed']}")
        for line in run["messages"]:
            print(f"    {line}")
        print(f"    findings {len(before)} {per_code(before)} -> {len(after)} {per_code(after)} "
              f"(fixed {len(before) - len(after)})")
        print(f"    rewritten files 2.7 does not compile: {len(run['rejected_by_27'])} {run['rejected_by_27']}")
        print(f"    second run: exit {run['second_exit']}, changed {run['second_changed'] or 'nothing'}")
    if tests_before is not None:
        print(f"  tests before: nose {totals_before}; by distinct name: {rp.summarize(tests_before)}")
        print(f"  tests after:  nose {totals_after}; by distinct name: {rp.summarize(tests_after)}")
        for test in sorted(set(tests_before) | set(tests_after)):
            if tests_before.get(test) != tests_after.get(test):
                print(f"  differs: {test}: {tests_before.get(test)} -> {tests_after.get(test)}")
        for test in sorted(t for t, o in tests_before.items() if o in ("failed", "error")):
            print(f"  failed before the fix too: {test}")
    bad = (refused != rejected_by_27 and refused) or by_flake8 != by_check or package["rejected_by_27"] \
        or whole["rejected_by_27"] or package["second_changed"] or whole["second_changed"] \
        or (tests_before is not None and (tests_before != tests_after or totals_before != totals_after))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
