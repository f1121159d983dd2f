"""Runtime inheritance sanitizer: at every spawn, name each descriptor the child receives.

Static rules cannot see descriptors made by C extensions, ctypes or ``os.dup2`` inside
helpers, nor know whether a spawn really happens while a handle is open.  This module
watches the running program instead::

    from noinherit_ftools import sanitizer
    sanitizer.enable(mode="warn")           # or "raise", or "record", report="leaks.jsonl"

or, without touching the code (``python script.py args`` with a check at each spawn)::

    python -m noinherit_ftools.sanitizer [--mode MODE] [--report PATH] script.py args...

At every spawn it computes the descriptors the child really receives:

* ``subprocess`` with ``close_fds=True``: only ``pass_fds`` and the standard streams,
  which were passed on purpose: nothing to report (no scan is made);
* ``close_fds=False``, ``os.system``, ``os.exec*``, ``os.spawn*``, ``posix_spawn``
  (and 2.7's ``os.popen``): every inheritable descriptor;
* ``fork()`` without ``exec``: every descriptor, and whether other threads were alive
  (a fork whose calling function also calls an ``os.exec*`` function is a fork+exec:
  it is checked in the child, at the exec, where the answer is exact);

minus a baseline taken at ``enable()`` (what the process itself inherited, compared by
identity, so a number reused later counts), minus 0/1/2 and the sanitizer's own
descriptor.  For each one: the number, what it is (path, socket with addresses, pipe,
pty...), where it was made when known and where it was made inheritable, and the
stack of the spawn.  ``warn`` prints one block to the standard error the process had
at ``enable()``; ``raise`` raises :class:`LeakError` in the spawning thread before the
child starts; ``record`` keeps the records (:func:`records`); ``report=PATH`` also
appends each one as a JSON line (forked children append to the same file).

How it sees them: on Python 3.8+ an audit hook (PEP 578: the spawn events, ``open``
and ``socket.__new__``), plus wrappers around the calls that raise no event
(``os.pipe``, ``pipe2``, ``dup``, ``dup2``, ``openpty``, ``memfd_create``,
``eventfd``, ``set_inheritable``, ``fcntl.fcntl``, ``socket.recv_fds``); on 2.7, 3.6
and 3.7 wrappers only (also around ``open``, ``io.open``, ``os.open``, socket
objects, ``Popen._execute_child``, ``os.system``, ``os.exec*``, ``os.fork``,
``os.forkpty``, and 2.7's ``os.popen``).  A descriptor made where nothing is seen
(C code, ``ctypes``) is still reported at the spawn, with an unknown maker.

Off, it costs nothing: importing this module installs nothing.  Linux is the platform
it was run on; macOS and Windows decisions are unit-tested with the platform simulated.
No dependencies; runs unchanged on CPython 2.7 and 3.6+.
"""

from __future__ import print_function

import os
import sys

from . import sanitizer_decide as decide
from . import sanitizer_fds as fds
from . import sanitizer_report as report
from .sanitizer_hooks import Hooks
from .sanitizer_track import Tracker, site

MODES = ("warn", "raise", "record")
#: Records kept in memory per process (the report file keeps them all).
MAX_RECORDS = 10000

__all__ = ["enable", "disable", "enabled", "records", "LeakError", "MODES", "main"]


class LeakError(Exception):
    """Raised in ``raise`` mode, before the child starts; ``.record`` holds the finding."""

    def __init__(self, record):
        Exception.__init__(self, report.block(record).rstrip("\n"))
        self.record = record


def _python_version():
    return "%d.%d.%d" % tuple(sys.version_info[:3])


class _Sanitizer(object):
    """The state of one process (a forked child starts with a copy of it)."""

    def __init__(self):
        self.on = False
        self.mode = "warn"
        self.report_path = None
        self.context = None
        self.records = []
        self.spawns = 0      # spawns checked in this process
        self.baseline = {}
        self.own = set()
        self.stderr_fd = None
        self.tracker = Tracker(fds.identity)
        self.hooks = Hooks(self.tracker, self.check, self._active)

    def _active(self):
        return self.on

    def start(self, mode, report_path):
        with self.hooks.quiet():
            self.mode = mode
            self.report_path = os.path.abspath(report_path) if report_path else None
            if self.on:
                return
            if self.stderr_fd is None:
                self.stderr_fd = _private_copy_of_stderr()
                if self.stderr_fd is not None:
                    self.own.add(self.stderr_fd)
            self.baseline = dict((fd, fds.identity(fd)) for fd in fds.open_fds()
                                 if fd not in self.own)
            self.hooks.install(decide.plan(sys.version_info, sys.platform))
            self.on = True

    def stop(self):
        self.on = False
        self.hooks.remove()

    # -- the check at a spawn ---------------------------------------------------------
    def receiving(self, spawn):
        """The descriptors the child of ``spawn`` would receive (baseline, own left out)."""
        if not spawn.needs_scan():
            return []
        baseline, own, identity = self.baseline, self.own, fds.identity
        if spawn.kind == decide.FORK:  # every descriptor: one fstat each, no flag needed
            state = {}
            for fd in fds.open_fds():
                if fd not in own:
                    now = identity(fd)
                    if now is not None and baseline.get(fd) != now:
                        state[fd] = True
            return decide.receives(spawn, state)
        state = fds.inheritability(False, own)
        return [fd for fd in decide.receives(spawn, state)
                if fd not in baseline or identity(fd) != baseline[fd]]

    def check(self, spawn, stack):
        """Called before the child starts; reports (and in ``raise`` mode raises)."""
        self.spawns += 1
        leaking = self.receiving(spawn)
        threads = fds.other_threads() if spawn.kind == decide.FORK else None
        if not leaking and not (threads and threads[0]):
            return
        self.deliver(self.record(spawn, stack, leaking, threads))

    def record(self, spawn, stack, leaking, threads):
        descriptors = []
        for fd in leaking:
            entry = fds.describe(fd)
            identity = fds.identity(fd)
            created = self.tracker.creation(fd, identity, entry.get("path"))
            marked = self.tracker.marking(fd, identity)
            entry.update(fd=fd, created=created.to_json() if created else None,
                         made_inheritable=marked.to_json() if marked else None)
            descriptors.append(entry)
        where = site(stack)
        return {
            "sanitizer": "noinherit", "pid": os.getpid(), "python": _python_version(),
            "platform": sys.platform, "call": spawn.call, "kind": spawn.kind,
            "close_fds": spawn.close_fds, "pass_fds": list(spawn.pass_fds),
            "site": list(where) if where else None,
            "stack": [list(frame) for frame in stack],
            "threads": {"count": threads[0], "names": threads[1]} if threads else None,
            "context": self.context, "descriptors": descriptors,
        }

    def deliver(self, record):
        if len(self.records) < MAX_RECORDS:
            self.records.append(record)
        if self.report_path:
            report.append_line(self.report_path, report.to_json_line(record))
        if self.mode == "warn":
            self.warn(report.block(record))
        elif self.mode == "raise":
            raise LeakError(record)

    def warn(self, text):
        try:
            sys.stderr.flush()
        except Exception:
            pass
        if self.stderr_fd is not None:
            try:
                report.write_all(self.stderr_fd, text)
                return
            except OSError:
                pass
        sys.stderr.write(text)


def _private_copy_of_stderr():
    """A non-inheritable copy of descriptor 2, so that warnings reach the terminal the
    process started with even after the program (or a forked child) redirects 2."""
    try:
        fd = os.dup(2)
    except OSError:
        return None
    if not hasattr(os, "set_inheritable"):  # 2.7: os.dup is inheritable
        try:
            import fcntl
            fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.fcntl(fd, fcntl.F_GETFD) | fcntl.FD_CLOEXEC)
        except (ImportError, IOError, OSError):
            pass
    return fd


_sanitizer = None


def _instance():
    global _sanitizer
    if _sanitizer is None:
        _sanitizer = _Sanitizer()
    return _sanitizer


def enable(mode="warn", report=None):
    """Check every spawn from now on; take the baseline (if not already on).

    ``mode``: ``"warn"`` (a block on standard error), ``"raise"`` (:class:`LeakError`
    in the spawning thread, the child is not started) or ``"record"`` (kept for
    :func:`records`).  ``report``: a path that each record is appended to as a JSON
    line, in every mode.  Called again while on, it changes the mode and the report
    and keeps the baseline.
    """
    if mode not in MODES:
        raise ValueError("mode must be one of %s, not %r" % (", ".join(MODES), mode))
    _instance().start(mode, report)


def disable():
    """Stop checking and put the wrapped functions back (an audit hook, on 3.8+,
    stays installed but does nothing)."""
    if _sanitizer is not None:
        _sanitizer.stop()


def enabled():
    return _sanitizer is not None and _sanitizer.on


def records():
    """The records made in this process so far (a list of dicts, oldest first)."""
    return list(_sanitizer.records) if _sanitizer is not None else []


def spawns_checked():
    """``(checked, deferred)``: the spawns this process checked, and its forks followed
    by an exec, which their children checked at the exec."""
    if _sanitizer is None:
        return 0, 0
    return _sanitizer.spawns, _sanitizer.hooks.deferred


def clear_records():
    if _sanitizer is not None:
        del _sanitizer.records[:]


def set_context(value):
    """Tag the next records with ``value`` (the pytest plugin: the running test's id).
    Forked children inherit it."""
    _instance().context = value


# --------------------------------------------------------------------------------------
# python -m noinherit_ftools.sanitizer [--mode MODE] [--report PATH] script.py args...
# --------------------------------------------------------------------------------------

PROG = "python -m noinherit_ftools.sanitizer"
USAGE = "usage: %s [--mode warn|raise|record] [--report PATH] script.py [args...]" % PROG


HELP = """
Runs script.py as `python script.py args...` would (argv, __main__, exit status), and at
every spawn reports the descriptors the child receives that were not passed on purpose.

  --mode warn    print one block per spawn to standard error (the default)
  --mode raise   raise noinherit_ftools.sanitizer.LeakError before the child starts
  --mode record  only keep the records (with --report: append them as JSON lines)
  --report PATH  append every record to PATH as one JSON line (any mode)"""


class _UsageError(Exception):
    pass


def _parse(argv):
    mode, report_path = "warn", None
    index = 0
    while index < len(argv):
        argument = argv[index]
        if argument in ("-h", "--help"):
            return None
        if not argument.startswith("-") or argument == "-":
            break
        if argument == "--":
            index += 1
            break
        name, _, value = argument.partition("=")
        if name not in ("--mode", "--report"):
            raise _UsageError("unknown option %s" % argument)
        if not _:
            index += 1
            if index >= len(argv):
                raise _UsageError("%s needs a value" % name)
            value = argv[index]
        if name == "--mode":
            if value not in MODES:
                raise _UsageError("--mode must be one of %s, not %r" % (", ".join(MODES),
                                                                        value))
            mode = value
        else:
            report_path = value
        index += 1
    if index >= len(argv):
        raise _UsageError("no script given")
    return mode, report_path, argv[index], argv[index + 1:]


def main(argv=None):
    """Run ``script.py args...`` as ``python script.py args...`` would, checked."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        parsed = _parse(argv)
    except _UsageError as exc:
        sys.stderr.write("%s\n%s: error: %s\n" % (USAGE, PROG, exc))
        return 2
    if parsed is None:
        print(USAGE)
        print(HELP)
        return 0
    mode, report_path, script, arguments = parsed
    try:
        with open(script, "rb") as f:
            source = f.read()
    except (IOError, OSError) as exc:
        sys.stderr.write("%s: can't open file %r: [Errno %s] %s\n" % (
            PROG, script, exc.errno, exc.strerror))
        return 2
    try:
        code = compile(source, script, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, TypeError):
        _print_exception(sys.exc_info(), skip_own=False)
        return 1
    enable(mode, report_path)
    return _run_as_main(code, script, arguments)


def _main_module(script):
    import types
    module = types.ModuleType("__main__")
    module.__dict__.update({
        "__file__": os.path.abspath(script) if sys.version_info >= (3, 9) else script,
        "__builtins__": sys.modules["__builtin__" if sys.version_info[0] == 2
                                    else "builtins"],
        "__package__": None, "__cached__": None, "__spec__": None, "__loader__": None,
    })
    return module


def _run_as_main(code, script, arguments):
    module = _main_module(script)
    sys.modules["__main__"] = module
    sys.argv[:] = [script] + list(arguments)
    sys.path[0] = os.path.dirname(os.path.realpath(script))
    try:
        exec(code, module.__dict__)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        raise  # the interpreter exits as Python does on Ctrl-C
    except BaseException:
        _print_exception(sys.exc_info(), skip_own=True)
        return 1
    return 0


def _print_exception(info, skip_own):
    """Print through ``sys.excepthook`` without this module's frames."""
    kind, value, traceback = info
    if skip_own:
        here = os.path.splitext(os.path.abspath(__file__))[0]
        while traceback is not None and os.path.splitext(os.path.abspath(
                traceback.tb_frame.f_code.co_filename))[0] == here:
            traceback = traceback.tb_next
        if hasattr(value, "with_traceback"):  # Python 3 prints value.__traceback__
            value = value.with_traceback(traceback)
    sys.excepthook(kind, value, traceback)


if __name__ == "__main__":
    # Run the real module (noinherit_ftools.sanitizer), not this __main__ copy, so that
    # the script's own `from noinherit_ftools import sanitizer` shares its state.
    _name = getattr(globals().get("__spec__"), "name", None) or \
        (__package__ or "noinherit_ftools") + ".sanitizer"
    __import__(_name)
    sys.exit(sys.modules[_name].main())
