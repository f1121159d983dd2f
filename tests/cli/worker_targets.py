"""Functions that `tests/cli/test_workers.py` runs in worker processes."""

import os
import time


def setup() -> None:
    os.environ["NIH_TEST_SET_UP"] = "yes"


def times_ten(item: int) -> int:
    print("stray output must not reach the channel")
    return item * 10


def crash_on_two(item: int) -> int:
    if item == 2:
        os._exit(3)
    return item * 10


def was_set_up(item: int) -> str:
    return os.environ.get("NIH_TEST_SET_UP", "no")


def slow(item: int) -> int:
    time.sleep(60)
    return item
