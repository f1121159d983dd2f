"""Stop `noinherit-fix` with one signal (or two) mid-run; check how it stopped and what it left.

Used by tests/integration/test_reliability_signals.py (a few stops) and bench/signal_sweep.py
(many).  A stop writes `FILES` leaky modules, starts the codemod on them in its own session,
waits until it has reported a chosen number of rewrites, then sends the signal to the whole
process group (what a terminal does for Ctrl-C) or to the main process (`kill PID`).  `problems`
lists everything that was wrong with it: it did not end within 20 s, ended with another status
than 128 + the signal, took 10 s or more, printed a traceback or other noise, did not close with
its one line, changed a file it did not report (or a file was neither old nor new), changed
files after it had exited, left a worker running, or left a temporary file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from noinherit_lint.fixes.source import fix_source
from noinherit_lint.settings import Settings
from tests.integration.conftest import children_of, still_running

BODY = "".join(f'h{i} = open("f{i}", "w")  # {i}\n' for i in range(60))
OLD = "import subprocess\n" + BODY
NEW = fix_source(OLD, Settings(min_python=(2, 7), min_python_source="test", unsafe_fixes=True)).source
FILES = 300
NOISE = ("Traceback", "Fatal Python error", "resource_tracker", "Exception ignored", "KeyboardInterrupt")
STOP_TIMEOUT = 20  # s: a run still alive then is killed and counted as hung
STOP_PROMPTLY = 10  # s


@dataclass
class Stop:
    signum: int
    code: Optional[int]  # None: still running STOP_TIMEOUT s after the signal (then killed)
    took: float
    lines: List[str]
    at_exit: Dict[str, str]
    later: Dict[str, str]  # the files 2 s after the exit
    workers_left: List[int]


def _tree(root: Path) -> Dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(root.iterdir()) if p.is_file()}


def stop_once(command: Sequence[str], folder: Path, jobs: str, signum: int, whole_group: bool,
              after_lines: int, twice: bool = False) -> Stop:
    """One run of `command` (the codemod) over a fresh `folder`, stopped after `after_lines`
    reported rewrites; `twice`: a second signal 50 ms after the first."""
    folder.mkdir()
    for i in range(FILES):
        (folder / f"m{i:03}.py").write_text(OLD, encoding="utf-8")
    process = subprocess.Popen([*command, "--unsafe-fixes", "-j", jobs, "--min-python", "2.7", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    lines: List[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
    reader.start()
    workers: set = set()
    deadline = time.monotonic() + 120
    while sum(line.startswith("Rewriting") for line in lines) < after_lines and process.poll() is None:
        workers.update(children_of(process.pid))
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            raise AssertionError("the run never started rewriting")
        time.sleep(0.01)
    workers.update(children_of(process.pid))
    if process.poll() is not None:
        raise AssertionError("the run finished before the signal")
    sent = time.monotonic()
    for _ in range(2 if twice else 1):
        if process.poll() is not None:
            break
        if whole_group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        time.sleep(0.05)
    try:
        code: Optional[int] = process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        code = None
    took = time.monotonic() - sent
    reader.join(10)
    at_exit = _tree(folder)
    time.sleep(2)  # a worker still running would go on writing now
    return Stop(signum, code, took, lines, at_exit, _tree(folder), still_running(sorted(workers)))


def problems(stop: Stop) -> List[str]:
    """What was wrong with `stop` (empty: it stopped as README promises)."""
    stderr = "".join(stop.lines)
    found = []
    if stop.code is None:
        return [f"still running {STOP_TIMEOUT} s after the signal"]
    if stop.code != 128 + stop.signum:
        found.append(f"exit status {stop.code}, not {128 + stop.signum}")
    if stop.took >= STOP_PROMPTLY:
        found.append(f"took {stop.took:.1f} s to stop")
    found += [f"printed {noise!r}" for noise in NOISE if noise in stderr]
    closing = stop.lines[-1].rstrip("\n") if stop.lines else ""
    if not (closing.startswith(f"noinherit-fix: stopped by {signal.Signals(stop.signum).name} after ")
            and closing.endswith(f" of {FILES} files; files not reported above were not changed")):
        found.append(f"closing line {closing!r}")
    if not all(line.startswith("Rewriting ") for line in stop.lines[:-1]):
        found.append("other lines than 'Rewriting' before the closing one")
    reported = {Path(line.split(" ", 1)[1].rstrip("\n")).name for line in stop.lines[:-1]
                if line.startswith("Rewriting ")}
    if not set(stop.at_exit.values()) <= {OLD, NEW}:
        found.append("a file neither old nor new")
    changed = {name for name, text in stop.at_exit.items() if text == NEW}
    if changed - reported:
        found.append(f"changed but not reported: {sorted(changed - reported)}")
    if not 0 < len(changed) < FILES:
        found.append(f"{len(changed)} of {FILES} files changed: not stopped mid-run")
    if stop.later != stop.at_exit:
        found.append("files changed after the run had stopped")
    if stop.workers_left:
        found.append(f"workers left running: {stop.workers_left}")
    if sorted(stop.at_exit) != sorted(f"m{i:03}.py" for i in range(FILES)):
        found.append("a temporary file was left")
    return found
