"""What ftools.openpty costs over os.openpty, and the floor its system calls impose, in one run.

    python bench/openpty_floor.py                          # this interpreter
    python bench/openpty_floor.py --python 2.7 3.6 3.13    # pyenv interpreters
    python bench/openpty_floor.py --calls 1000 --rounds 21

Each round times ``calls`` calls of each variant, in an order that rotates every round so
that drift (CPU frequency, other processes) hits all alike, and both descriptors are
closed after each call.  Variants:

* ``stdlib``  -- ``os.openpty()``: glibc's ``openpty()`` (open ``/dev/ptmx``, TIOCGPTN,
  TIOCSPTLCK, TIOCGPTPEER) then CPython marks both descriptors (two FIOCLEX ioctls);
* ``ftools``  -- ``ftools.openpty()``, read through the module attribute as a program does:
  ``/dev/ptmx`` opened with O_CLOEXEC, TIOCSPTLCK, TIOCGPTPEER with O_CLOEXEC;
* ``ftools before`` -- with ``--baseline REV``: ``runtime/ftools.py`` of that git revision,
  imported under another name, so that a change is measured before and after in one run;
* ``python floor`` -- the same three calls written inline with everything pre-bound: what
  any Python implementation of the atomic path costs at least (``os.open`` converts its
  path, ``fcntl.ioctl`` parses its arguments);
* ``C glibc`` and ``C atomic`` -- the two sequences of system calls in a loop in C
  (compiled with ``cc`` and called once per round through ctypes; skipped without a C
  compiler): the kernel's own cost of each, free of any interpreter.

Per variant and clock (wall; CPU time of the process, which stops while another process
has the core, so it is the steadier one on a shared machine): the fastest round and the
median round (us per call), and against ``stdlib`` the ratio of the fastest rounds and the
median of the per-round ratios (the variants ran next to each other in each round).  Runs on 2.7 and 3.x, Linux only (the atomic path is Linux's).
"""

from __future__ import print_function

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME_DIR = os.path.join(HERE, os.pardir, "runtime")
CLOCK = getattr(time, "perf_counter", time.time)
#: CPU time of this process (user and system): unlike the wall clock it stops while another
#: process has the core, so on a shared machine it is the steadier measure.  2.7: clock().
CPU_CLOCK = getattr(time, "process_time", None) or time.clock

C_SOURCE = r"""
#define _GNU_SOURCE
#include <fcntl.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <unistd.h>
#ifndef TIOCGPTPEER
#define TIOCGPTPEER 0x5441
#endif
int glibc_openpty(int calls) {
    for (int i = 0; i < calls; i++) {
        int m, s;
        if (openpty(&m, &s, 0, 0, 0)) return -1;
        ioctl(m, FIOCLEX, 0);
        ioctl(s, FIOCLEX, 0);
        close(m);
        close(s);
    }
    return 0;
}
int atomic_openpty(int calls) {
    for (int i = 0; i < calls; i++) {
        int unlock = 0, flags = O_RDWR | O_NOCTTY | O_CLOEXEC;
        int m = open("/dev/ptmx", flags);
        if (m < 0) return -1;
        if (ioctl(m, TIOCSPTLCK, &unlock)) return -1;
        int s = ioctl(m, TIOCGPTPEER, flags);
        if (s < 0) return -1;
        close(m);
        close(s);
    }
    return 0;
}
"""


def c_variants(scratch):
    """[(name, run(calls))] for the C loops, or [] without a C compiler or libutil."""
    compiler = None
    for name in ("cc", "gcc", "clang"):
        for directory in os.environ.get("PATH", "").split(os.pathsep):
            if os.path.isfile(os.path.join(directory, name)):
                compiler = os.path.join(directory, name)
                break
        if compiler:
            break
    if compiler is None:
        return []
    source = os.path.join(scratch, "floor.c")
    library = os.path.join(scratch, "floor.so")
    with open(source, "w") as f:
        f.write(C_SOURCE)
    with open(os.devnull, "w") as quiet:
        if subprocess.call([compiler, "-O2", "-std=c99", "-shared", "-fPIC", "-o", library,
                            source, "-lutil"], stdout=quiet, stderr=quiet) != 0:
            return []
    import ctypes
    loaded = ctypes.CDLL(library)
    found = []
    for name, label in (("glibc_openpty", "C glibc"), ("atomic_openpty", "C atomic")):
        function = getattr(loaded, name)
        function.argtypes = [ctypes.c_int]
        if function(1) != 0:
            return []
        found.append((label, function))
    return found


def python_floor():
    """The atomic path inline, everything resolved beforehand (``fcntl`` must import)."""
    import fcntl
    flags = os.O_RDWR | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0o2000000)

    def floor(open_=os.open, ioctl=fcntl.ioctl, flags=flags, unlock=0x40045431,
              peer=0x5441, zero=b"\0\0\0\0"):
        master = open_("/dev/ptmx", flags)
        ioctl(master, unlock, zero)
        return master, ioctl(master, peer, flags)
    return floor


def looped(make):
    """run(calls) for a Python callable returning (master, slave)."""
    close = os.close

    def run(calls):
        for _ in range(calls):
            master, slave = make()
            close(master)
            close(slave)
    return run


def load_baseline(path):
    """The ftools module in ``path`` (an older runtime/ftools.py), imported under another
    name so that it runs next to this one."""
    if sys.version_info >= (3, 5):
        import importlib.util
        spec = importlib.util.spec_from_file_location("ftools_baseline", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["ftools_baseline"] = module  # ftools changes its own module's class
        spec.loader.exec_module(module)
        return module
    import imp  # 2.7
    return imp.load_source("ftools_baseline", path)


def measure(calls, rounds, baseline=None):
    sys.path.insert(0, RUNTIME_DIR)
    import ftools
    floor = python_floor()
    variants = [("stdlib", looped(lambda: os.openpty())),
                ("ftools", looped(lambda: ftools.openpty()))]
    if baseline:
        old = load_baseline(baseline)
        variants.append(("ftools before", looped(lambda: old.openpty())))
    variants.append(("python floor", looped(floor)))
    scratch = tempfile.mkdtemp(prefix="ftools-openpty-floor-")
    try:
        variants.extend(c_variants(scratch))
        for _, run in variants:
            run(10)  # first-use setup and warm caches, outside the timing
        wall = dict((name, []) for name, _ in variants)
        cpu = dict((name, []) for name, _ in variants)
        for index in range(rounds):
            shift = index % len(variants)
            for name, run in variants[shift:] + variants[:shift]:
                start, start_cpu = CLOCK(), CPU_CLOCK()
                run(calls)
                end_cpu, end = CPU_CLOCK(), CLOCK()
                wall[name].append((end - start) / calls * 1e6)
                cpu[name].append((end_cpu - start_cpu) / calls * 1e6)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"python": sys.version.split()[0], "names": [name for name, _ in variants],
            "wall": wall, "cpu": cpu}


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2.0


def table(results):
    lines = ["| Python | variant | clock | fastest round (us) | median round (us) "
             "| / stdlib, fastest rounds | / stdlib, median of round ratios |",
             "|---|---|---|---|---|---|---|"]
    for result in results:
        for clock in ("wall", "cpu"):
            stdlib = result[clock]["stdlib"]
            for name in result["names"]:
                us = result[clock][name]
                ratios = [mine / theirs for mine, theirs in zip(us, stdlib)]
                lines.append("| %s | %s | %s | %.2f | %.2f | %.3fx | %.3fx |" % (
                    result["python"], name, clock, min(us), median(us),
                    min(us) / min(stdlib), median(ratios)))
    return "\n".join(lines)


def pyenv_python(version):
    root = subprocess.check_output(["pyenv", "root"]).decode().strip()
    listed = subprocess.check_output(["pyenv", "versions", "--bare"]).decode().split()
    matches = [v for v in listed if v == version or v.startswith(version + ".")]
    if not matches:
        raise SystemExit("bench/openpty_floor.py: no pyenv interpreter for Python %s" % version)
    return os.path.join(root, "versions", matches[-1], "bin", "python")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", nargs="*", default=[],
                        help="pyenv versions to run under (default: this interpreter)")
    parser.add_argument("--calls", type=int, default=1000, help="calls per round")
    parser.add_argument("--rounds", type=int, default=21, help="rounds")
    parser.add_argument("--baseline", metavar="REV",
                        help="also time runtime/ftools.py of this git revision ('ftools before')")
    parser.add_argument("--baseline-file", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("bench/openpty_floor.py: the atomic openpty path is Linux's; nothing to measure here",
              file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(measure(args.calls, args.rounds, args.baseline_file)))
        return 0
    scratch = tempfile.mkdtemp(prefix="ftools-openpty-baseline-")
    try:
        baseline = None
        if args.baseline:
            baseline = os.path.join(scratch, "ftools_baseline.py")
            try:
                with open(os.devnull, "w") as quiet:
                    source = subprocess.check_output(
                        ["git", "-C", HERE, "show", "%s:runtime/ftools.py" % args.baseline],
                        stderr=quiet)
            except (OSError, subprocess.CalledProcessError):
                print("bench/openpty_floor.py: no runtime/ftools.py at git revision %r"
                      % args.baseline, file=sys.stderr)
                return 2
            with open(baseline, "wb") as f:
                f.write(source)
        if not args.python:
            results = [measure(args.calls, args.rounds, baseline)]
        else:
            results = []
            for version in args.python:
                command = [pyenv_python(version), os.path.abspath(__file__), "--json",
                           "--calls", str(args.calls), "--rounds", str(args.rounds)]
                if baseline:
                    command += ["--baseline-file", baseline]
                results.append(json.loads(subprocess.check_output(command).decode()))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
