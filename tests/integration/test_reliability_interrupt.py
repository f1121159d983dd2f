"""SIGKILL the codemod at random moments while it rewrites a tree (a 3.13 stdlib sample at
min-python 2.7): every file stays exactly old or exactly new, and the next run finishes the job
and leaves no temporary file.  A few kills here; `bench/kill_sweep.py` does many."""

from __future__ import annotations

import random

import pytest

from tests.integration.conftest import copy_tree, stdlib_dir, stdlib_files, tool
from tests.integration.kill_run import KillStats, expected_after_fix, kill_round


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    lib = stdlib_dir("3.13")
    root = tmp_path_factory.mktemp("pristine") / "lib"
    copy_tree(stdlib_files(lib, tests=False)[1::12], lib, root)
    return root


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigkill_leaves_old_or_new_files_and_next_run_completes(pristine, tmp_path, jobs):
    command = tool("noinherit-fix") + ["--min-python", "2.7", "--scope", "always", "-j", jobs]
    expected, took = expected_after_fix(command, pristine, tmp_path / "reference")
    stats = KillStats()
    rng = random.Random(int(jobs))
    for _round in range(1):
        kill_round(command, pristine, tmp_path / "work", expected, kills=3, max_delay=took,
                   rng=rng, stats=stats)
    assert stats.kills == 3 and stats.rewritten > 3
    print(f"\n-j {jobs}: {stats.kills} kills survived on {stats.files} files "
          f"({stats.rewritten} rewritten by a full run of {took:.1f} s), "
          f"{stats.kills_mid_write} kills mid-write, {stats.temp_files_seen} temporary files seen")
