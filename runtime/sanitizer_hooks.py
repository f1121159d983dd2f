"""How the sanitizer sees creations and spawns: an audit hook (3.8+) and wrappers.

:func:`noinherit_ftools.sanitizer_decide.plan` says what is watched on this interpreter.
The audit hook, once added, stays for the life of the process (PEP 578 hooks cannot be
removed): while the sanitizer is off it returns at its first test.  Wrappers replace
module attributes (``os.pipe``...) and are put back by :meth:`Hooks.remove`; code that
bound the function before ``enable()`` (``from os import pipe``) is not seen.

Runs unchanged on CPython 2.7 and 3.6+.
"""

import functools
import sys

try:
    import _thread as _threadmod
except ImportError:  # Python 2
    import thread as _threadmod
try:
    import fcntl as _fcntl_module
except ImportError:  # Windows
    _fcntl_module = None

from . import sanitizer_decide as decide
from .sanitizer_track import MAX_FRAMES, capture

_get_ident = _threadmod.get_ident

#: socket.py functions that make socket objects, named in reports as "socket.<name>".
_SOCKET_MAKERS = ("accept", "socketpair", "create_connection", "create_server", "fromfd",
                  "fromshare", "dup")


def _fd_of(value):
    if isinstance(value, int):
        return value
    try:
        return value.fileno()
    except Exception:
        return None


def _descriptors_in(result):
    """The descriptors in a creation call's result: ints, objects with ``fileno()``,
    and tuples of them (``os.pipe()``, 2.7's ``socket.socketpair()``)."""
    if isinstance(result, (tuple, list)):
        found = []
        for item in result:
            found.extend(_descriptors_in(item))
        return found
    fd = _fd_of(result)
    return [] if fd is None or fd < 0 else [fd]


def duplicating_commands(platform, fcntl_module):
    """The ``fcntl`` commands that return a new descriptor: ``F_DUPFD`` and
    ``F_DUPFD_CLOEXEC`` (its value on ``platform`` where the module lacks the name)."""
    if fcntl_module is None:
        return ()
    dupfd_cloexec = decide.cloexec_constants(platform, None, fcntl_module)[1]
    return tuple(c for c in (getattr(fcntl_module, "F_DUPFD", None), dupfd_cloexec)
                 if c is not None)


def _created_fds(call, args, result, duplicating=()):
    """The descriptors a wrapped creation call made (``call``: "os.pipe"...);
    ``duplicating``: the fcntl commands that make one (:func:`duplicating_commands`)."""
    if call == "os.dup2":
        return [result if isinstance(result, int) else args[1]]  # None before 3.7
    if call == "socket.recv_fds":
        return list(result[1])
    if call in ("open", "io.open") and args and isinstance(args[0], int):
        return []  # wraps an existing descriptor
    if call == "fcntl.fcntl":
        command = args[1] if len(args) > 1 else None
        if command is None or command not in duplicating:
            return []
    return _descriptors_in(result)


def _clears_cloexec(args):
    """``fcntl.fcntl(fd, F_SETFD, flags)`` without FD_CLOEXEC."""
    fcntl = sys.modules.get("fcntl")
    if fcntl is None or len(args) < 3 or args[1] != fcntl.F_SETFD:
        return False
    return isinstance(args[2], int) and not args[2] & fcntl.FD_CLOEXEC


def _exec_label(call, frame):
    """One name per spawn function, whether an event or a wrapper saw it: ``os.exec*``
    (``os.spawn*`` when POSIX ``os.spawnv`` & co. exec in their child), ``os.spawn*``."""
    if call in ("os.exec", "os.execv", "os.execve"):
        return "os.spawn*" if frame.f_code.co_name == "_spawnvef" else "os.exec*"
    if call in ("os.spawn", "os.spawnv", "os.spawnve"):
        return "os.spawn*"
    return call


def _socket_maker(frame):
    """``socket.accept``... when ``frame`` (the caller of a socket's ``__init__``) is one
    of socket.py's functions making socket objects, else ``socket.socket``."""
    if frame is not None and frame.f_globals.get("__name__") == "socket":
        name = frame.f_code.co_name
        if name in _SOCKET_MAKERS:
            return "socket." + name
    return "socket.socket"


def _caller_codes(frame):
    """The code of ``frame`` and of its caller (for :func:`sanitizer_decide.fork_execs`)."""
    return [frame.f_code, frame.f_back.f_code if frame.f_back is not None else None]


class Hooks(object):
    """Feeds creations to a tracker and spawns to a checker.

    ``checker(spawn, stack)`` is called before the child starts and may raise.
    ``active()`` tells whether the sanitizer is on.
    """

    def __init__(self, tracker, checker, active, platform=sys.platform):
        self.tracker = tracker
        self.checker = checker
        self.active = active
        self.platform = platform
        self.duplicating = duplicating_commands(platform, _fcntl_module)
        self.busy = {}         # thread ident -> True while the sanitizer itself works
        self.installed = []    # (owner, name, original, wrapper)
        self.hooked = False
        self.deferred = 0      # forks followed by an exec: checked in the child
        self._events = {
            "open": self._on_open, "socket.__new__": self._on_socket,
            "subprocess.Popen": self._on_popen, "os.posix_spawn": self._on_posix_spawn,
            "os.fork": self._on_fork, "os.forkpty": self._on_fork,
            "os.system": self._on_exec, "os.exec": self._on_exec, "os.spawn": self._on_exec,
        }

    # -- the guard ------------------------------------------------------------------
    def quiet(self):
        """Context manager: the sanitizer's own calls in this thread are not watched."""
        return _Quiet(self.busy)

    # -- audit hook (3.8+) ----------------------------------------------------------
    def add_audit_hook(self):
        if not self.hooked:
            sys.addaudithook(self._audit)
            self.hooked = True

    def _audit(self, event, args):
        handler = self._events.get(event)
        if handler is None or not self.active():
            return
        ident = _get_ident()
        if ident in self.busy:
            return
        self.busy[ident] = True
        try:
            handler(event, sys._getframe(1), args)
        finally:
            self.busy.pop(ident, None)

    def _on_open(self, event, frame, args):
        path, mode, flags = args
        if isinstance(path, int) or (frame.f_globals.get("__name__") or "").startswith(
                ("importlib", "_frozen_importlib")):
            return  # open(fd) makes nothing; imports close what they open
        self.tracker.opened(path, flags, "os.open" if mode is None else "open",
                            capture(frame))

    def _on_socket(self, event, frame, args):
        # frame: socket.socket.__init__; its caller may be accept(), socketpair()...
        self.tracker.socket_made(args[0], _socket_maker(frame.f_back), capture(frame))

    def _on_popen(self, event, frame, args):
        if frame.f_code.co_name == "_execute_child":
            spawn = decide.subprocess_facts(frame.f_locals, self.platform)
        else:  # CPython moved the event: close_fds unknown, treated as False
            spawn = decide.Spawn("subprocess.Popen", decide.SUBPROCESS)
        self.checker(spawn, capture(frame, MAX_FRAMES))

    def _on_posix_spawn(self, event, frame, args):
        if frame.f_code.co_name == "_posix_spawn" and \
                frame.f_code.co_filename.endswith("subprocess.py"):
            return  # Popen's fast path: its subprocess.Popen event was checked
        self.checker(decide.Spawn("os.posix_spawn", decide.EXEC), capture(frame, MAX_FRAMES))

    def _on_fork(self, event, frame, args):
        if decide.fork_execs(_caller_codes(frame)):
            self.deferred += 1
            return  # checked in the child, at its exec
        self.checker(decide.Spawn(event, decide.FORK), capture(frame, MAX_FRAMES))

    def _on_exec(self, event, frame, args):
        self.checker(decide.Spawn(_exec_label(event, frame), decide.EXEC),
                     capture(frame, MAX_FRAMES))

    # -- wrappers ---------------------------------------------------------------------
    def install(self, plan):
        """Add the audit hook (if the plan has events) and install the plan's wrappers."""
        if plan["events"]:
            self.add_audit_hook()
        for module_name, name, role in plan["wrappers"]:
            module = sys.modules.get(module_name)
            if module is None:
                try:
                    __import__(module_name)
                except ImportError:
                    continue
                module = sys.modules[module_name]
            owner, attribute = module, name
            if "." in name:  # "Popen._execute_child", "socket.__init__"
                owner_name, attribute = name.split(".")
                owner = getattr(module, owner_name, None)
            original = getattr(owner, attribute, None) if owner is not None else None
            if original is None:
                continue
            call = "%s.%s" % (module_name, name) if module_name not in (
                "builtins", "__builtin__") else name
            wrapper = self._make_wrapper(role, call, original)
            setattr(owner, attribute, wrapper)
            self.installed.append((owner, attribute, original, wrapper))

    def remove(self):
        """Put every original back (unless someone replaced our wrapper since)."""
        while self.installed:
            owner, attribute, original, wrapper = self.installed.pop()
            current = owner.__dict__.get(attribute) if isinstance(owner, type) else \
                getattr(owner, attribute, None)
            if current is wrapper:
                setattr(owner, attribute, original)

    def _make_wrapper(self, role, call, original):
        maker = {"creates": self._creates, "marks": self._marks, "socket": self._socket_init,
                 "spawns": self._spawns}[role]
        wrapper = maker(call, original)
        try:
            wrapper = functools.wraps(original)(wrapper)
        except (AttributeError, TypeError):
            pass
        wrapper.__wrapped__ = original
        return wrapper

    def _watching(self):
        """The thread ident if this call is to be watched, else None."""
        if not self.active():
            return None
        ident = _get_ident()
        return None if ident in self.busy else ident

    def _creates(self, call, original):
        hooks = self

        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            ident = hooks._watching()
            if ident is not None:
                hooks.busy[ident] = True
                try:
                    stack = capture(sys._getframe(1))
                    if call == "fcntl.fcntl" and _clears_cloexec(args):
                        hooks.tracker.made_inheritable(_fd_of(args[0]), call, stack)
                    for fd in _created_fds(call, args, result, hooks.duplicating):
                        hooks.tracker.created(fd, call, stack)
                finally:
                    hooks.busy.pop(ident, None)
            return result
        return wrapper

    def _marks(self, call, original):
        hooks = self

        def wrapper(fd, inheritable):
            result = original(fd, inheritable)
            ident = hooks._watching()
            if ident is not None and inheritable:
                hooks.busy[ident] = True
                try:
                    hooks.tracker.made_inheritable(fd, call, capture(sys._getframe(1)))
                finally:
                    hooks.busy.pop(ident, None)
            return result
        return wrapper

    def _socket_init(self, call, original):
        hooks = self

        def __init__(sock, *args, **kwargs):
            original(sock, *args, **kwargs)
            ident = hooks._watching()
            if ident is None:
                return
            hooks.busy[ident] = True
            try:
                caller = sys._getframe(1)
                fd = _fd_of(sock)
                if fd is not None and fd >= 0:
                    hooks.tracker.created(fd, _socket_maker(caller), capture(caller))
            finally:
                hooks.busy.pop(ident, None)
        return __init__

    def _spawns(self, call, original):
        hooks = self
        if call == "subprocess.Popen._execute_child":
            code = getattr(original, "__code__", None) or original.__func__.__code__
            names = code.co_varnames[1:code.co_argcount]  # without self

        def wrapper(*args, **kwargs):
            ident = hooks._watching()
            if ident is None:
                return original(*args, **kwargs)
            hooks.busy[ident] = True
            try:
                frame = sys._getframe(1)
                if call == "subprocess.Popen._execute_child":
                    arguments = dict(zip(names, args[1:]))
                    arguments.update(kwargs)
                    hooks.checker(decide.subprocess_facts(arguments, hooks.platform),
                                  capture(frame, MAX_FRAMES))
                elif call in ("os.fork", "os.forkpty"):
                    if decide.fork_execs(_caller_codes(frame)):
                        hooks.deferred += 1
                    else:
                        hooks.checker(decide.Spawn(call, decide.FORK),
                                      capture(frame, MAX_FRAMES))
                else:
                    hooks.checker(decide.Spawn(_exec_label(call, frame), decide.EXEC),
                                  capture(frame, MAX_FRAMES))
                return original(*args, **kwargs)  # quiet: Popen's own fork/pipes
            finally:
                hooks.busy.pop(ident, None)
        return wrapper


class _Quiet(object):
    __slots__ = ("busy", "ident", "nested")

    def __init__(self, busy):
        self.busy = busy

    def __enter__(self):
        self.ident = _get_ident()
        self.nested = self.ident in self.busy
        self.busy[self.ident] = True
        return self

    def __exit__(self, *exc):
        if not self.nested:
            self.busy.pop(self.ident, None)
        return False
