"""`noinherit-fix -j N`: N worker interpreters compute, the main process alone writes and reports.

Each worker is a fresh interpreter (``python -c BOOTSTRAP``, with the parent's ``sys.path``) in a
session of its own, so a Ctrl-C at the terminal reaches only the main process, which then ends
the workers itself (SIGTERM, then SIGKILL): no worker prints a traceback, and no multiprocessing
machinery (queues, semaphores, a resource tracker, a fork server) is left to complain.  Tasks
and results are pickles in length-prefixed frames on the worker's stdin and on a duplicate of its
stdout (stray prints go to stderr).  A worker never writes a user's file, so nothing it does can
go unreported; when the main process dies, the workers read EOF and end after the file at hand.

`ordered_map` yields the results in the order of the items (the output does not depend on -j),
keeps two tasks queued per worker, and turns a worker's death into a result for the item it was
working on (`on_death`); the items queued behind it go to the other workers.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections import deque
from typing import Any, Callable, Deque, Dict, Iterator, List, Sequence

_FRAME = struct.Struct("!Q")
AHEAD = 2  # tasks queued per worker, so that it never waits for the next one
STOP_TIMEOUT = 3.0  # seconds a worker gets to end after SIGTERM (or EOF), before SIGKILL
_EOF = object()


class WorkerDied(Exception):
    """Every worker is gone while items are left."""


def _send(stream, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_FRAME.pack(len(data)) + data)
    stream.flush()


def _receive(stream) -> Any:
    header = stream.read(_FRAME.size)
    if len(header) < _FRAME.size:
        return _EOF
    (size,) = _FRAME.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return _EOF
    return pickle.loads(data)


def _resolve(target: str) -> Callable:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _session_options() -> Dict[str, Any]:
    if os.name == "posix":
        return {"start_new_session": True}
    return {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}


# The worker starts with the parent's sys.path, so it imports exactly what the parent imports.
_BOOTSTRAP = ("import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
              "from noinherit_lint.fixes.workers import _serve; sys.exit(_serve(sys.argv[2], sys.argv[3]))")


class _Worker:
    def __init__(self, setup: str, function: str, results: "queue.Queue") -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _BOOTSTRAP, json.dumps(sys.path), setup, function],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, **_session_options())
        self.pending: Deque[int] = deque()  # indexes sent, oldest (the one being worked on) first
        self.alive = True
        self.status = ""  # how it ended, once it has
        self._results = results
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            while True:
                message = _receive(self.process.stdout)
                if message is _EOF:
                    break
                self._results.put((self, message))
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            pass
        self._results.put((self, _EOF))

    def send(self, index: int, item: Any) -> bool:
        try:
            _send(self.process.stdin, (index, item))
        except (OSError, ValueError):
            return False
        self.pending.append(index)
        return True

    def exit_status(self) -> str:
        try:
            code = self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            return "it stopped answering"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"


def _stop(workers: Sequence[_Worker], *, graceful: bool) -> None:
    """End every worker: EOF (graceful) or SIGTERM, then SIGKILL after STOP_TIMEOUT."""
    for worker in workers:
        try:
            if graceful:
                worker.process.stdin.close()
            else:
                worker.process.terminate()
        except OSError:
            pass
    for worker in workers:
        try:
            worker.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait()
        for stream in (worker.process.stdin, worker.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


def ordered_map(setup: str, function: str, items: Sequence[Any], jobs: int,
                on_death: Callable[[Any, str], Any]) -> Iterator[Any]:
    """`function(item)` for each item, computed in `jobs` workers (each runs `setup()` first),
    yielded in the order of `items`.  Closing the iterator ends the workers at once."""
    results: "queue.Queue" = queue.Queue()
    workers: List[_Worker] = []
    graceful = False
    try:
        workers = [_Worker(setup, function, results) for _ in range(min(jobs, len(items)))]
        todo: Deque[int] = deque(range(len(items)))
        done: Dict[int, Any] = {}

        def feed(worker: _Worker) -> None:
            while worker.alive and todo and len(worker.pending) < AHEAD:
                index = todo.popleft()
                if not worker.send(index, items[index]):
                    todo.appendleft(index)
                    return

        for worker in workers:
            feed(worker)
        for next_index in range(len(items)):
            while next_index not in done:
                if not any(w.alive for w in workers):
                    raise WorkerDied(f"every worker process died ({workers[-1].status})")
                worker, message = _next(results)
                if message is _EOF:
                    _lost(worker, items, todo, done, on_death)
                    for other in workers:
                        feed(other)
                    continue
                index, result = message
                if worker.pending and worker.pending[0] == index:
                    worker.pending.popleft()
                done[index] = result
                feed(worker)
            yield done.pop(next_index)
        graceful = True
    finally:
        _stop(workers, graceful=graceful)


def _next(results: "queue.Queue"):
    while True:  # a timeout keeps the wait interruptible by signals everywhere
        try:
            return results.get(timeout=0.5)
        except queue.Empty:
            continue


def _lost(worker: _Worker, items, todo: Deque[int], done: Dict[int, Any], on_death) -> None:
    """A worker died: its current item gets `on_death`, the ones queued behind it go back."""
    if not worker.alive:
        return
    worker.alive = False
    worker.status = worker.exit_status()
    if worker.pending:
        current = worker.pending.popleft()
        done[current] = on_death(items[current], worker.status)
        todo.extendleft(reversed(worker.pending))
        worker.pending.clear()


def _serve(setup: str, function: str) -> int:
    """The worker: answer tasks until EOF."""
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides when to stop
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not corrupt the channel
    _resolve(setup)()
    run = _resolve(function)
    tasks = sys.stdin.buffer
    while True:
        task = _receive(tasks)
        if task is _EOF:
            return 0
        index, item = task
        try:
            _send(channel, (index, run(item)))
        except (BrokenPipeError, ValueError):
            return 0


def positive_int(value: str) -> int:
    """argparse type of `-j N` and the like: a whole number >= 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value!r}")
    return number


def fewer_garbage_collections() -> None:
    """ast and libcst trees are freed by reference counting; the default collector thresholds make
    CPython scan them again and again (a third of the run time on a stdlib tree).  Called in the
    main process and, through `ordered_map`, in every worker."""
    gc.set_threshold(100_000, 50, 1000)


GC_SETUP = f"{__name__}:fewer_garbage_collections"
