"""`fixes.workers.ordered_map`: results in order, a worker's death is one result, a stop is prompt."""

from __future__ import annotations

import os
import signal

import pytest

from noinherit_lint.fixes.workers import WorkerDied, ordered_map

TARGETS = "tests.cli.worker_targets"


def _died(item, why):
    return ("died", item, why)


def test_results_come_in_the_order_of_the_items_and_stray_prints_do_not_corrupt_them(capfd):
    results = list(ordered_map(f"{TARGETS}:setup", f"{TARGETS}:times_ten", list(range(20)), 3, _died))
    assert results == [i * 10 for i in range(20)]
    assert "stray output must not reach the channel" in capfd.readouterr().err


def test_setup_runs_in_each_worker():
    assert set(ordered_map(f"{TARGETS}:setup", f"{TARGETS}:was_set_up", [1, 2, 3, 4], 2, _died)) == {"yes"}


def test_a_dead_worker_costs_one_item_and_the_others_go_on():
    results = list(ordered_map(f"{TARGETS}:setup", f"{TARGETS}:crash_on_two", list(range(8)), 2, _died))
    assert results == [0, 10, ("died", 2, "exit status 3"), 30, 40, 50, 60, 70]


def test_when_every_worker_is_dead_the_rest_is_not_pretended():
    results = ordered_map(f"{TARGETS}:setup", f"{TARGETS}:crash_on_two", list(range(6)), 1, _died)
    assert [next(results), next(results), next(results)] == [0, 10, ("died", 2, "exit status 3")]
    with pytest.raises(WorkerDied, match="every worker process died"):
        next(results)


class _Alarm(Exception):
    pass


def _worker_pids():
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    command = handle.read()
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == os.getpid() and b"noinherit_lint.fixes.workers" in command and fields[0] != "Z":
                pids.append(int(entry))
    return pids


@pytest.mark.skipif(not hasattr(signal, "setitimer") or not os.path.isdir("/proc"), reason="needs setitimer and /proc")
def test_an_exception_while_waiting_ends_busy_workers_at_once():
    """What a Ctrl-C does: the wait is interrupted, and the workers (busy for a minute) end now."""
    def alarm(signum, frame):
        raise _Alarm()

    old = signal.signal(signal.SIGALRM, alarm)
    results = ordered_map(f"{TARGETS}:setup", f"{TARGETS}:slow", [1, 2, 3], 2, _died)
    try:
        signal.setitimer(signal.ITIMER_REAL, 3.0)
        with pytest.raises(_Alarm):
            next(results)
        assert _worker_pids() == []
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
