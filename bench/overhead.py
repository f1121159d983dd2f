"""Per-call cost of ftools.open versus builtin open, as a ratio measured in one run.

    python bench/overhead.py                       # this interpreter
    python bench/overhead.py --python 2.7 3.12     # pyenv interpreters (runs itself there)
    python bench/overhead.py --calls 20000 --rounds 15

Each round times N calls of ``open(path, mode).close()`` for builtin ``open`` and for
``ftools.open``, alternating the two so that drift (CPU frequency, page cache) hits both
alike; the per-call cost is the fastest round of each.  Goals: ratio <= 1.05 on Python 3
(ftools.open is a call-time pass-through there), <= 1.5 on 2.7 (atomic close-on-exec
mode letter and a ``file`` subclass).  Output: a markdown table.  Runs on 2.7 and 3.x.
"""

from __future__ import print_function

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME_DIR = os.path.join(HERE, os.pardir, "runtime")
GOALS = {2: 1.5, 3: 1.05}
MODES = ["r", "rb", "a"]


def per_call_seconds(function, path, mode, calls):
    start = time.time()
    for _ in range(calls):
        function(path, mode).close()
    return (time.time() - start) / calls


def measure(calls, rounds):
    sys.path.insert(0, RUNTIME_DIR)
    import ftools
    try:
        import builtins
    except ImportError:
        import __builtin__ as builtins
    handle, path = tempfile.mkstemp(prefix="ftools-overhead-")
    os.write(handle, b"some data\n")
    os.close(handle)
    rows = []
    try:
        for mode in MODES:
            ftools.open(path, mode).close()  # probes run here, not in the timing
            best = {"builtin": float("inf"), "ftools": float("inf")}
            for _ in range(rounds):
                for name, function in (("builtin", builtins.open), ("ftools", ftools.open)):
                    best[name] = min(best[name], per_call_seconds(function, path, mode, calls))
            rows.append({"mode": mode, "builtin_us": best["builtin"] * 1e6,
                         "ftools_us": best["ftools"] * 1e6,
                         "ratio": best["ftools"] / best["builtin"]})
    finally:
        os.remove(path)
    return {"python": sys.version.split()[0], "major": sys.version_info[0], "rows": rows}


def pyenv_python(version):
    root = subprocess.check_output(["pyenv", "root"]).decode().strip()
    listed = subprocess.check_output(["pyenv", "versions", "--bare"]).decode().split()
    matches = [v for v in listed if v == version or v.startswith(version + ".")]
    if not matches:
        raise SystemExit("bench/overhead.py: no pyenv interpreter for Python %s" % version)
    return os.path.join(root, "versions", matches[-1], "bin", "python")


def table(results):
    lines = ["| Python | call | builtin open (us) | ftools.open (us) | ratio | goal |",
             "|---|---|---|---|---|---|"]
    for result in results:
        goal = GOALS.get(result["major"], 1.05)
        for row in result["rows"]:
            verdict = "met" if row["ratio"] <= goal else "MISSED"
            lines.append("| %s | `open(p, %r).close()` | %.2f | %.2f | %.3fx | <= %.2fx %s |" % (
                result["python"], row["mode"], row["builtin_us"], row["ftools_us"],
                row["ratio"], goal, verdict))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", nargs="*", default=[],
                        help="pyenv versions to run under (default: this interpreter)")
    parser.add_argument("--calls", type=int, default=20000, help="calls per round")
    parser.add_argument("--rounds", type=int, default=11, help="rounds per function")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(measure(args.calls, args.rounds)))
        return 0
    if not args.python:
        results = [measure(args.calls, args.rounds)]
    else:
        results = []
        for version in args.python:
            out = subprocess.check_output([pyenv_python(version), os.path.abspath(__file__),
                                           "--json", "--calls", str(args.calls),
                                           "--rounds", str(args.rounds)])
            results.append(json.loads(out.decode()))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
