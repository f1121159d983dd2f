"""Lock torture: every way the spawn lock used to hang a process, each probe in its own
child process under a timeout, on Python 2.7 and 3.x (plain runner, no pytest needed):

    python tests/runtime/lock_torture.py                 # every probe
    python tests/runtime/lock_torture.py fork accept     # probes whose name contains these
    python tests/runtime/lock_torture.py --impls ftools,stdlib   # without the controls

A probe runs a scenario with one *implementation* of spawning and handle creation:

* ``ftools``     -- the public API: ``ftools.Popen``, ``ftools.openpty``/``pipe``/``socket``,
                    ``ftools.spawn_lock`` for explicit sections (on Python >= 3.4 on Linux
                    nothing but the explicit sections takes the lock);
* ``spawn_lock`` -- the stdlib calls wrapped in ``ftools.spawn_lock`` by hand, so the lock
                    itself is tortured on every interpreter (it is what macOS uses on 3.x);
* ``stdlib``     -- plain ``subprocess.Popen``/``os.openpty``, no lock: the control, which
                    must not hang either (except where the interpreter's own Popen does:
                    ``INTERPRETER_HANGS``);
* ``previous``   -- the lock ftools had before (a condition variable, writer preference,
                    never reset after fork): the negative control, which must hang in the
                    probes marked ``hangs_with_previous=True`` -- proof that they can
                    fail (``None``: it hangs only with some timings; reported, not required).

A probe passes when its child exits 0 within the timeout and reports no hang.  Prints
one line per probe and implementation and a count line; exits 1 if any failed.
"""

from __future__ import print_function

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

try:
    from tests.runtime.child_wait import exited_within
except ImportError:  # run as a script: this folder is sys.path[0]
    from child_wait import exited_within

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME_DIR = os.path.join(HERE, os.pardir, os.pardir, "runtime")
PROBE_TIMEOUT = 60
SECONDS = float(os.environ.get("FTOOLS_TORTURE_SECONDS", "1.0"))

try:
    import _thread as threadmod
except ImportError:
    import thread as threadmod


# ----------------------------------------------------------------------------------------
# The previous lock (negative control), as it was: a Condition, writer preference, no
# reset after fork, a plain mutex that a signal handler in the same thread deadlocks on
# ----------------------------------------------------------------------------------------

class PreviousLock(object):
    def __init__(self):
        self._cond = threading.Condition(threading.Lock())
        self._readers = {}
        self._writer = None
        self._writers_waiting = 0

    def reading(self):
        return _Sides(self._acquire_read, self._release_read)

    def writing(self):
        return _Sides(self._acquire_write, self._release_write)

    def _acquire_read(self):
        me = threadmod.get_ident()
        with self._cond:
            if self._readers.get(me) or self._writer == me:
                self._readers[me] = self._readers.get(me, 0) + 1
                return
            while self._writer is not None or self._writers_waiting:
                self._cond.wait()
            self._readers[me] = 1

    def _release_read(self):
        me = threadmod.get_ident()
        with self._cond:
            self._readers[me] -= 1
            if not self._readers[me]:
                del self._readers[me]
                self._cond.notify_all()

    def _acquire_write(self):
        me = threadmod.get_ident()
        with self._cond:
            self._writers_waiting += 1
            try:
                while self._writer is not None or self._readers:
                    self._cond.wait()
            finally:
                self._writers_waiting -= 1
            self._writer = me

    def _release_write(self):
        with self._cond:
            self._writer = None
            self._cond.notify_all()


class _Sides(object):
    def __init__(self, acquire, release):
        self.acquire, self.release = acquire, release

    def __enter__(self):
        self.acquire()

    def __exit__(self, *exc):
        self.release()


class _NoLock(object):
    def reading(self):
        return self

    writing = reading

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# ----------------------------------------------------------------------------------------
# Implementations
# ----------------------------------------------------------------------------------------

def close_all(handles):
    for handle in handles:
        if isinstance(handle, int):
            os.close(handle)
        else:
            handle.close()


class Impl(object):
    """spawn(argv) -> Popen; create() makes and closes handles; lock has reading/writing."""

    def __init__(self, name):
        self.name = name
        sys.path.insert(0, RUNTIME_DIR)
        import ftools
        self.ftools = ftools
        if name in ("ftools", "spawn_lock"):
            self.lock = ftools.spawn_lock
        elif name == "previous":
            self.lock = PreviousLock()
        else:
            self.lock = _NoLock()

    def spawn(self, argv=("true",)):
        if self.name == "ftools":
            child = self.ftools.Popen(list(argv))
        else:
            with self.lock.writing():
                child = subprocess.Popen(list(argv))
        return child

    def run(self, argv=("true",)):
        return self.spawn(argv).wait()

    def may_spawn_in_signal_handler(self):
        """False while the stdlib's Popen would deadlock on its own lock.  Python 2.7's
        ``Popen._disabling_gc_lock`` is a plain Lock held around ``gc.disable()``; a signal
        handler that interrupts this thread inside it and calls ``subprocess.Popen`` waits on
        it forever -- the interpreter's hang, not the spawn lock's (stack dumps of hung
        children: the interrupted frame and the handler's both at subprocess.py line 931,
        7 of 120 runs under load).  ftools.Popen has its own section lock and is not spared."""
        if self.name == "ftools":
            return True
        gc_lock = getattr(subprocess.Popen, "_disabling_gc_lock", None)
        return not (hasattr(gc_lock, "locked") and gc_lock.locked())

    def create(self):
        if self.name == "ftools":
            close_all(self.ftools.openpty())
            close_all(self.ftools.pipe())
            close_all([self.ftools.socket()])
        else:
            with self.lock.reading():
                close_all(os.openpty())
            with self.lock.reading():
                close_all(os.pipe())

    def listener(self):
        """ftools: a listener; spawn_lock: one whose accepts take ftools' fallback path
        (wait without the lock, then accept under the read side; Python 2.7 only);
        previous: accepts as the previous ftools did."""
        if self.name == "spawn_lock" and not self.ftools.PASS_THROUGH:
            forced = self.ftools.mechanisms()
            forced.accept = "locked"
            self.ftools._set_mechanisms(forced)
        make = self.ftools.socket if self.name in ("ftools", "spawn_lock") else socket.socket
        server = make(socket.AF_INET, socket.SOCK_STREAM)
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        return server

    def accept(self, server):
        if self.name != "previous":
            return server.accept()
        # the previous 2.7 path: wait for a connection, then accept holding the read side
        import select
        select.select([server], [], [])
        with self.lock.reading():
            return server.accept()


def start(target, *args):
    thread = threading.Thread(target=target, args=args)
    thread.daemon = True
    thread.start()
    return thread


def wait_pid(pid, timeout):
    """True if the child exited in time (else it is killed: a hang)."""
    return exited_within(pid, timeout) is not None


def quiet_fork():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 3.12+: DeprecationWarning, fork with threads
        return os.fork()


# ----------------------------------------------------------------------------------------
# Probes (each runs in a child process; returns a dict with "hangs" and details)
# ----------------------------------------------------------------------------------------

PROBES = []


def probe(hangs_with_previous):
    def register(function):
        function.hangs_with_previous = hangs_with_previous
        PROBES.append(function)
        return function
    return register


def _spawning_thread(impl, stop):
    def loop():
        while not stop.is_set():
            impl.run()
    return start(loop)


def _tries(impl, count):
    """How many children a fork probe starts.  The negative control hangs only when the fork
    lands while the other thread holds the lock (about half the time): it tries up to 12
    children and stops at the first hang (4 tries missed it 1 run in ~16, on 3.13)."""
    return 12 if impl.name == "previous" else count


@probe(hangs_with_previous=True)
def fork_while_another_thread_spawns(impl):
    """A child forked while another thread is inside Popen spawns once itself."""
    stop = threading.Event()
    spawner = _spawning_thread(impl, stop)
    hangs = 0
    forks = _tries(impl, 10)
    for tried in range(1, forks + 1):
        time.sleep(0.01)
        pid = quiet_fork()
        if pid == 0:
            try:
                impl.run()
                with impl.lock.reading():
                    pass
            finally:
                os._exit(0)
        if not wait_pid(pid, 2 if impl.name == "previous" else 10):
            hangs += 1
            if impl.name == "previous":
                break
    stop.set()
    spawner.join(10)
    return {"hangs": hangs, "of": tried}


@probe(hangs_with_previous=True)
def multiprocessing_fork_child_spawns(impl):
    import multiprocessing
    context = multiprocessing.get_context("fork") if hasattr(
        multiprocessing, "get_context") else multiprocessing
    stop = threading.Event()
    spawner = _spawning_thread(impl, stop)
    hangs = 0
    children = _tries(impl, 8)
    for tried in range(1, children + 1):
        time.sleep(0.01)
        child = context.Process(target=impl.run)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            child.start()
        child.join(2 if impl.name == "previous" else 10)
        if child.is_alive():
            hangs += 1
            child.terminate()
            child.join(5)
            if impl.name == "previous":
                break
    stop.set()
    spawner.join(10)
    return {"hangs": hangs, "of": tried}


def _with_timer(handler, interval, body):
    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, interval, interval)
    try:
        return body()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _run_pending_handler()
        signal.signal(signal.SIGALRM, previous)


def _run_pending_handler():
    """Let a SIGALRM caught just before the timer stopped run its handler while it is still
    installed.  Restoring SIG_DFL first makes Python < 3.10 call the int 0 when it gets to the
    pending signal ("TypeError: 'int' object is not callable", bpo-43406), in whatever the main
    thread runs next."""
    deadline = time.time() + 0.05
    while time.time() < deadline:
        try:
            time.sleep(0.005)
        except Exception:  # the handler raised (signal_handlers_raise's Alarm): it ran
            pass


def _workers(impl, stop, count):
    def loop():
        n = 0
        while not stop.is_set():
            impl.create()
            if n % 5 == 0:
                impl.run()
            n += 1
    return [start(loop) for _ in range(count)]


@probe(hangs_with_previous=True)
def signal_handlers_create_and_spawn(impl):
    """A handler every millisecond creates handles (and every 20th spawns) while the main
    thread and two others create handles and spawn."""
    calls = [0]

    def handler(signum, frame):
        calls[0] += 1
        impl.create()
        if calls[0] % 20 == 0 and impl.may_spawn_in_signal_handler():
            impl.run()

    stop = threading.Event()
    workers = _workers(impl, stop, 2)

    def body():
        end = time.time() + SECONDS
        loops = 0
        while time.time() < end:
            impl.create()
            with impl.lock.reading():
                with impl.lock.reading():
                    pass
            if loops % 5 == 0:
                impl.run()
            loops += 1
        return loops

    loops = _with_timer(handler, 0.001, body)
    stop.set()
    for w in workers:
        w.join(10)
    return {"hangs": 0, "handler_calls": calls[0], "loops": loops}


class Alarm(Exception):
    pass


@probe(hangs_with_previous=None)
def signal_handlers_raise(impl):
    """A handler raises every millisecond inside lock sections; afterwards every thread
    can still spawn and create."""
    interrupted = [0]
    errors = []
    armed = [False]  # raise only inside the operations, not in the loop around them

    def handler(signum, frame):
        if armed[0]:
            armed[0] = False
            raise Alarm()

    stop = threading.Event()
    workers = _workers(impl, stop, 2)

    def body():
        end = time.time() + SECONDS
        while time.time() < end:
            try:
                armed[0] = True
                impl.create()
                with impl.lock.writing():
                    with impl.lock.reading():
                        pass
                impl.run()
                armed[0] = False
            except Alarm:
                interrupted[0] += 1
            except Exception as e:  # noqa: B902 -- 2.7's subprocess breaks when interrupted
                armed[0] = False
                errors.append(type(e).__name__)

    _with_timer(handler, 0.001, body)
    stop.set()
    for w in workers:
        w.join(10)
    after = []
    for _ in range(3):
        impl.run()
        impl.create()
        after.append(True)
    other = start(lambda: (impl.run(), impl.create(), after.append(True)))
    other.join(10)
    hung = len(after) != 4
    return {"hangs": int(hung), "interrupted": interrupted[0],
            "stdlib errors while interrupted": len(errors)}


@probe(hangs_with_previous=True)
def reader_waits_on_reader(impl):
    """A reader waits for a thread that needs the read side while writers queue."""
    stop = threading.Event()
    writers = [_spawning_thread(impl, stop) for _ in range(2)]
    rounds = 20
    done = 0
    for _ in range(rounds):
        with impl.lock.reading():
            helper = start(impl.create)
            helper.join(10)
            if helper.is_alive():
                break
        done += 1
    stop.set()
    for w in writers:
        w.join(10)
    return {"hangs": rounds - done, "of": rounds}


@probe(hangs_with_previous=None)
def writer_bursts_do_not_starve_readers(impl):
    """5 threads spawn back to back; 40 threads create; every creator gets in (the audit
    saw none get in for 8 s)."""
    stop = threading.Event()
    counts = [0] * 40

    def reader(index):
        while not stop.is_set():
            with impl.lock.reading():
                counts[index] += 1
            time.sleep(0.001)

    writers = [_spawning_thread(impl, stop) for _ in range(5)]
    readers = [start(reader, i) for i in range(40)]
    time.sleep(max(3.0, 3 * SECONDS))
    stop.set()
    for t in writers + readers:
        t.join(10)
    starved = sum(1 for c in counts if c < 1)
    return {"hangs": starved, "min_reads": min(counts), "readers": len(counts)}


@probe(hangs_with_previous=None)
def accept_pool_does_not_block_spawns(impl):
    """8 threads block in accept() on one listener; spawns go on while none connects, and
    every connection is accepted."""
    server = impl.listener()
    address = server.getsockname()
    accepted = []

    def acceptor():
        while True:
            try:
                conn, _ = impl.accept(server)
            except Exception:  # noqa: B902 -- listener closed at the end
                return
            accepted.append(1)
            conn.close()

    for _ in range(8):
        start(acceptor)
    slowest = 0.0
    connections = 100
    for index in range(connections):
        socket.create_connection(address).close()
        if index % 10 == 0:
            time.sleep(0.02)  # every acceptor blocked again, nothing pending
            began = time.time()
            impl.run()
            slowest = max(slowest, time.time() - began)
    deadline = time.time() + 10
    while len(accepted) < connections and time.time() < deadline:
        time.sleep(0.01)
    return {"hangs": int(slowest > 2.0 or len(accepted) < connections),
            "slowest_spawn": round(slowest, 3), "accepted": len(accepted)}


# ----------------------------------------------------------------------------------------
# Runner
# ----------------------------------------------------------------------------------------

IMPLEMENTATIONS = ["ftools", "spawn_lock", "stdlib", "previous"]
CONTROL_TIMEOUT = 15  # the previous lock is expected to hang: do not wait long


def _dump_stacks_at(seconds_from_now):
    """A daemon thread that writes every thread's stack to stderr after the delay (shown
    when the probe times out).  It sleeps in short steps: on Python 2.7 a signal cuts a
    thread's time.sleep short."""
    import traceback
    deadline = time.time() + seconds_from_now

    def dump():
        while time.time() < deadline:
            time.sleep(0.2)
        for ident, frame in sys._current_frames().items():
            if ident != threadmod.get_ident():
                sys.stderr.write("--- thread %s\n%s" % (
                    ident, "".join(traceback.format_stack(frame)[-8:])))
        sys.stderr.flush()
    start(dump)


def run_child(probe_name, impl_name):
    _dump_stacks_at((CONTROL_TIMEOUT if impl_name == "previous" else PROBE_TIMEOUT) - 3)
    for function in PROBES:
        if function.__name__ == probe_name:
            result = function(Impl(impl_name))
            sys.stdout.write(json.dumps(result) + "\n")
            sys.stdout.flush()
            os._exit(0)  # threads blocked in accept() etc. must not keep the child alive
    raise SystemExit("no probe %r" % probe_name)


# Probes whose hang the interpreter itself causes: major version -> probe -> the impls that
# hang (reported only).  Python 2.7.14+'s subprocess.Popen holds one class-level lock,
# ``_disabling_gc_lock`` (bpo-27448), around gc.isenabled()/gc.disable(); a fork by another
# thread in that window copies it held into the child, which never resets it, so the child's
# first plain subprocess.Popen waits forever (seen with gdb: subprocess.py line 931, ``with
# self._disabling_gc_lock``; every fork child that started with it held hung).  The impls that
# call the stdlib's Popen hang so; ftools.Popen does not wait on a stale copy (it must not hang).
_STDLIB_POPEN = ("stdlib", "spawn_lock")
INTERPRETER_HANGS = {2: {"multiprocessing_fork_child_spawns": _STDLIB_POPEN,
                         "fork_while_another_thread_spawns": _STDLIB_POPEN}}


def run_probe(function, impl_name):
    """(passed, line)."""
    timeout = CONTROL_TIMEOUT if impl_name == "previous" else PROBE_TIMEOUT
    command = [sys.executable, os.path.abspath(__file__), "--child", function.__name__,
               impl_name]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    started = time.time()
    while child.poll() is None and time.time() - started < timeout:
        time.sleep(0.02)
    timed_out = child.poll() is None
    if timed_out:
        child.kill()
    out, err = child.communicate()
    elapsed = time.time() - started
    result = None
    if not timed_out and child.returncode == 0:
        try:
            result = json.loads(out.decode().strip().splitlines()[-1])
        except (ValueError, IndexError):
            result = None
    hung = timed_out or result is None or result.get("hangs")
    if impl_name == "previous":  # True: must hang; None: timing-dependent, reported only
        passed = bool(hung) if function.hangs_with_previous else True
        verdict = "hung (expected)" if hung else (
            "no hang (the control did not reproduce the hang this time)")
    elif impl_name in INTERPRETER_HANGS.get(sys.version_info[0], {}).get(function.__name__, ()):
        passed = True  # the stdlib's own Popen hangs: the interpreter's, reported only
        verdict = "no hang" if not hung else "hung (the interpreter itself; reported only)"
    else:
        passed = not hung
        verdict = "no hang" if not hung else "HUNG"
    detail = "timed out after %ds" % timeout if timed_out else (
        json.dumps(result, sort_keys=True) if result is not None else
        "exit %s: %s" % (child.returncode, err.decode("utf-8", "replace")[-300:]))
    if timed_out and not passed:
        detail += "; the child's threads then:\n" + err.decode("utf-8", "replace")[-4000:]
    return passed, "%s %s [%s] %s (%.1fs): %s" % (
        "PASS" if passed else "FAIL", function.__name__, impl_name, verdict, elapsed, detail)


def main(argv):
    """argv: words selecting probes; ``--impls a,b`` selects implementations."""
    if argv[:1] == ["--child"]:
        return run_child(argv[1], argv[2])
    impls = IMPLEMENTATIONS
    if "--impls" in argv:
        at = argv.index("--impls")
        impls = argv[at + 1].split(",")
        argv = argv[:at] + argv[at + 2:]
    if not hasattr(os, "fork"):
        print("python %s: 0 passed, 0 failed, 1 skipped (needs POSIX)" % sys.version.split()[0])
        return 0
    counts = {True: 0, False: 0}
    for function in PROBES:
        if argv and not any(word in function.__name__ for word in argv):
            continue
        for impl_name in impls:
            if impl_name == "previous" and function.hangs_with_previous is False:
                continue
            passed, line = run_probe(function, impl_name)
            counts[passed] += 1
            print(line)
            sys.stdout.flush()
    print("python %s: %d passed, %d failed" % (sys.version.split()[0], counts[True],
                                               counts[False]))
    return 1 if counts[False] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
