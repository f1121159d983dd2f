"""The runtime benchmarks run and print their tables (tiny counts; real numbers: README)."""

import os
import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # see README: Development

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))


def run_bench(*args):
    done = subprocess.run([sys.executable, os.path.join(ROOT, "bench", args[0])] + list(args[1:]),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_overhead_prints_one_ratio_per_call():
    out = run_bench("overhead.py", "--calls", "200", "--rounds", "2")
    rows = [line for line in out.splitlines() if line.startswith("| %d." % sys.version_info[0])]
    assert [row.split(" | ")[1] for row in rows] == [
        "`open(p, 'r').close()`", "`open(p, 'rb').close()`", "`open(p, 'a').close()`",
        "`os.pipe()`, both ends closed", "`os.openpty()`, both ends closed"]
    # Each row: a ratio per column that holds one, positive numbers.  Their values are timing
    # (under load anything is possible; README has real ones), so they are not bounded here.
    header = next(line for line in out.splitlines() if line.startswith("| Python |"))
    columns = [cell.strip() for cell in header.strip("|").split("|")]
    ratio_columns = [i for i, name in enumerate(columns) if name.startswith("ratio") or name.endswith("ratio")]
    assert len(ratio_columns) == 2, header  # measured, and from the pass-through cost
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == len(columns), row
        measured, from_cost = ratio_columns
        assert re.match(r"[0-9]+\.[0-9]+x$", cells[measured]) and float(cells[measured][:-1]) > 0, row
        if "openpty" in row:  # ftools' own openpty: nothing to isolate
            assert cells[from_cost] == "-", row
        else:
            assert re.match(r"[0-9]+\.[0-9]+x$", cells[from_cost]) and float(cells[from_cost][:-1]) > 0, row


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc/self/fd")
def test_leak_stress_counts_no_ftools_leaks():
    out = run_bench("leak_stress.py", "--spawns", "25", "--apis", "open", "socket", "pipe",
                    "--methods", "ftools", "ftools+lock")
    assert "| API | ftools | ftools+lock |" in out
    for api in ("open", "socket", "pipe"):
        assert "| %s | 0 / 25 | 0 / 25 |" % api in out, out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the atomic openpty is Linux's")
def test_openpty_floor_times_each_variant_on_both_clocks():
    out = run_bench("openpty_floor.py", "--calls", "20", "--rounds", "3", "--baseline", "HEAD")
    rows = [[cell.strip() for cell in line.strip("|").split("|")]
            for line in out.splitlines() if line.startswith("| %d." % sys.version_info[0])]
    variants = ["stdlib", "ftools", "ftools before", "python floor"]
    compiler = any(os.path.exists(os.path.join(d, "cc")) for d in os.environ["PATH"].split(os.pathsep))
    if compiler:
        variants += ["C glibc", "C atomic"]
    assert [(row[1], row[2]) for row in rows] == [(v, clock) for clock in ("wall", "cpu") for v in variants], out
    for row in rows:
        assert all(float(cell.rstrip("x")) > 0 for cell in row[3:]), row
        if row[1] == "stdlib":  # every ratio is against the stdlib row of the same clock
            assert row[5:] == ["1.000x", "1.000x"], row


def test_openpty_floor_names_a_missing_baseline_in_one_line():
    done = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "openpty_floor.py"),
                           "--calls", "1", "--rounds", "1", "--baseline", "no-such-revision"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "bench/openpty_floor.py: no runtime/ftools.py at git revision 'no-such-revision'"], done.stderr
