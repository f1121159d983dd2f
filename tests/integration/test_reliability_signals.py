"""One Ctrl-C (or a kill) stops `noinherit-fix` promptly and cleanly (issue 12).

Before: with -j 2, Ctrl-C hung in 5 of 46 tries until a second signal (which printed a traceback),
workers printed tracebacks, "Fatal Python error" and resource_tracker warnings, and after Ctrl-C
or a kill the workers went on rewriting files that were never reported (70 changed, 19 reported).
Now, after each stop: the exit status is 128 + the signal within seconds, stderr has one closing
line and no traceback, every file is old or new, exactly the reported files are new, nothing
changes afterwards, and no worker is left (`stop_run.problems`).  bench/signal_sweep.py makes
many such stops.
"""

from __future__ import annotations

import os
import random
import signal

import pytest

from tests.integration.conftest import tool
from tests.integration.stop_run import problems, stop_once

pytestmark = [pytest.mark.slow,  # see README: Development
              pytest.mark.skipif(not os.path.isdir("/proc") or not hasattr(os, "killpg"),
                                 reason="needs Linux /proc and process groups")]


@pytest.mark.parametrize("jobs, signum, whole_group, twice", [
    ("2", signal.SIGINT, True, False),
    ("2", signal.SIGTERM, False, False),
    ("1", signal.SIGINT, True, False),
    ("2", signal.SIGINT, True, True),  # the second Ctrl-C printed a traceback, then killed the run
], ids=["ctrl-c-j2", "kill-j2", "ctrl-c-j1", "ctrl-c-twice-j2"])
def test_one_signal_stops_the_run_and_every_change_is_reported(tmp_path, jobs, signum, whole_group, twice):
    rng = random.Random(signum * 10 + int(jobs) + 100 * twice)
    for attempt in range(4 if jobs == "2" else 2):
        stop = stop_once(tool("noinherit-fix"), tmp_path / f"try{attempt}", jobs, signum, whole_group,
                         after_lines=rng.randint(1, 12), twice=twice)
        assert problems(stop) == [], "".join(stop.lines)
