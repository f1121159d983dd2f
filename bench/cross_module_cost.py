"""What following calls into the project's other modules costs the detector, on real projects.

    .venv/bin/python bench/cross_module_cost.py [--src DIR] [--repeat N]

Runs `checker.check(tree, settings, path)` (the other modules are read and summarised) and
`checker.check(tree, settings)` (no path: nothing is followed, the detector before the summaries
apart from their gates) over every ``.py`` file under ``--src`` (default: the projects
``bench/real_findings.py`` unpacked, ``.cache/real_findings/src``), parsed beforehand, at
``--nih-scope always``, min-python 2.7.  Rounds alternate; the fastest of `--repeat` each counts
(CPU time).  The first round with paths also pays for parsing the dependencies (once per
process); the later ones reuse the summaries, as a run over many files of one project does.
Prints ms per file, the ratio, the findings each reported, and how many files read another file.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from noinherit_lint import checker  # noqa: E402
from noinherit_lint.analysis import project_modules  # noqa: E402
from noinherit_lint.settings import Settings  # noqa: E402

SETTINGS = Settings(min_python=(2, 7), min_python_source="bench", scope="always")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=ROOT / ".cache" / "real_findings" / "src")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    trees = []
    for dirpath, dirnames, filenames in os.walk(args.src):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                try:
                    trees.append((path, ast.parse(open(path, "rb").read())))
                except (SyntaxError, ValueError):
                    pass
    if not trees:
        print(f"no Python files under {args.src} (run bench/real_findings.py first, or give --src)")
        return 1
    best = {"without path": float("inf"), "with path": float("inf")}
    found = {}
    first_with_path = None
    reading = 0
    for _ in range(args.repeat):
        for label in best:
            started = time.process_time()
            count = 0
            files_reading = 0
            for path, tree in trees:
                if label == "with path":
                    result, depends = checker.check_with_dependencies(tree, SETTINGS, path)
                    files_reading += bool(depends)
                else:
                    result = checker.check(tree, SETTINGS)
                count += len(result)
            spent = time.process_time() - started
            if label == "with path" and first_with_path is None:
                first_with_path = spent
                reading = files_reading
            best[label] = min(best[label], spent)
            found[label] = count
    per_file = {label: 1000 * spent / len(trees) for label, spent in best.items()}
    print(f"{len(trees)} files under {args.src}; check() CPU ms per file, fastest of {args.repeat}")
    print("| run | ms/file | findings |")
    print("|---|---|---|")
    for label in best:
        print(f"| {label} | {per_file[label]:.3f} | {found[label]} |")
    print(f"| with path, first round (parses the dependencies) | {1000 * first_with_path / len(trees):.3f} | |")
    print(f"with path / without: {per_file['with path'] / per_file['without path']:.2f}; "
          f"{reading} files read another module of their project; "
          f"{len(project_modules._SUMMARIES)} modules summarised")
    return 0


if __name__ == "__main__":
    sys.exit(main())
