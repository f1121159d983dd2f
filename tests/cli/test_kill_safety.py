"""A SIGKILL at any moment leaves every file either exactly old or exactly new, and the next run
finishes the job (leftover temporary files are never taken for sources)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from noinherit_lint.fixes.source import fix_source
from noinherit_lint.settings import Settings
from tests.integration.conftest import children_of, still_running

pytestmark = pytest.mark.slow  # see README: Development

SCRIPT = Path(sys.executable).parent / "noinherit-fix"
BODY = "".join(f'h{i} = open("f{i}", "w")  # ü {i}\n' for i in range(40))
OLD = "import subprocess\n" + BODY


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_mid_run_leaves_old_or_new_files(tmp_path):
    new = fix_source(OLD, Settings(min_python=(2, 7), min_python_source="test", unsafe_fixes=True)).source
    assert new != OLD
    files = [tmp_path / f"m{i:03}.py" for i in range(80)]
    for path in files:
        path.write_text(OLD, encoding="utf-8")
    saw_partial = False
    delay = 0.5
    for _ in range(6):
        process = subprocess.Popen([str(SCRIPT), "--unsafe-fixes", "--min-python", "2.7", str(tmp_path)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        states = [path.read_text(encoding="utf-8") for path in files]
        assert all(state in (OLD, new) for state in states)
        assert sorted(p.name for p in tmp_path.glob("*.py")) == sorted(p.name for p in files)
        done = sum(state == new for state in states)
        if 0 < done < len(files):
            saw_partial = True
            break
        if done == len(files):  # too slow to catch it mid-run: start over with less time
            for path in files:
                path.write_text(OLD, encoding="utf-8")
            delay /= 2
        else:
            delay *= 1.5
    assert saw_partial, "the run was never interrupted half-way"
    finish = subprocess.run([str(SCRIPT), "--unsafe-fixes", "--min-python", "2.7", str(tmp_path)], capture_output=True, text=True)
    assert finish.returncode == 1 and "Traceback" not in finish.stderr
    assert all(path.read_text(encoding="utf-8") == new for path in files)
    leftovers = [name for name in os.listdir(tmp_path) if not name.endswith(".py")]
    assert all(".noinherit-fix-" in name and name.endswith(".tmp") for name in leftovers)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to find the workers")
def test_workers_end_when_only_the_main_process_is_killed(tmp_path):
    for i in range(300):
        (tmp_path / f"m{i:03}.py").write_text(OLD, encoding="utf-8")
    process = subprocess.Popen([str(SCRIPT), "--unsafe-fixes", "-j", "2", "--min-python", "2.7", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(children_of(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until the workers exist
    workers = children_of(process.pid)
    assert len(workers) >= 2, "the workers never started"
    process.kill()  # the main process only
    process.wait()
    at_kill = {path.name: path.read_bytes() for path in sorted(tmp_path.iterdir())}
    deadline = time.monotonic() + 30
    while still_running(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = still_running(workers)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []
    # the workers only compute: nothing changed after the kill (they went on rewriting, unreported)
    assert {path.name: path.read_bytes() for path in sorted(tmp_path.iterdir())} == at_kill
