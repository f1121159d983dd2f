"""What the runtime sanitizer costs per spawn with 100 open descriptors, and per open().

    python bench/sanitizer_overhead.py                          # this interpreter
    python bench/sanitizer_overhead.py --python 2.7 3.8 3.13     # pyenv interpreters
    python bench/sanitizer_overhead.py --fds 100 --checks 2000 --spawns 40 --rounds 15

Measured in one process per interpreter, with ``--fds`` descriptors open (files and
pipes, none inheritable, so that nothing is reported and the cost is the check itself):

* the check at a ``close_fds=False`` spawn, the descriptors made after ``enable()``
  (list them, test each one's inheritability): goal <= 1 ms;
* the check at a ``fork()``, the descriptors in the baseline (list them, compare each
  one's identity with the baseline): goal <= 1 ms;
* the check at a ``close_fds=True`` spawn (no scan);
* the floor: listing the descriptors and testing each one, alone (the system calls any
  such check makes; on a loaded machine they dominate);
* a whole ``subprocess.Popen(["true"], close_fds=False).wait()`` with the sanitizer on
  and off, alternating rounds (fastest round of each; the difference is noisy, the
  check times above are not);
* ``open(path).close()`` on and off (on 3.8+ the ``open`` audit event records a stack;
  on 2.7-3.7 a wrapper does).

Off, the sanitizer costs nothing: importing it installs no hook and no wrapper (tested
in tests/sanitizer/test_units.py).  Output: a markdown table.  Runs on 2.7 and 3.x.
"""

from __future__ import print_function

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from overhead import CLOCK, pyenv_python

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME_DIR = os.path.join(HERE, os.pardir, "runtime")
GOAL_US = 1000.0
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0o2000000)  # Linux value; 2.7 lacks the name


def _import_sanitizer():
    """The runtime package, from this checkout (a temporary `noinherit_ftools` link)."""
    site = tempfile.mkdtemp(prefix="sanitizer-bench-")
    os.symlink(os.path.abspath(RUNTIME_DIR), os.path.join(site, "noinherit_ftools"))
    sys.path.insert(0, site)
    from noinherit_ftools import sanitizer
    return sanitizer, site


def _non_inheritable_descriptors(folder, count):
    """``count`` descriptors: files and pipe ends, all close-on-exec."""
    import fcntl
    made = []
    while len(made) < count:
        index = len(made)
        if index % 4 == 3:
            for fd in os.pipe():
                fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.FD_CLOEXEC)
                made.append(fd)
        else:
            made.append(os.open(os.path.join(folder, "f%d" % index),
                                os.O_RDWR | os.O_CREAT | _O_CLOEXEC))
    return made


def _per_call_us(function, calls):
    start = CLOCK()
    for _ in range(calls):
        function()
    return (CLOCK() - start) / calls * 1e6


def _fastest(function, calls, rounds):
    return min(_per_call_us(function, calls) for _ in range(rounds))


def measure(count, checks, spawns, rounds):
    sanitizer, site = _import_sanitizer()
    from noinherit_ftools import sanitizer_decide as decide
    folder = tempfile.mkdtemp(prefix="sanitizer-bench-files-")
    result = {"python": sys.version.split()[0], "fds": count}
    try:
        state = sanitizer._instance()

        def checked(spawn):  # as an audit hook or a wrapper calls it: quiet
            def check():
                with state.hooks.quiet():
                    state.check(spawn, [])
            return check

        exec_spawn = decide.Spawn("subprocess.Popen", decide.SUBPROCESS, close_fds=False)
        closing = decide.Spawn("subprocess.Popen", decide.SUBPROCESS, close_fds=True)
        fork = decide.Spawn("os.fork", decide.FORK)

        baseline = _non_inheritable_descriptors(folder, count)  # before enable()
        sanitizer.enable(mode="record")
        result["fork_us"] = _fastest(checked(fork), checks, rounds)
        sanitizer.disable()
        for fd in baseline:
            os.close(fd)

        sanitizer.enable(mode="record")  # a new baseline, without them
        made = _non_inheritable_descriptors(folder, count)
        assert len(state.receiving(fork)) >= count  # really scanned and not in baseline
        result["exec_us"] = _fastest(checked(exec_spawn), checks, rounds)
        result["close_fds_us"] = _fastest(checked(closing), checks, rounds)
        from noinherit_ftools import sanitizer_fds as fds

        def floor():  # the system calls any such check makes: list, test each one
            for name in os.listdir(fds.listing_source(sys.platform)):
                fds.is_inheritable(int(name))
        result["floor_us"] = _fastest(floor, checks, rounds)
        assert not sanitizer.records(), "nothing should be reported"

        def spawn():
            subprocess.Popen(["true"], close_fds=False).wait()

        path = os.path.join(folder, "f0")

        def open_close():
            open(path).close()

        best = {}
        for index in range(rounds):
            for on in ((True, False) if index % 2 else (False, True)):
                if on:
                    sanitizer.enable(mode="record")
                else:
                    sanitizer.disable()
                spawn_us = _per_call_us(spawn, spawns)
                open_us = _per_call_us(open_close, checks)
                key = "on" if on else "off"
                best["spawn_" + key] = min(best.get("spawn_" + key, spawn_us), spawn_us)
                best["open_" + key] = min(best.get("open_" + key, open_us), open_us)
        sanitizer.disable()
        assert not sanitizer.records()
        result.update(best)
        for fd in made:
            os.close(fd)
    finally:
        shutil.rmtree(folder)
        shutil.rmtree(site)
    return result


def table(results):
    lines = ["| Python | check, close_fds=False, %d fds (us) | check, fork, %d baseline fds "
             "(us) | check, close_fds=True (us) | floor: list + test each (us) | "
             "Popen+wait on / off (ms) | open()+close() on / off (us) | goal <= 1 ms |"
             % (results[0]["fds"], results[0]["fds"]),
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        verdict = "met" if max(r["exec_us"], r["fork_us"]) <= GOAL_US else "MISSED"
        lines.append("| %s | %.0f | %.0f | %.1f | %.0f | %.2f / %.2f | %.2f / %.2f | %s |" % (
            r["python"], r["exec_us"], r["fork_us"], r["close_fds_us"], r["floor_us"],
            r["spawn_on"] / 1e3,
            r["spawn_off"] / 1e3, r["open_on"], r["open_off"], verdict))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", nargs="*", default=[],
                        help="pyenv versions to run under (default: this interpreter)")
    parser.add_argument("--fds", type=int, default=100, help="open descriptors")
    parser.add_argument("--checks", type=int, default=500, help="checks (and opens) per round")
    parser.add_argument("--spawns", type=int, default=20, help="spawns per round")
    parser.add_argument("--rounds", type=int, default=11, help="rounds")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = (args.fds, args.checks, args.spawns, args.rounds)
    if args.json:
        print(json.dumps(measure(*sizes)))
        return 0
    if not args.python:
        results = [measure(*sizes)]
    else:
        results = []
        for version in args.python:
            out = subprocess.check_output(
                [pyenv_python(version), os.path.abspath(__file__), "--json", "--fds",
                 str(args.fds), "--checks", str(args.checks), "--spawns", str(args.spawns),
                 "--rounds", str(args.rounds)])
            results.append(json.loads(out.decode()))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
