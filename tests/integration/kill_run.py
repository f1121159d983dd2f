"""SIGKILL `noinherit-fix` at random moments while it rewrites a tree; check what it leaves behind.

Used by tests/integration/test_reliability_interrupt.py (a few kills) and bench/kill_sweep.py
(many).  One *round*: copy the pristine tree, then start the codemod on it and SIGKILL its whole
process group (workers included) after a random delay, `kills` times in a row on the same tree;
after every kill each file must be byte-for-byte either its old content or the content an
uninterrupted run produced on another copy.  Then one uninterrupted run must bring the tree to
exactly that content, with no temporary file left anywhere.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

TEMP_MARKER = ".noinherit-fix-"


def snapshot(root: Path) -> Dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def temp_files(root: Path) -> List[Path]:
    return [p for p in root.rglob("*") if TEMP_MARKER in p.name]


@dataclass
class KillStats:
    kills: int = 0
    kills_mid_write: int = 0  # kills after which some files were new and some still old
    temp_files_seen: int = 0  # temporary files found right after a kill (before the next run)
    files: int = 0
    rewritten: int = 0
    durations: List[float] = field(default_factory=list)


def run_fix(command: Sequence[str], root: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([*command, str(root)], capture_output=True, text=True, timeout=timeout)


def expected_after_fix(command: Sequence[str], pristine: Path,
                       scratch: Path) -> Tuple[Dict[Path, bytes], float]:
    """The tree an uninterrupted run produces (on a copy, so `pristine` stays as it is), and
    how long that run took."""
    shutil.copytree(pristine, scratch)
    start = time.monotonic()
    result = run_fix(command, scratch)
    took = time.monotonic() - start
    assert result.returncode in (0, 1, 2) and "Traceback" not in result.stderr, result.stderr
    assert not temp_files(scratch)
    return snapshot(scratch), took


def kill_once(command: Sequence[str], root: Path, delay: float) -> float:
    """Start the codemod on `root`, SIGKILL its process group after `delay` s; its run time."""
    start = time.monotonic()
    process = subprocess.Popen([*command, str(root)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
    return time.monotonic() - start


def check_old_or_new(root: Path, old: Dict[Path, bytes], new: Dict[Path, bytes]) -> Tuple[int, int]:
    """Every .py file is exactly old or new; returns (files already new, temp files present)."""
    temps = 0
    now_new = 0
    current = snapshot(root)
    assert set(old) <= set(current), "a file disappeared"
    for rel, data in current.items():
        if TEMP_MARKER in rel.name:
            temps += 1
            continue
        assert rel in old, f"unexpected file {rel}"
        assert data in (old[rel], new[rel]), f"{rel} is neither the old nor the new content"
        now_new += data != old[rel]
    return now_new, temps


def kill_round(command: Sequence[str], pristine: Path, work: Path, expected: Dict[Path, bytes],
               kills: int, max_delay: float, rng: random.Random, stats: KillStats) -> None:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(pristine, work)
    old = snapshot(work)
    changed = sum(old[rel] != expected[rel] for rel in old)
    stats.files, stats.rewritten = len(old), changed
    for _ in range(kills):
        stats.durations.append(kill_once(command, work, rng.uniform(0.05, max_delay)))
        now_new, temps = check_old_or_new(work, old, expected)
        stats.kills += 1
        stats.kills_mid_write += 0 < now_new < changed
        stats.temp_files_seen += temps
    final = run_fix(command, work)
    assert "Traceback" not in final.stderr, final.stderr
    assert not temp_files(work), f"temporary files left after the next run: {temp_files(work)}"
    assert snapshot(work) == expected, "the tree differs from an uninterrupted run's result"
