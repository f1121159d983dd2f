"""NIH4xx: fork without exec.  Close-on-exec does not help here: a forked child gets a copy of
*every* descriptor, inheritable or not, and keeps it until it exits or execs."""

from __future__ import annotations

import ast
from typing import Iterator

from noinherit_lint.api import FORK_CALLS, CallSite
from noinherit_lint.findings import Finding, no_fix
from noinherit_lint.registry import FixAvailability, Rule, on_call, on_class_base, register

FORK_DOC = "[`os.fork()`](https://docs.python.org/3/library/os.html#os.fork)"
START_METHODS_DOC = ("[`multiprocessing`: contexts and start methods]"
                     "(https://docs.python.org/3/library/multiprocessing.html#contexts-and-start-methods)")


# --------------------------------------------------------------------------- NIH401

register(Rule(
    "NIH401", "fork-in-threaded-module", "os.fork/os.forkpty/pty.fork in a module that uses threads",
    "all", FixAvailability.NEVER,
    no_fix("the child's code would have to change."),
    f"""
    ## What it does
    Flags `os.fork()`, `os.forkpty()` or `pty.fork()` in a module that uses threads (imports or
    calls `threading`, `_thread`/`thread`, `concurrent.futures.ThreadPoolExecutor`,
    `multiprocessing.pool.ThreadPool`, `socketserver.ThreadingMixIn` ...).

    What it cannot know: whether the fork and the threads ever run in one process -- a module that
    defines alternatives (a copy of `SocketServer` with both `ForkingMixIn` and `ThreadingMixIn`)
    is reported, since a class may combine them.

    ## Why is this bad?
    The child holds a copy of every file, pipe end and socket of the parent, including the ones
    other threads are using at that moment: a pipe reader waits for an EOF that never comes, a
    closed listening socket keeps accepting connections, a `flock` stays held until the child
    exits.  Other threads' locks are copied in whatever state they were (deadlocks); Python 3.12+
    warns (`DeprecationWarning: This process ... is multi-threaded, use of fork() may lead to
    deadlocks in the child`).

    ## Example
    ```python
    import os
    import threading

    threading.Thread(target=serve).start()
    pid = os.fork()
    ```

    ## Use instead
    Start children with `subprocess` (fork+exec, `close_fds=True`) or `multiprocessing` with the
    `"spawn"`/`"forkserver"` start method; or fork before any thread or handle exists.
    ```python
    import subprocess
    import threading

    threading.Thread(target=serve).start()
    child = subprocess.Popen(["worker"], close_fds=True)
    ```

    ## Versions
    Every version, POSIX (Windows has no fork).

    ## References
    - {FORK_DOC}
    - {START_METHODS_DOC}
    """,
))


@on_call(*sorted(FORK_CALLS), reports="NIH401")
def _fork(site: CallSite) -> Iterator[Finding]:
    if site.facts.uses_threads:
        yield site.report(
            "NIH401",
            f"{site.callee}() in a module that uses threads gives the child a copy of every handle "
            "(close-on-exec does not apply) and of other threads' locks; use subprocess, or "
            'multiprocessing with "spawn"/"forkserver"',
        )


# --------------------------------------------------------------------------- NIH402

register(Rule(
    "NIH402", "fork-start-method", 'multiprocessing.set_start_method("fork") / get_context("fork")',
    "all", FixAvailability.NEVER,
    no_fix("spawn/forkserver pickle the target and re-import `__main__`, which code written for fork "
           "may not survive."),
    f"""
    ## What it does
    Flags `multiprocessing.set_start_method("fork")` and `multiprocessing.get_context("fork")`
    (positional or `method=`) in any import style, which covers
    `ProcessPoolExecutor(mp_context=multiprocessing.get_context("fork"))`; and a fork context made
    directly, `multiprocessing.context.ForkContext()`.  The implicit default (fork on Linux up to
    3.13) is not flagged.

    ## Why is this bad?
    Workers are forked, not spawned: each gets a copy of every handle the parent holds when the
    worker starts (files, sockets, pipe ends of other workers).

    ## Example
    ```python
    import multiprocessing

    multiprocessing.set_start_method("fork")
    ```

    ## Use instead
    ```python
    import multiprocessing

    multiprocessing.set_start_method("forkserver")  # or "spawn"
    ```

    ## Versions
    Every version, POSIX.

    ## References
    - {START_METHODS_DOC}
    """,
))


FORK_START = (
    'starts workers that inherit a copy of every handle of the parent; use "forkserver" or "spawn"'
)


@on_call("multiprocessing.set_start_method", "multiprocessing.get_context", reports="NIH402")
def _start_method(site: CallSite) -> Iterator[Finding]:
    method = site.argument(0, "method")
    if isinstance(method, ast.Constant) and method.value == "fork":
        yield site.report("NIH402", f'{site.callee}("fork") {FORK_START}')


@on_call("multiprocessing.context.ForkContext", reports="NIH402")
def _fork_context(site: CallSite) -> Iterator[Finding]:
    yield site.report("NIH402", f"{site.callee}() {FORK_START}")


# --------------------------------------------------------------------------- NIH403

register(Rule(
    "NIH403", "forking-socketserver", "socketserver.ForkingMixIn / ForkingTCPServer / ForkingUDPServer",
    "all", FixAvailability.NEVER,
    no_fix("a threading server shares the process, so the request handler's code would have to be "
           "safe for threads."),
    """
    ## What it does
    Flags `socketserver.ForkingMixIn`, `ForkingTCPServer`, `ForkingUDPServer`,
    `ForkingUnixStreamServer`, `ForkingUnixDatagramServer` (also Python 2's `SocketServer`),
    whether called or used as a base class (`class S(socketserver.ForkingMixIn, TCPServer)`).

    ## Why is this bad?
    Every request is handled in a forked child that holds the listening socket and every other
    handle the server has open; a server that is shut down keeps its port bound while any child
    lives.

    ## Example
    ```python
    import socketserver

    class Server(socketserver.ForkingMixIn, socketserver.TCPServer):
        pass
    ```

    ## Use instead
    Use `ThreadingMixIn`, or open nothing before `serve_forever()` and close what the request
    handler does not need.
    ```python
    import socketserver

    class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
        pass
    ```

    ## Versions
    Every version, POSIX.

    ## References
    - [`socketserver.ForkingMixIn`](https://docs.python.org/3/library/socketserver.html#socketserver.ForkingMixIn)
    """,
))


FORKING_SERVERS = tuple(
    f"socketserver.{name}" for name in (
        "ForkingMixIn", "ForkingTCPServer", "ForkingUDPServer",
        "ForkingUnixStreamServer", "ForkingUnixDatagramServer",
    )
)


def _forking_server_finding(site: CallSite) -> Finding:
    return site.report(
        "NIH403",
        f"{site.callee} handles each request in a forked child that holds the listening socket and "
        "every other handle of the server; use ThreadingMixIn or close what the handler does not need",
    )


@on_call(*FORKING_SERVERS, reports="NIH403")
def _forking_server_call(site: CallSite) -> Iterator[Finding]:
    yield _forking_server_finding(site)


@on_class_base(*FORKING_SERVERS, reports="NIH403")
def _forking_server_base(site: CallSite) -> Iterator[Finding]:
    yield _forking_server_finding(site)
