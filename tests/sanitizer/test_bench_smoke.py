"""bench/sanitizer_overhead.py runs and prints its table (tiny counts; real numbers: README)."""

import os
import re
import subprocess
import sys

import pytest

from tests.sanitizer.conftest import ROOT


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc/self/fd")
def test_overhead_table():
    done = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "sanitizer_overhead.py"),
                           "--fds", "30", "--checks", "20", "--spawns", "2", "--rounds", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (row,) = [line for line in done.stdout.splitlines() if line.startswith("| 3.")]
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert len(cells) == 8 and cells[-1] in ("met", "MISSED")
    exec_us, fork_us, close_fds_us, floor_us = (float(c) for c in cells[1:5])
    assert 0 < close_fds_us < exec_us and floor_us > 0  # no scan with close_fds=True
    assert re.match(r"[0-9.]+ / [0-9.]+$", cells[5]), cells
