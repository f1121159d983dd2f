"""SIGKILL the codemod at random moments while it rewrites a tree (a 3.13 stdlib sample at
min-python 2.7): every file stays exactly old or exactly new, and the next run finishes the job
and leaves no temporary file.  A few kills here; `bench/kill_sweep.py` does many."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.integration.conftest import copy_tree, stdlib_dir, stdlib_files, tool
from tests.integration.kill_run import KillStats, expected_after_fix, kill_round, temp_files

pytestmark = pytest.mark.slow  # see README: Development


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    lib = stdlib_dir("3.13")
    root = tmp_path_factory.mktemp("pristine") / "lib"
    copy_tree(stdlib_files(lib, tests=False)[1::3], lib, root)
    return root


def test_kill_between_temporary_write_and_replace_then_next_run_cleans_up(tmp_path):
    """The worst moment, made certain: the process SIGKILLs itself instead of `os.replace`."""
    old = b"import subprocess\nlog = open('run.log', 'a')\n"
    (tmp_path / "a.py").write_bytes(old)
    dying = subprocess.run(
        [sys.executable, "-c",
         "import os, signal, sys\n"
         "os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)\n"
         "from noinherit_lint.cli import main\n"
         "sys.exit(main(sys.argv[1:]))",
         "--unsafe-fixes", "--min-python", "2.7", str(tmp_path / "a.py")],
        capture_output=True, text=True, timeout=120)
    assert dying.returncode == -signal.SIGKILL, dying.stderr
    assert (tmp_path / "a.py").read_bytes() == old
    leftovers = temp_files(tmp_path)
    assert len(leftovers) == 1 and not leftovers[0].name.endswith(".py")
    new = b"import subprocess\n\nfrom noinherit_ftools import ftools\n\nlog = ftools.open('run.log', 'a')\n"
    assert leftovers[0].read_bytes() == new
    # The leftover is never taken for a source, and the next run removes it.
    rerun = subprocess.run(tool("noinherit-fix") + ["--unsafe-fixes", "--min-python", "2.7", str(tmp_path)],
                           capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 1 and rerun.stderr == f"Rewriting {tmp_path / 'a.py'}\n"
    assert (tmp_path / "a.py").read_bytes() == new
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigkill_leaves_old_or_new_files_and_next_run_completes(pristine, tmp_path, jobs):
    command = tool("noinherit-fix") + ["--unsafe-fixes", "--min-python", "2.7", "--scope", "always", "-j", jobs]
    expected, took = expected_after_fix(command, pristine, tmp_path / "reference")
    stats = KillStats()
    rng = random.Random(int(jobs))
    for _round in range(2):
        kill_round(command, pristine, tmp_path / "work", expected, kills=3, max_delay=0.7 * took,
                   rng=rng, stats=stats)
    assert stats.kills == 6 and stats.rewritten > 10
    print(f"\n-j {jobs}: {stats.kills} kills survived on {stats.files} files "
          f"({stats.rewritten} rewritten by a full run of {took:.1f} s), "
          f"{stats.kills_mid_write} kills mid-write, {stats.temp_files_seen} temporary files seen")


@pytest.mark.skipif(not os.path.exists("/proc/self/stat") or not hasattr(os, "fork"),
                    reason="needs Linux /proc and fork")
def test_temporary_file_of_a_killed_but_unreaped_worker_is_cleaned_up(tmp_path):
    """bench/kill_sweep.py found this after 199 kills: a -j 2 worker killed with its parent was
    still a zombie (not yet reaped) when the next run started; its temporary file was kept."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    try:
        for _ in range(100):  # wait until the child has exited, without reaping it
            with open(f"/proc/{pid}/stat", "rb") as handle:
                if handle.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                    break
            time.sleep(0.05)
        else:
            pytest.fail("the child did not exit")
        source = tmp_path / "a.py"
        source.write_bytes(b"import subprocess\nlog = open('run.log', 'a')\n")
        stale = tmp_path / f".a.py.noinherit-fix-{pid}-abc123.tmp"
        stale.write_bytes(b"half-written")
        rerun = subprocess.run(tool("noinherit-fix") + ["--unsafe-fixes", "--min-python", "2.7", str(source)],
                               capture_output=True, text=True, timeout=120)
        assert rerun.returncode == 1, rerun.stderr
        assert temp_files(tmp_path) == []
    finally:
        os.waitpid(pid, 0)
