"""Do two checkouts report byte-identical findings?  (A speed change must not change one.)

    .venv/bin/python bench/same_findings.py [--base REV|DIR] [--head REV|DIR] [--stdlib DIR] [PATH ...]

Runs ``noinherit-lint check --no-cache --output-format json -j 1`` of each checkout (its folder
first on ``sys.path``; this venv's flake8 and libcst) over the same copies of

- a CPython stdlib, test folders included (default: the newest pyenv 3.x ``Lib``, as
  ``bench/lint_speed.py``), and
- the annotated eval files (``tests/rules/data`` of this checkout), copied to a temporary folder
  with no project settings above it, so the defaults apply,

or over the PATHs given, once with the defaults (min-python 2.7 assumed, scope module) and once
with ``--min-python 2.7 --scope always``, and compares the two outputs byte for byte (code,
message, file, start and end, fix, noqa line: everything the json output says).  Prints the
number of findings of each run and every file whose findings differ, with each finding only one
side reports (``-`` base, ``+`` head); exit status 1 if any does.

``--base`` / ``--head``: a folder or a git revision (checked out under a temporary folder, as
``bench/detector_ab.py`` does); defaults: base ``main``, head this checkout.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from detector_ab import checkout_of  # noqa: E402
from lint_speed import newest_pyenv_stdlib  # noqa: E402

RUNS = {"defaults": [], "min-python 2.7, scope always": ["--min-python", "2.7", "--scope", "always"]}
LINT = "import sys; sys.path.insert(0, sys.argv.pop(1)); from noinherit_lint.lint_cli import main; sys.exit(main())"


def findings_json(checkout: Path, options: List[str], paths: List[str], cwd: Path) -> str:
    command = [sys.executable, "-c", LINT, str(checkout), "check", "--no-cache", "--output-format", "json",
               "-j", "1", *options, *paths]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(f"same_findings: {checkout}: exit {result.returncode}\n{result.stderr[-3000:]}")
    return result.stdout


def by_file(output: str) -> Dict[str, List[dict]]:
    files: Dict[str, List[dict]] = {}
    for finding in json.loads(output):
        files.setdefault(finding["filename"], []).append(finding)
    return files


def changed_findings(base: List[dict], head: List[dict]) -> List[tuple]:
    """("-", text) for each finding only the base reports, ("+", text) for each only the head
    reports (text: row:column code message); a finding whose message or fix changed is both."""
    def text(finding: dict) -> str:
        where = finding["location"]
        return f"{where['row']}:{where['column']} {finding['code']} {finding['message']}"
    base_keys = [json.dumps(f, sort_keys=True) for f in base]
    head_keys = [json.dumps(f, sort_keys=True) for f in head]
    gone = [("-", text(f)) for f, k in zip(base, base_keys) if k not in head_keys]
    new = [("+", text(f)) for f, k in zip(head, head_keys) if k not in base_keys]
    return sorted(gone + new, key=lambda item: (int(item[1].split(":")[0]), item[0]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="folder or git revision (default: main)")
    parser.add_argument("--head", default=str(ROOT), help="folder or git revision (default: this checkout)")
    parser.add_argument("--stdlib", type=Path, help="a CPython Lib folder (default: newest pyenv 3.x)")
    parser.add_argument("paths", nargs="*", help="what to check instead of the stdlib and the eval files")
    args = parser.parse_args(argv)
    worktrees: List[Path] = []
    different = 0
    with tempfile.TemporaryDirectory(prefix="same_findings.") as temporary:
        scratch = Path(temporary)
        try:
            checkouts = {"base": checkout_of(args.base, scratch, worktrees),
                         "head": checkout_of(args.head, scratch, worktrees)}
            if args.paths:
                paths = [str(Path(p).resolve()) for p in args.paths]
            else:
                shutil.copytree(ROOT / "tests" / "rules" / "data", scratch / "eval")
                paths = [str(args.stdlib or newest_pyenv_stdlib()), str(scratch / "eval")]
            print(f"checking {', '.join(paths)}")
            for run, options in RUNS.items():
                outputs = {name: findings_json(folder, options, paths, scratch) for name, folder in checkouts.items()}
                counts = {name: len(json.loads(out)) for name, out in outputs.items()}
                codes = Counter(f["code"] for f in json.loads(outputs["head"]))
                same = outputs["base"] == outputs["head"]
                print(f"{run}: base {counts['base']} findings, head {counts['head']}: "
                      f"{'byte-identical' if same else 'DIFFERENT'} ({len(outputs['head'])} bytes); "
                      f"by code: {dict(sorted(codes.items()))}")
                if not same:
                    different += 1  # at least the order, if no file's findings differ
                    base, head = by_file(outputs["base"]), by_file(outputs["head"])
                    files_differ = [f for f in sorted(set(base) | set(head)) if base.get(f) != head.get(f)]
                    if not files_differ:
                        print("  every file has the same findings: only the order of the files differs")
                    for filename in files_differ:
                        different += 1
                        print(f"  differs: {filename}: base {len(base.get(filename, []))}, "
                              f"head {len(head.get(filename, []))}")
                        for sign, line in changed_findings(base.get(filename, []), head.get(filename, [])):
                            print(f"    {sign} {line}")
        finally:
            for folder in worktrees:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], check=False)
    return 1 if different else 0


if __name__ == "__main__":
    raise SystemExit(main())
