"""Preview of issue 10's phase B: the judged real-project findings under the analyses' policy.

    .venv/bin/python bench/analysis_preview.py [--cache DIR] [--list]

Reads the findings judged in ``bench/real_findings_verdicts.tsv`` (run ``bench/real_findings.py``
first: it downloads the projects into the cache), runs the `noinherit_lint.analysis` modules at
each finding's call, and applies the policy phase B plans to put into the rules:

- NIH1xx silent when the call is in fork-child code, gets a standard descriptor number, sits in a
  module whose every spawn closes all descriptors, makes a kqueue, or is short-lived (lifetime
  analysis), or has FD_CLOEXEC set on the next statements in a module whose threads do not spawn;
- NIH201 silent in child code or on a standard-stream target;
- NIH303 silent unless the module starts threads that spawn; NIH401 unless it starts threads.

Prints, per code family, how many findings judged real / noise would still be reported or go
silent, each real finding that would be lost (with the reason), and the noise still reported by
class.  The rules themselves are not changed by this script.
"""

from __future__ import annotations

import argparse
import ast
import collections
import csv
import sys
import warnings
from pathlib import Path
from typing import Dict, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from noinherit_lint import fork_child as child_context, names as bindings  # noqa: E402
from noinherit_lint.analysis import closes_all, cloexec, lifetime, std_streams, threads  # noqa: E402
from noinherit_lint.analysis.index import ModuleIndex  # noqa: E402
from noinherit_lint.registry import star_exports  # noqa: E402
from noinherit_lint.names import ModuleNames  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from real_findings import DEFAULT_CACHE, PROJECTS, VERDICTS  # noqa: E402


def module_index(path: Path) -> ModuleIndex:
    tree = ast.parse(path.read_bytes())
    names = ModuleNames(tree, star_exports())
    bindings.extend_module_bindings(names, tree)
    return ModuleIndex(tree, names)


def call_at(index: ModuleIndex, line: int, col: int) -> Optional[ast.Call]:
    for node in ast.walk(index.tree):
        if isinstance(node, ast.Call) and node.lineno == line and node.col_offset == col:
            return node
    return None


def silenced_because(index: ModuleIndex, call: ast.Call, code: str) -> Optional[str]:
    """The reason the planned policy stays silent on this finding, or None: still reported."""
    if code.startswith("NIH1"):
        if child_context.in_child(index, call):
            return "fork-child"
        if std_streams.creates_std_fd(index, call):
            return "std-stream"
        if closes_all.every_spawn_closes_all(index):
            return "closes-all"
        if "select.kqueue" in index.callee(call):
            return "kqueue"
        if cloexec.cloexec_after(index, call) and not threads.thread_facts(index).threads_spawn:
            return "cloexec-after"
        if lifetime.classify(index, call).lifetime is lifetime.Lifetime.SHORT_LIVED:
            return "short-lived"
        return None
    if code == "NIH201":
        target = call.args[1] if len(call.args) > 1 else None
        if child_context.in_child(index, call):
            return "fork-child"
        if target is not None and std_streams.is_std_fd(index, target, call):
            return "std-stream"
        return None
    if code == "NIH303" and not threads.thread_facts(index).threads_spawn:
        return "no thread that spawns"
    if code == "NIH401" and not threads.thread_facts(index).starts_threads:
        return "no thread started"
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--list", action="store_true", help="also list the noise still reported")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    roots = {p.name: args.cache / "src" / f"{p.name}-{p.version}" for p in PROJECTS}
    with VERDICTS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    indexes: Dict[Tuple[str, str], ModuleIndex] = {}
    table: Dict[Tuple[str, str, str], int] = collections.Counter()
    lost, kept_noise = [], collections.Counter()
    for row in rows:
        root = roots[row["project"]]
        if not root.exists():
            raise SystemExit(f"analysis_preview: {root} is missing; run bench/real_findings.py first")
        key = (row["project"], row["path"])
        if key not in indexes:
            indexes[key] = module_index(root / row["path"])
        index = indexes[key]
        call = call_at(index, int(row["line"]), int(row["col"]) - 1)
        reason = silenced_because(index, call, row["code"]) if call is not None else None
        family = row["code"][:4] + "xx"
        table[(family, row["verdict"], "silent" if reason else "reported")] += 1
        if reason and row["verdict"] == "real":
            lost.append((row, reason))
        if not reason and row["verdict"] == "noise":
            kept_noise[row["class"]] += 1
            if args.list:
                print(f"  noise reported: {row['project']} {row['path']}:{row['line']} {row['code']} ({row['class']})")
    print("| family | real reported | real silent (lost) | noise reported | noise silent |")
    print("|---|---|---|---|---|")
    for family in sorted({f for f, _, _ in table}):
        print(f"| {family} | {table[(family, 'real', 'reported')]} | {table[(family, 'real', 'silent')]} | "
              f"{table[(family, 'noise', 'reported')]} | {table[(family, 'noise', 'silent')]} |")
    print(f"\nreal findings the policy would lose: {len(lost)}")
    for row, reason in lost:
        print(f"  {row['project']} {row['path']}:{row['line']} {row['code']}: {reason} ({row['note']})")
    print("noise still reported, by class: " + ", ".join(f"{c} {n}" for c, n in kept_noise.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
