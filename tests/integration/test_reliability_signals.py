"""One Ctrl-C (or a kill) stops `noinherit-fix` promptly and cleanly (issue 12).

Before: with -j 2, Ctrl-C hung in 5 of 46 tries until a second signal (which printed a traceback),
workers printed tracebacks, "Fatal Python error" and resource_tracker warnings, and after Ctrl-C
or a kill the workers went on rewriting files that were never reported (70 changed, 19 reported).
Now, after each stop: the exit status is 128 + the signal within seconds, stderr has one closing
line and no traceback, every file is old or new, exactly the reported files are new, nothing
changes afterwards, and no worker is left.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import List

import pytest

from noinherit_lint.fixes.source import fix_source
from noinherit_lint.settings import Settings
from tests.integration.conftest import children_of, still_running, tool

BODY = "".join(f'h{i} = open("f{i}", "w")  # {i}\n' for i in range(60))
OLD = "import subprocess\n" + BODY
NEW = fix_source(OLD, Settings(min_python=(2, 7), min_python_source="test")).source
FILES = 300
NOISE = ("Traceback", "Fatal Python error", "resource_tracker", "Exception ignored", "KeyboardInterrupt")

pytestmark = [pytest.mark.slow,  # see README: Development
              pytest.mark.skipif(not os.path.isdir("/proc") or not hasattr(os, "killpg"),
                                 reason="needs Linux /proc and process groups")]


def _tree(root: Path) -> dict:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(root.iterdir()) if p.is_file()}


def _stop_once(folder: Path, jobs: str, signum: int, whole_group: bool, after_lines: int, twice: bool):
    for i in range(FILES):
        (folder / f"m{i:03}.py").write_text(OLD, encoding="utf-8")
    process = subprocess.Popen(tool("noinherit-fix") + ["-j", jobs, "--min-python", "2.7", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    lines: List[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
    reader.start()
    workers: set = set()
    deadline = time.monotonic() + 120
    while sum(line.startswith("Rewriting") for line in lines) < after_lines and process.poll() is None:
        workers.update(children_of(process.pid))
        assert time.monotonic() < deadline, "the run never started rewriting"
        time.sleep(0.01)
    workers.update(children_of(process.pid))
    assert process.poll() is None, "the run finished before the signal"
    sent = time.monotonic()
    for _ in range(2 if twice else 1):  # a second Ctrl-C, 50 ms later, while the run winds down
        if process.poll() is not None:
            break
        if whole_group:  # what a terminal does for Ctrl-C
            os.killpg(process.pid, signum)
        else:  # `kill PID`
            process.send_signal(signum)
        time.sleep(0.05)
    try:
        code = process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the run did not stop within 20 s of one signal")
    took = time.monotonic() - sent
    reader.join(10)
    at_exit = _tree(folder)
    time.sleep(2)  # a worker still running would go on writing now
    return code, took, lines, at_exit, _tree(folder), still_running(sorted(workers))


@pytest.mark.parametrize("jobs, signum, whole_group, twice", [
    ("2", signal.SIGINT, True, False),
    ("2", signal.SIGTERM, False, False),
    ("1", signal.SIGINT, True, False),
    ("2", signal.SIGINT, True, True),  # the second Ctrl-C printed a traceback
], ids=["ctrl-c-j2", "kill-j2", "ctrl-c-j1", "ctrl-c-twice-j2"])
def test_one_signal_stops_the_run_and_every_change_is_reported(tmp_path, jobs, signum, whole_group, twice):
    rng = random.Random(signum * 10 + int(jobs) + 100 * twice)
    tries = 4 if jobs == "2" else 2
    for attempt in range(tries):
        folder = tmp_path / f"try{attempt}"
        folder.mkdir()
        code, took, lines, at_exit, later, workers_left = _stop_once(
            folder, jobs, signum, whole_group, after_lines=rng.randint(1, 12), twice=twice)
        stderr = "".join(lines)
        assert code == 128 + signum, stderr
        assert took < 10, f"took {took:.1f} s to stop"
        assert not any(noise in stderr for noise in NOISE), stderr
        closing = lines[-1].rstrip("\n")
        assert closing.startswith(f"noinherit-fix: stopped by {signal.Signals(signum).name} after "), stderr
        assert closing.endswith(f" of {FILES} files; files not reported above were not changed")
        assert all(line.startswith("Rewriting ") for line in lines[:-1]), stderr
        reported = {Path(line.split(" ", 1)[1].rstrip("\n")).name for line in lines[:-1]}
        assert set(at_exit.values()) <= {OLD, NEW}
        changed = {name for name, text in at_exit.items() if text == NEW}
        assert changed == reported, f"changed but not reported: {sorted(changed - reported)}"
        assert 0 < len(changed) < FILES
        assert later == at_exit, "files changed after the run had stopped"
        assert workers_left == []
        assert sorted(at_exit) == sorted(f"m{i:03}.py" for i in range(FILES))  # no temporary file left
