"""ftools: create files, sockets and pipes that child processes do not inherit.

Drop-in replacements for the standard-library calls that create file descriptors
(POSIX) or handles (Windows).  Each takes the same arguments, returns the same kind of
object and raises the same exceptions as the call it replaces *on the running
interpreter*; the difference is that the new descriptor is not inherited by child
processes started with ``exec`` (``subprocess`` with ``close_fds=False``, ``os.system``,
``os.spawn*``, ``os.exec*``) or by ``CreateProcess(bInheritHandles=TRUE)`` on Windows.

This file has no dependencies and runs unchanged on CPython 2.7 and 3.4+ (3.0-3.3 are
not supported: importing it there raises ImportError).  Use it as
``from noinherit_ftools import ftools`` (installed) or copy it, with ``ftools.pyi``,
into a project (``noinherit-fix --vendor``) and ``import ftools``.

Python >= 3.4 (PEP 446)
-----------------------
The standard library already creates every one of these handles non-inheritable.
``ftools.open``, ``ftools.socket``, ``ftools.FileHandler``, ``ftools.Popen``... *are* the
standard-library objects, looked up each time the attribute is read: ``ftools.open is
builtins.open`` (or whatever ``mock.patch("builtins.open")`` put there), ``ftools.socket
is socket.socket``.  So they are the stdlib's own classes (subclassable, ``isinstance``,
nameable in ``dictConfig``), add no frame (warnings point at the caller) and no system
call.  On macOS, where CPython makes sockets and pipes non-inheritable in a second step,
``socket``, ``create_connection``, ``socketpair``, ``pipe`` and ``openpty`` hold the read
side of :data:`spawn_lock` and ``Popen`` is a ``subprocess.Popen`` subclass holding the
write side (on Windows before 3.7 only ``Popen``, so that two redirected Popens do not
hand each other's pipe handles to their children); on Linux and on Windows 3.7+ nothing
takes the lock.  On Linux ``openpty`` is ftools' own (CPython marks its descriptors in a
second step): ``/dev/ptmx`` and the slave are opened with ``O_CLOEXEC``.

Python 2.7
----------
Atomic wherever the platform allows it:

* ``open``: the C library's close-on-exec ``fopen`` mode letter (glibc/musl/FreeBSD
  ``'e'``, MSVCRT ``'N'``) when a probe shows it works; the result is a ``file``
  subclass whose ``.mode`` and ``repr`` hide the letter (``f.__init__`` reopens with it).
* ``os_open``, ``io_open``: ``O_CLOEXEC`` (value probed: 2.7 lacks the name) or
  ``O_NOINHERIT``.  ``codecs_open``, ``copyfile``/``copy``/``copy2`` and the logging file
  handlers build on ``open``.
* ``socket`` (a ``socket.socket`` subclass), ``create_connection``, the logging socket
  handlers: ``SOCK_CLOEXEC`` (probed) on Linux/FreeBSD.  The raw ``_socket`` object
  underneath is ftools' own subclass, so ``accept`` is atomic too (libc's
  ``accept4(SOCK_CLOEXEC)`` through ctypes), also through ``ssl.wrap_socket``.
  ``.type`` hides the flag unless the caller passed it.
* ``socketpair``, ``fromfd`` and a raw socket's ``dup``: ``SOCK_CLOEXEC`` and libc's
  ``dup3(O_CLOEXEC)`` (raw ``_socket.socket`` objects, like 2.7's).  ``pipe``: libc's
  ``pipe2(O_CLOEXEC)``.  ``dup``: ``fcntl(F_DUPFD_CLOEXEC)``.  ``openpty`` on Linux:
  ``/dev/ptmx`` and the slave opened with ``O_CLOEXEC``.
* No atomic mechanism (``openpty`` elsewhere; sockets on macOS and Windows; anything whose probe
  failed): the handle is created and marked while holding the read side of
  :data:`spawn_lock`, whose write side ``ftools.Popen`` holds while it starts a child.
  That protects children started through ``ftools.Popen`` only.  Without ``fcntl`` the
  handles are left as the stdlib makes them.

``spawn_lock`` (the model is Go's ``syscall.ForkLock``)
------------------------------------------------------
A reader/writer lock that cannot hang the process: it is reset in a forked child;
every state change is one atomic operation, so a signal handler may take it again in
the same thread (a nested read, or a spawn that then does not wait for the interrupted
section) and an exception raised by a handler cannot leave it held (a holding whose
``with`` frame is gone is dropped by the next waiter); readers that wait long enough on a
writer that is still waiting for readers get in (no reader-waits-on-reader deadlock),
and readers passed over by one writer go before the next (no starvation).  It does not
protect spawns that do not take it (``subprocess.Popen`` called directly, ``os.system``,
``os.spawn*``, C code).  Hold the write side only while a child is *started*, never while
it runs: ``ftools.Popen(cmd, shell=True).wait()`` rather than ``os.system(cmd)``.

What it never does
------------------
Close-on-exec does not help against ``fork()`` without ``exec`` (multiprocessing's fork
start method, ``os.fork``): the child gets every descriptor.  Wrapping an existing
descriptor (``open(fd)``, ``os.fdopen``) creates nothing and is passed through
unchanged.  Handles created by other code (C extensions, ``os.dup2``) are not touched.
"""

import errno as _errno
import os as _os
import sys as _sys

if (3, 0) <= _sys.version_info[:2] < (3, 4):
    raise ImportError("ftools runs on Python 2.7 and 3.4+, not %d.%d" % _sys.version_info[:2])

try:
    import _thread as _threadmod
except ImportError:  # Python 2
    import thread as _threadmod

__version__ = "0.2.0"

__all__ = [
    "open", "io_open", "codecs_open", "os_open",
    "copyfile", "copy", "copy2",
    "socket", "create_connection", "socketpair", "fromfd",
    "FileHandler", "RotatingFileHandler", "TimedRotatingFileHandler", "WatchedFileHandler",
    "SocketHandler", "DatagramHandler",
    "pipe", "dup", "openpty",
    "spawn_lock", "Popen",
    "O_CLOEXEC", "SOCK_CLOEXEC", "F_DUPFD_CLOEXEC",
]

#: True where the standard library already creates non-inheritable handles (PEP 446).
PASS_THROUGH = _sys.version_info >= (3, 4)
_WINDOWS = _sys.platform == "win32"

#: Everything computed on first use, in one place: imported modules ("module:NAME"),
#: the mechanisms, ctypes functions, classes.  Tests that force a mechanism clear it.
_lazy = {}


def _module(name):
    """The module ``name``, imported on first use (keeps importing ftools cheap).

    Goes through ``__import__`` once per name, which waits if another thread is still
    initialising the module (``sys.modules`` alone may hold a half-initialised one).
    """
    key = "module:" + name
    try:
        return _lazy[key]
    except KeyError:
        __import__(name)
        module = _lazy[key] = _sys.modules[name]
        return module


def _once(key, make):
    """``_lazy[key]``, computed by ``make()`` the first time."""
    try:
        return _lazy[key]
    except KeyError:
        value = _lazy[key] = make()
        return value


# ======================================================================================
# spawn_lock: many creators or one spawner at a time, and never a hang
# ======================================================================================

_WRITER = "writer"
_BARGE_AFTER = 0.05  # a reader waiting this long on a writer that waits for readers gets in
_CHECK_AFTER = 0.02  # waiters look for abandoned holdings after this, then this often
_YIELD_AT_MOST = 0.02  # a writer lets passed-over readers go first for at most this
_MAX_SLEEP = 0.001


class _Section(object):
    """One holding of :class:`SpawnLock` (a ``with`` statement): which thread holds it
    and from which frame, so a holding that an exception abandoned can be recognised."""

    __slots__ = ("lock", "kind", "ident", "frame", "active", "excluding")

    def __init__(self, lock, kind):
        self.lock = lock
        self.kind = kind
        self.ident = None
        self.frame = None
        self.active = False  # writer: the readers have drained, the child is being started
        self.excluding = False  # writer: this section holds the seat (not a nested/fallback)

    def __enter__(self):
        self.ident = _threadmod.get_ident()
        self.frame = _sys._getframe(1)
        if self.kind == "read":
            self.lock._enter_read(self)
        else:
            self.lock._enter_write(self)
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.kind == "read":
            self.lock._readers.pop(self, None)
        else:
            self.lock._exit_write(self)
        self.frame = None
        return False


def _reset_every_lock_after_fork():
    for lock in list(_every_lock):
        lock._after_fork()


if hasattr(_os, "register_at_fork"):  # Python >= 3.7; older ones check the pid
    import weakref as _weakref
    _every_lock = _weakref.WeakSet()
    _os.register_at_fork(after_in_child=_reset_every_lock_after_fork)
else:
    _every_lock = None


class SpawnLock(object):
    """A process-wide reader/writer lock shared by handle creators and spawners.

    ``with spawn_lock.reading():`` create a handle and mark it non-inheritable.
    ``with spawn_lock.writing():`` start a child process (only while starting it).
    A thread may nest reads, and take the read side while it holds the write side.  A
    thread that holds the read side and asks for the write side (a signal handler that
    spawns while its thread creates a handle) starts its child without waiting.
    """

    def __init__(self):
        self._reset()
        if _every_lock is not None:
            _every_lock.add(self)

    def _reset(self):
        self._pid = _os.getpid()
        self._readers = {}  # _Section -> True
        self._seat = {}  # _WRITER -> the writer's _Section
        self._waiting = {}  # waiting reader's _Section -> writer releases seen at start
        self._releases = 0
        self._evicting = _threadmod.allocate_lock()

    def _after_fork(self):
        """In a forked child only the forking thread exists: keep its holdings only."""
        me = _threadmod.get_ident()
        readers = dict((s, True) for s in tuple(self._readers) if s.ident == me)
        writer = self._seat.get(_WRITER)
        self._reset()
        self._readers.update(readers)
        if writer is not None and writer.ident == me:
            self._seat[_WRITER] = writer

    def _check_fork(self):
        if self._pid != _os.getpid():  # Python < 3.7: no register_at_fork
            self._after_fork()

    def reading(self):
        """Context manager: hold the read side (creating a handle)."""
        return _Section(self, "read")

    def writing(self):
        """Context manager: hold the write side (starting a child process)."""
        return _Section(self, "write")

    # -- state questions (each a snapshot; tuple() of a dict is atomic) --

    def _thread_reads(self, ident, besides=None):
        for section in tuple(self._readers):
            if section.ident == ident and section is not besides:
                return True
        return False

    def _other_readers(self, ident):
        return [s for s in tuple(self._readers) if s.ident != ident]

    def _abandoned(self, sections):
        """The sections whose ``with`` frame is no longer on their thread's stack (an
        exception left it without ``__exit__``) or whose thread is gone."""
        frames = _sys._current_frames()
        gone = []
        for section in sections:
            frame = frames.get(section.ident)
            while frame is not None and frame is not section.frame:
                frame = frame.f_back
            if frame is None:
                gone.append(section)
        return gone

    def _evict_writer(self, writer):
        """Free the seat of a writer whose holding was abandoned.  Judge first, then look
        at the seat: a writer that leaves normally frees its seat before its frame is
        forgotten, so a seat still holding ``writer`` after the verdict can change only
        here (evictions are serialised; a taken seat is never overwritten)."""
        if self._evicting.acquire(False):
            try:
                if self._abandoned([writer]) and self._seat.get(_WRITER) is writer:
                    self._seat.pop(_WRITER, None)
            finally:
                self._evicting.release()

    # -- readers --

    def _enter_read(self, section):
        self._check_fork()
        readers, me = self._readers, section.ident
        try:
            readers[section] = True
            writer = self._seat.get(_WRITER)
            if writer is None or writer.ident == me or self._thread_reads(me, section):
                return
            readers.pop(section, None)
            self._wait_to_read(section)
        except BaseException:
            readers.pop(section, None)
            self._waiting.pop(section, None)
            raise

    def _wait_to_read(self, section):
        time = _module("time")
        readers, seat, me = self._readers, self._seat, section.ident
        self._waiting[section] = self._releases
        start = checked = time.time()
        delay = 0.00005
        while True:
            readers[section] = True
            writer = seat.get(_WRITER)
            if writer is None or writer.ident == me:
                break
            waited = time.time() - start
            if waited >= _BARGE_AFTER and not writer.active:
                break  # the writer waits for readers, maybe for one that waits for us
            readers.pop(section, None)
            if time.time() - checked >= _CHECK_AFTER:
                checked = time.time()
                self._evict_writer(writer)
            time.sleep(delay)
            delay = min(delay * 2, _MAX_SLEEP)
        self._waiting.pop(section, None)

    # -- writers --

    def _enter_write(self, section):
        self._check_fork()
        me = section.ident
        owner = self._seat.get(_WRITER)
        if (owner is not None and owner.ident == me) or self._thread_reads(me):
            return  # nested in our own write side, or re-entered from a reader: no wait
        try:
            self._take_seat(section)
            self._drain_readers(section)
        except BaseException:
            self._exit_write(section)
            raise

    def _take_seat(self, section):
        time = _module("time")
        seat, me = self._seat, section.ident
        start = checked = time.time()
        delay = 0.00005
        while True:
            if time.time() - start < _YIELD_AT_MOST and self._passed_over_readers(me):
                time.sleep(delay)
                continue
            owner = seat.setdefault(_WRITER, section)
            if owner is section:
                section.excluding = True
                return
            if time.time() - checked >= _CHECK_AFTER:
                checked = time.time()
                self._evict_writer(owner)
            time.sleep(delay)
            delay = min(delay * 2, _MAX_SLEEP)

    def _passed_over_readers(self, ident):
        releases = self._releases
        for reader, seen in tuple(self._waiting.items()):
            if reader.ident != ident and seen < releases:
                return True
        return False

    def _drain_readers(self, section):
        time = _module("time")
        me = section.ident
        checked = time.time()
        delay = 0.00002
        while True:
            section.active = True
            others = self._other_readers(me)
            if not others:
                return
            section.active = False
            if time.time() - checked >= _CHECK_AFTER:
                checked = time.time()
                for gone in self._abandoned(others):
                    self._readers.pop(gone, None)
            time.sleep(delay)
            delay = min(delay * 2, _MAX_SLEEP)

    def _exit_write(self, section):
        section.active = False
        if section.excluding:
            section.excluding = False
            self._releases += 1  # only the seat's holder writes it
            if self._seat.get(_WRITER) is section:
                del self._seat[_WRITER]


#: The process-wide lock: creators hold ``reading()``, :func:`Popen` holds ``writing()``.
spawn_lock = SpawnLock()


# ======================================================================================
# Which creators CPython itself makes non-inheritable in a second step (pure facts)
# ======================================================================================

def _platform_key(platform):
    for key in ("linux", "darwin", "freebsd"):
        if platform.startswith(key):
            return key
    return platform


def cpython_non_atomic(platform):
    """Creators that CPython >= 3.4 makes non-inheritable only in a second step (create,
    then set the flag) on ``platform``."""
    names = set(["openpty"])  # openpty() then set_inheritable, everywhere
    if platform == "darwin":  # no SOCK_CLOEXEC, no pipe2
        names.update(["socket", "create_connection", "socketpair", "pipe"])
    elif platform == "win32":  # socketpair is emulated with listen/connect/accept
        names.add("socketpair")
    return frozenset(names)


def locked_pass_throughs(platform, version_info=(3, 7), atomic_openpty=True):
    """Python >= 3.4: the names that take spawn_lock: creators the read side, ``Popen``
    the write side.  None on Linux, where CPython is atomic for everything but
    ``openpty`` and ftools opens pseudo-terminals atomically itself (``atomic_openpty``:
    see :func:`linux_pty_opener`; without it ``openpty`` and ``Popen`` are locked), and on
    Windows 3.7+, where only ``openpty`` and ``socketpair`` are not atomic and a lock
    would protect only ``ftools.Popen`` children at a cost to every call.  On Windows
    before 3.7 ``Popen`` alone, because a redirected Popen makes inheritable duplicates
    of its pipe ends that a concurrent Popen's child inherits (MS KB315939; NIH303
    recommends ftools.Popen)."""
    if platform.startswith("linux"):
        return frozenset() if atomic_openpty else frozenset(["openpty", "Popen"])
    if platform == "win32":
        return frozenset(["Popen"]) if tuple(version_info) < (3, 7) else frozenset()
    return cpython_non_atomic(platform) | frozenset(["Popen"])


#: Linux ``TIOCGPTN`` (the pseudo-terminal's number), ``TIOCSPTLCK`` (unlock it) and
#: ``TIOCGPTPEER`` (open the slave, Linux 4.13+) in the asm-generic ioctl numbering, and the
#: machines that use it.  alpha, mips, parisc, powerpc and sparc number them differently
#: and are not listed.
_PTY_IOCTLS_GENERIC = (0x80045430, 0x40045431, 0x5441)
_INT_ZERO = b"\0\0\0\0"
_GENERIC_IOCTL_MACHINES = frozenset([
    "x86_64", "amd64", "i386", "i486", "i586", "i686", "aarch64", "arm64", "s390x",
    "riscv64", "loongarch64"])


def linux_pty_opener(platform, machine, os_module):
    """How ftools opens a pseudo-terminal with both descriptors close-on-exec from the
    system calls that create them, as glibc's ``openpty()`` does but with the flag:
    ``"ioctl"`` (``/dev/ptmx``, then the asm-generic ioctls), ``"posix_openpt"``
    (``os.posix_openpt``/``ptsname``, Python 3.13+, any machine), or None (not Linux, or no
    known way)."""
    if _platform_key(platform) != "linux":
        return None
    if machine in _GENERIC_IOCTL_MACHINES or machine.startswith("arm"):
        return "ioctl"  # one system call fewer than posix_openpt + ptsname + open
    if all(hasattr(os_module, name) for name in
           ("posix_openpt", "grantpt", "unlockpt", "ptsname")):
        return "posix_openpt"
    return None


def _machine():
    return _os.uname()[4] if hasattr(_os, "uname") else ""


def _pty_opening_function(opener, flags, fcntl, stdlib_openpty, fallback):
    """ftools' ``openpty`` for ``opener`` (see :func:`linux_pty_opener`): ``(master, slave)``
    of a new pseudo-terminal, each descriptor opened with ``flags`` (``O_CLOEXEC`` among
    them) by the system call that creates it; ``fallback()`` where ``/dev/ptmx`` cannot be
    used (or without the ``fcntl`` module the ioctls need), ``stdlib_openpty`` (None:
    ``os.openpty`` at call time) for any argument, so a call raises the stdlib's TypeError.

    Everything but ``os.open``/``os.posix_openpt``/``fcntl.ioctl`` (looked up at each call,
    as a program or a test may replace them) is resolved here, once: the per-call cost is
    measured (bench/overhead.py, bench/openpty_floor.py).  The function takes the object it
    is bound to first (see :func:`_as_builtin_method`)."""
    os_module = _os
    errors = (IOError, OSError)  # distinct on Python 2

    if opener == "ioctl" and fcntl is not None:
        get_number, set_lock, open_peer = _PTY_IOCTLS_GENERIC
        zero = _INT_ZERO

        def openpty(_self, *args, **kwargs):
            if args or kwargs:
                return (stdlib_openpty or os_module.openpty)(*args, **kwargs)
            try:
                master = os_module.open("/dev/ptmx", flags)
            except errors:
                return fallback()
            try:
                ioctl = fcntl.ioctl
                ioctl(master, set_lock, zero)
                try:
                    return master, ioctl(master, open_peer, flags)
                except errors:  # a kernel before 4.13: the slave by name
                    number = _module("struct").unpack("I", ioctl(master, get_number, zero))[0]
                return master, os_module.open("/dev/pts/%d" % number, flags)
            except errors:
                os_module.close(master)
                return fallback()
            except BaseException:
                os_module.close(master)
                raise
    elif opener == "posix_openpt":
        def openpty(_self, *args, **kwargs):
            if args or kwargs:
                return (stdlib_openpty or os_module.openpty)(*args, **kwargs)
            try:
                master = os_module.posix_openpt(flags)
            except errors:
                return fallback()
            try:
                os_module.grantpt(master)
                os_module.unlockpt(master)
                return master, os_module.open(os_module.ptsname(master), flags)
            except errors:
                os_module.close(master)
                return fallback()
            except BaseException:
                os_module.close(master)
                raise
    else:
        def openpty(_self, *args, **kwargs):
            if args or kwargs:
                return (stdlib_openpty or os_module.openpty)(*args, **kwargs)
            return fallback()
    openpty.__doc__ = """``os.openpty()``; master and slave are close-on-exec from the system
    calls that create them (CPython's openpty marks them in a second step)."""
    return openpty


def _as_builtin_method(function, name):
    """``function`` bound to this module, like a builtin of the ``os`` module: it does not
    bind again when stored on a class, and a bound method is called faster than an
    instance with ``__call__`` (3.x) or a ``functools.partial`` (2.7)."""
    function.__name__ = function.__qualname__ = name
    return _module("types").MethodType(function, _sys.modules.get(__name__, _lazy))


# ======================================================================================
# Python >= 3.4: the standard library's own objects, looked up at attribute access
# ======================================================================================

def _builtin_like(function, name):
    """``function`` as an object that, like a builtin, does not bind when stored on a
    class: a ``functools.partial`` (C, so the cheapest call) before Python 3.4, where
    the hot creators use it; an instance of a one-off class with a static ``__call__``
    on 3.4+, where a partial stored on a class warns (3.13: FutureWarning)."""
    if not PASS_THROUGH:
        wrapped = _module("functools").partial(function)
        wrapped.__name__ = name
        wrapped.__doc__ = function.__doc__
        return wrapped
    kind = type(name, (object,), {
        "__slots__": (), "__call__": staticmethod(function), "__name__": name,
        "__doc__": function.__doc__, "__module__": __name__,
        "__repr__": lambda self: "<ftools function %s>" % name})
    return kind()


#: public name -> (module, attribute): ``ftools.NAME`` is ``module.attribute``.
PASS_THROUGH_NAMES = {
    "open": ("builtins", "open"), "io_open": ("io", "open"),
    "codecs_open": ("codecs", "open"), "os_open": ("os", "open"),
    "copyfile": ("shutil", "copyfile"), "copy": ("shutil", "copy"),
    "copy2": ("shutil", "copy2"),
    "socket": ("socket", "socket"), "create_connection": ("socket", "create_connection"),
    "socketpair": ("socket", "socketpair"), "fromfd": ("socket", "fromfd"),
    "pipe": ("os", "pipe"), "dup": ("os", "dup"), "openpty": ("os", "openpty"),
    "FileHandler": ("logging", "FileHandler"),
    "RotatingFileHandler": ("logging.handlers", "RotatingFileHandler"),
    "TimedRotatingFileHandler": ("logging.handlers", "TimedRotatingFileHandler"),
    "WatchedFileHandler": ("logging.handlers", "WatchedFileHandler"),
    "SocketHandler": ("logging.handlers", "SocketHandler"),
    "DatagramHandler": ("logging.handlers", "DatagramHandler"),
    "Popen": ("subprocess", "Popen"),
}


def _locked_function(function_name, module_name, attribute):
    """A function calling ``module.attribute`` (looked up at call time) under the read
    side of spawn_lock."""
    def function(*args, **kwargs):
        with spawn_lock.reading():
            return getattr(_module(module_name), attribute)(*args, **kwargs)
    function.__name__ = function_name
    function.__doc__ = "``%s.%s(...)`` under the read side of spawn_lock." % (
        module_name, attribute)
    return function


def _locked_socket_class():
    base = _module("socket").socket

    def __init__(self, *args, **kwargs):
        with spawn_lock.reading():
            base.__init__(self, *args, **kwargs)

    return type("socket", (base,), {"__init__": __init__, "__module__": __name__,
                                    "__doc__": base.__doc__, "__slots__": ()})


def _spawning_popen_class():
    """A ``subprocess.Popen`` subclass that starts the child (pipes and fork/exec, on
    Windows the inheritable standard-handle duplicates) under the write side."""
    base = _module("subprocess").Popen

    def __init__(self, *args, **kwargs):
        with spawn_lock.writing():
            base.__init__(self, *args, **kwargs)

    return type("Popen", (base,), {"__init__": __init__, "__module__": __name__,
                                   "__doc__": base.__doc__})


def _locked_object(name):
    """The object ``ftools.NAME`` is on a platform whose CPython is not atomic for it."""
    module_name, attribute = PASS_THROUGH_NAMES[name]
    if name == "socket":
        return _once("class:socket", _locked_socket_class)
    if name == "Popen":
        return _once("class:Popen", _spawning_popen_class)
    return _once("function:" + name,
                 lambda: _locked_function(name, module_name, attribute))


if PASS_THROUGH:
    O_CLOEXEC = 0  # os.open is already non-inheritable: nothing to add to its flags
    SOCK_CLOEXEC = 0  # socket.socket is already non-inheritable
    try:
        F_DUPFD_CLOEXEC = _module("fcntl").F_DUPFD_CLOEXEC
    except (ImportError, AttributeError):
        F_DUPFD_CLOEXEC = None

    _PTY_OPENER = linux_pty_opener(_sys.platform, _machine(), _os)
    _LOCKED = locked_pass_throughs(_sys.platform, _sys.version_info,
                                   atomic_openpty=_PTY_OPENER is not None)
    #: Names ftools implements itself while the stdlib object is not patched.
    _OWN = frozenset(["openpty"]) if _PTY_OPENER else frozenset()
    _STDLIB_OPENPTY = getattr(_os, "openpty", None)

    def _own_openpty():
        """ftools' ``openpty`` on this Linux (built on first use); the stdlib's where
        ``/dev/ptmx`` cannot be used."""
        return _once("own:openpty", lambda: _as_builtin_method(_pty_opening_function(
            _PTY_OPENER, _os.O_RDWR | _os.O_NOCTTY | _os.O_CLOEXEC, _fcntl(),
            _STDLIB_OPENPTY, _STDLIB_OPENPTY), "openpty"))

    def _own_object(name):
        """``ftools.NAME`` for a name in _OWN: ftools' function, or the stdlib object
        while a test patches it (``mock.patch("os.openpty")`` is seen)."""
        current = _os.openpty
        return _own_openpty() if current is _STDLIB_OPENPTY else current

    def _own_property(name):
        """The property reading ``ftools.openpty``: one frame, nothing looked up but
        ``os.openpty`` (patched or not)."""
        def get(module, os_module=_os, stdlib=_STDLIB_OPENPTY, own=_own_openpty()):
            current = os_module.openpty
            return own if current is stdlib else current
        return property(get, _demote_setter(name))

    def _stdlib_object(name):
        if name in _LOCKED:
            return _locked_object(name)
        if name in _OWN:
            return _own_object(name)
        module_name, attribute = PASS_THROUGH_NAMES[name]
        return getattr(_module(module_name), attribute)

    def __getattr__(name):  # Python >= 3.7 (PEP 562): a name deleted after it was patched
        if name in PASS_THROUGH_NAMES:
            if _PassThroughModule is not None and name not in _PassThroughModule.__dict__:
                setattr(_PassThroughModule, name, _first_access_property(name))
            return _stdlib_object(name)
        raise AttributeError("module %r has no attribute %r" % (__name__, name))

    def __dir__():
        return sorted(set(globals()) | set(PASS_THROUGH_NAMES))

    def _fast_property(name, target, attribute):
        """A property whose getter is C code: ``getattr(target, attribute)``."""
        getter = _module("functools").partial(getattr, target, attribute)
        return property(getter, _demote_setter(name), None, "``%s.%s``" % (
            target.__name__, attribute))

    def _first_access_property(name):
        def first(module):
            if name in _LOCKED:
                value = _locked_object(name)
                setattr(_PassThroughModule, name, property(
                    lambda module: value, _demote_setter(name)))
                return value
            if name in _OWN:
                setattr(_PassThroughModule, name, _own_property(name))
                return _own_object(name)
            module_name, attribute = PASS_THROUGH_NAMES[name]
            target = _module(module_name)
            setattr(_PassThroughModule, name, _fast_property(name, target, attribute))
            return getattr(target, attribute)
        return property(first, _demote_setter(name))

    def _demote_setter(name):
        """Assigning ``ftools.NAME`` (``mock.patch.object``) makes it a plain module
        attribute until it is deleted again."""
        def set_(module, value):
            if name in _PassThroughModule.__dict__:
                delattr(_PassThroughModule, name)
            module.__dict__[name] = value
        return set_

    def _restoring_delattr(base):
        """Python < 3.7 (no PEP 562 ``__getattr__``): deleting a demoted ``ftools.NAME``
        (the end of a ``mock.patch.object``) puts its property back on the class."""
        def __delattr__(module, name):
            base.__delattr__(module, name)
            if name in PASS_THROUGH_NAMES and name not in _PassThroughModule.__dict__:
                setattr(_PassThroughModule, name, _first_access_property(name))
        return __delattr__

    _PassThroughModule = None
    _this_module = _sys.modules.get(__name__)
    if _this_module is not None and getattr(_this_module, "__dict__", None) is globals():
        _namespace = {"__slots__": (), "__dir__": lambda module: __dir__()}
        if _sys.version_info < (3, 7):  # no PEP 562: the name comes back when deleted
            _namespace["__delattr__"] = _restoring_delattr(type(_this_module))
        # The class defines no __getattr__, so attribute reads keep the module type's C
        # lookup (a class __getattr__ made every ``ftools.X`` 150-600 ns slower).
        _PassThroughModule = type("module", (type(_this_module),), _namespace)
        del _namespace
        for _name in PASS_THROUGH_NAMES:
            setattr(_PassThroughModule, _name, _first_access_property(_name))
        _this_module.__class__ = _PassThroughModule
        del _name
    del _this_module


# ======================================================================================
# Python 2.7: how each kind of handle is made non-inheritable (pure; unit-tested with
# simulated platforms)
# ======================================================================================

# Candidate values for constants that Python 2.7 does not expose.  Every candidate is
# verified by a probe before use, so a wrong guess only costs the atomic path.
_O_CLOEXEC_BY_PLATFORM = {"linux": 0o2000000, "darwin": 0x1000000, "freebsd": 0x100000}
_O_CLOEXEC_BY_LINUX_MACHINE = {"alpha": 0o10000000, "parisc": 0o10000000,
                               "parisc64": 0o10000000, "sparc": 0x400000,
                               "sparc64": 0x400000}
_SOCK_CLOEXEC_BY_PLATFORM = {"linux": None, "freebsd": 0x10000000}  # linux: = O_CLOEXEC
_F_DUPFD_CLOEXEC_BY_PLATFORM = {"linux": 1030, "darwin": 67, "freebsd": 17}


def candidate_constants(platform, machine, os_module=None, socket_module=None,
                        fcntl_module=None):
    """Values to probe for O_CLOEXEC, SOCK_CLOEXEC and F_DUPFD_CLOEXEC (None: unknown).

    Names the interpreter exposes win over the built-in table.
    """
    key = _platform_key(platform)
    o_cloexec = getattr(os_module, "O_CLOEXEC", None)
    if o_cloexec is None:
        if key == "linux" and machine in _O_CLOEXEC_BY_LINUX_MACHINE:
            o_cloexec = _O_CLOEXEC_BY_LINUX_MACHINE[machine]
        else:
            o_cloexec = _O_CLOEXEC_BY_PLATFORM.get(key)
    sock_cloexec = getattr(socket_module, "SOCK_CLOEXEC", None)
    if sock_cloexec is None and key in _SOCK_CLOEXEC_BY_PLATFORM:
        sock_cloexec = _SOCK_CLOEXEC_BY_PLATFORM[key] or o_cloexec
    dupfd_cloexec = getattr(fcntl_module, "F_DUPFD_CLOEXEC", None)
    if dupfd_cloexec is None:
        dupfd_cloexec = _F_DUPFD_CLOEXEC_BY_PLATFORM.get(key)
    return {"o_cloexec": o_cloexec, "sock_cloexec": sock_cloexec,
            "dupfd_cloexec": dupfd_cloexec}


class Mechanisms(object):
    """How each kind of handle is made non-inheritable on this interpreter/platform.

    Values: ``"stdlib"`` (pass through), ``"flag"`` (atomic creation flag),
    ``"locked"`` (create, then mark, under the read side of spawn_lock); ``pipe`` may
    be ``"pipe2"``, ``accept`` ``"accept4"``, ``adopt`` (socketpair, fromfd, raw dup)
    ``"dup3"``: libc functions through ctypes.
    """

    __slots__ = ("windows", "file_mode_letter", "file_letter_at_end", "open_flag",
                 "socket", "socket_flag", "socketpair", "pipe", "dup", "dup_command",
                 "openpty", "accept", "adopt")

    def __init__(self, **values):
        for name in self.__slots__:
            setattr(self, name, values[name])

    def __repr__(self):
        return "Mechanisms(%s)" % ", ".join(
            "%s=%r" % (name, getattr(self, name)) for name in self.__slots__)


def choose_mechanisms(platform, version_info, probes):
    """Pick the mechanism per handle kind.

    ``probes``: dict with ``fopen_letter`` (True if the C library's close-on-exec
    fopen letter works), ``o_cloexec``, ``sock_cloexec``, ``dupfd_cloexec`` (verified
    values or None), ``pipe2``, ``accept4`` and ``dup3`` (True if libc's function made
    close-on-exec descriptors), ``pty_opener`` (:func:`linux_pty_opener`) and, on Windows,
    ``o_noinherit`` (``os.O_NOINHERIT``).
    ``socketpair`` uses ``sock_cloexec`` only on Linux (the flag in socketpair's type
    argument is documented there).
    """
    windows = platform == "win32"
    if tuple(version_info) >= (3, 4):
        return Mechanisms(windows=windows, file_mode_letter=None, file_letter_at_end=False,
                          open_flag=None, socket="stdlib", socket_flag=None,
                          socketpair="stdlib", pipe="stdlib", dup="stdlib", dup_command=None,
                          openpty="stdlib", accept="stdlib", adopt="stdlib")
    if windows:
        # MSVCRT: 'N' mode letter and O_NOINHERIT are atomic.  2.7's os.pipe already
        # uses CreatePipe without inheritance.  Sockets and dup need SetHandleInformation.
        return Mechanisms(windows=True, file_mode_letter="N", file_letter_at_end=True,
                          open_flag=probes.get("o_noinherit"), socket="locked",
                          socket_flag=None, socketpair="locked", pipe="stdlib", dup="locked",
                          dup_command=None, openpty="locked", accept="locked",
                          adopt="locked")
    letter = "e" if probes.get("fopen_letter") else None
    open_flag = probes.get("o_cloexec")
    sock_flag = probes.get("sock_cloexec")
    dup_command = probes.get("dupfd_cloexec")
    linux = _platform_key(platform) == "linux"
    adopt = "dup3" if sock_flag and probes.get("dup3") else "locked"
    return Mechanisms(windows=False, file_mode_letter=letter, file_letter_at_end=False,
                      open_flag=open_flag,
                      socket="flag" if sock_flag else "locked", socket_flag=sock_flag,
                      socketpair="flag" if linux and adopt == "dup3" else "locked",
                      pipe="pipe2" if open_flag and probes.get("pipe2") else "locked",
                      dup="flag" if dup_command else "locked",
                      dup_command=dup_command,
                      openpty="flag" if open_flag and probes.get("pty_opener") else "locked",
                      accept="accept4" if adopt == "dup3" and probes.get("accept4")
                      else "locked",
                      adopt=adopt)


# ======================================================================================
# Python 2.7: marking handles and probing the platform
# ======================================================================================

def _fcntl():
    """The fcntl module, or None (Windows, or a POSIX build without it)."""
    def load():
        try:
            return _module("fcntl")
        except ImportError:
            return None
    return _once("fcntl", load)


def _fd_is_inheritable(fd):
    fcntl = _fcntl()
    return not (fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)


def _windows_kernel32():
    """kernel32 with the prototypes we call (HANDLE is pointer-sized on 64-bit)."""
    def load():
        ctypes = _module("ctypes")
        wintypes = _module("ctypes.wintypes")
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.SetHandleInformation.argtypes = (wintypes.HANDLE, wintypes.DWORD,
                                                  wintypes.DWORD)
        kernel32.SetHandleInformation.restype = wintypes.BOOL
        kernel32.GetFileType.argtypes = (wintypes.HANDLE,)
        kernel32.GetFileType.restype = wintypes.DWORD
        return kernel32
    return _once("kernel32", load)


_HANDLE_FLAG_INHERIT = 1
_FILE_TYPE_CHAR = 2


def _set_handle_noinherit(handle):
    """Windows: clear HANDLE_FLAG_INHERIT on a kernel handle (or SOCKET)."""
    if not _windows_kernel32().SetHandleInformation(handle, _HANDLE_FLAG_INHERIT, 0):
        ctypes = _module("ctypes")
        raise ctypes.WinError(ctypes.get_last_error())


def _set_fd_noinherit(fd):
    if _WINDOWS:
        handle = _module("msvcrt").get_osfhandle(fd)
        # Like CPython's _Py_dup: console handles cannot be made non-inheritable.
        if _windows_kernel32().GetFileType(handle) != _FILE_TYPE_CHAR:
            _set_handle_noinherit(handle)
        return
    fcntl = _fcntl()
    if fcntl is None:
        return  # no way to mark it: left as the stdlib made it
    flags = fcntl.fcntl(fd, fcntl.F_GETFD)
    if not flags & fcntl.FD_CLOEXEC:
        fcntl.fcntl(fd, fcntl.F_SETFD, flags | fcntl.FD_CLOEXEC)


def _set_socket_noinherit(sock):
    if _WINDOWS:
        _set_handle_noinherit(sock.fileno())
    else:
        _set_fd_noinherit(sock.fileno())


def _probe_open_flag(value):
    if not value or _fcntl() is None:
        return None
    try:
        fd = _os.open(_os.devnull, _os.O_RDONLY | value)
    except (OSError, IOError):  # noqa: B014 -- distinct classes on Python 2
        return None
    try:
        return None if _fd_is_inheritable(fd) else value
    finally:
        _os.close(fd)


def _probe_fopen_letter():
    if _fcntl() is None:
        return False
    try:
        f = _module("__builtin__").open(_os.devnull, "re")
    except (IOError, OSError, ValueError):  # noqa: B014 -- distinct on Python 2
        return False
    try:
        return not _fd_is_inheritable(f.fileno())
    finally:
        f.close()


def _probe_socket_flag(value):
    if not value or _fcntl() is None:
        return None
    _socket = _module("_socket")
    try:
        s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM | value)
    except (_socket.error, OSError, AttributeError):
        return None
    try:
        return None if _fd_is_inheritable(s.fileno()) else value
    finally:
        s.close()


def _probe_dupfd_command(value):
    fcntl = _fcntl()
    if not value or fcntl is None:
        return None
    fd = _os.open(_os.devnull, _os.O_RDONLY)
    try:
        try:
            new_fd = fcntl.fcntl(fd, value, 0)
        except (IOError, OSError):  # noqa: B014 -- distinct on Python 2
            return None
        try:
            return None if _fd_is_inheritable(new_fd) else value
        finally:
            _os.close(new_fd)
    finally:
        _os.close(fd)


def _probe_flags():
    """The creation flags (cheap: a few descriptors opened and closed)."""
    if _WINDOWS:
        return {"o_noinherit": getattr(_os, "O_NOINHERIT", None)}
    candidates = candidate_constants(_sys.platform, _machine(), _os, _module("socket"),
                                     _fcntl())
    # A rejected candidate may leave a probe descriptor inheritable for a moment.
    with spawn_lock.reading():
        return {
            "fopen_letter": _probe_fopen_letter(),
            "o_cloexec": _probe_open_flag(candidates["o_cloexec"]),
            "sock_cloexec": _probe_socket_flag(candidates["sock_cloexec"]),
            "dupfd_cloexec": _probe_dupfd_command(candidates["dupfd_cloexec"]),
        }


# -- libc through ctypes: pipe2, accept4, dup3 --

def _libc_function(name, *argtypes):
    """libc's ``name`` through ctypes (errno kept), or None where it cannot be loaded."""
    def load():
        try:
            ctypes = _module("ctypes")
            function = getattr(ctypes.CDLL(None, use_errno=True), name)
        except (ImportError, OSError, AttributeError, TypeError):
            return None
        function.argtypes = tuple(getattr(ctypes, t) if isinstance(t, str) else t(ctypes)
                                  for t in argtypes)
        function.restype = ctypes.c_int
        return function
    return _once("libc:" + name, load)


def _int_array(ctypes):
    return ctypes.POINTER(ctypes.c_int)


def _void_pointer(ctypes):
    return ctypes.c_void_p


def _pipe2(flags):
    """``pipe2(fds, flags)`` -> (read end, write end); None if pipe2 is unavailable or
    rejects ``flags`` (ENOSYS, EINVAL); other failures raise OSError like os.pipe."""
    function = _libc_function("pipe2", _int_array, "c_int")
    if function is None:
        return None
    ctypes = _module("ctypes")
    fds = (ctypes.c_int * 2)()
    if function(fds, flags) != 0:
        code = ctypes.get_errno()
        if code in (_errno.ENOSYS, _errno.EINVAL):
            return None
        raise OSError(code, _os.strerror(code))
    return fds[0], fds[1]


def _dup3(fd, target, flags):
    """``dup3(fd, target, flags)``: 0, or the errno."""
    function = _libc_function("dup3", "c_int", "c_int", "c_int")
    if function(fd, target, flags) < 0:
        return _module("ctypes").get_errno()
    return 0


def _accept4(fd, flags):
    """``accept4(fd, NULL, NULL, flags)`` -> new fd, or -errno."""
    function = _libc_function("accept4", "c_int", _void_pointer, _void_pointer, "c_int")
    new_fd = function(fd, None, None, flags)
    if new_fd < 0:
        return -_module("ctypes").get_errno()
    return new_fd


def _probe_pipe2(o_cloexec):
    if not o_cloexec or _fcntl() is None:
        return False
    try:
        fds = _pipe2(o_cloexec)
    except OSError:
        return False
    if fds is None:
        return False
    try:
        return not (_fd_is_inheritable(fds[0]) or _fd_is_inheritable(fds[1]))
    finally:
        _os.close(fds[0])
        _os.close(fds[1])


def _probe_dup3_and_accept4(o_cloexec, sock_cloexec):
    """(dup3 works, accept4 works): each made a close-on-exec descriptor."""
    if not (o_cloexec and sock_cloexec) or _fcntl() is None:
        return False, False
    if _libc_function("dup3", "c_int", "c_int", "c_int") is None:
        return False, False
    _socket = _module("_socket")
    listener = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM | sock_cloexec)
    client = target = None
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        client = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM | sock_cloexec)
        client.connect(listener.getsockname())
        target = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM | sock_cloexec)
        dup3_works = (_dup3(client.fileno(), target.fileno(), o_cloexec) == 0 and
                      not _fd_is_inheritable(target.fileno()))
        accept4_works = False
        if _libc_function("accept4", "c_int", _void_pointer, _void_pointer,
                          "c_int") is not None:
            new_fd = _accept4(listener.fileno(), sock_cloexec)
            if new_fd >= 0:
                accept4_works = not _fd_is_inheritable(new_fd)
                _os.close(new_fd)
        return dup3_works, accept4_works
    except (_socket.error, OSError):
        return False, False
    finally:
        for sock in (listener, client, target):
            if sock is not None:
                sock.close()


def run_probes():
    """Probe the running platform (creates and closes a few descriptors)."""
    probes = _probe_flags()
    if not _WINDOWS:
        with spawn_lock.reading():
            probes["pipe2"] = _probe_pipe2(probes["o_cloexec"])
            probes["dup3"], probes["accept4"] = _probe_dup3_and_accept4(
                probes["o_cloexec"], probes["sock_cloexec"])
        probes["pty_opener"] = linux_pty_opener(_sys.platform, _machine(), _os)
    return probes


def mechanisms():
    """The :class:`Mechanisms` in use (probing once on first call)."""
    try:
        return _lazy["mechanisms"]
    except KeyError:
        probes = {} if PASS_THROUGH else run_probes()
        return _once("mechanisms", lambda: choose_mechanisms(
            _sys.platform, _sys.version_info, probes))


def _set_mechanisms(value):
    """Replace the mechanisms in use (tests force fallback paths); forgets everything
    computed from the old ones."""
    _lazy.clear()
    _lazy["mechanisms"] = value


# ======================================================================================
# Python 2.7: files
# ======================================================================================

try:
    _string_types = (basestring,)  # noqa: F821 (Python 2)
    _int_types = (int, long)  # noqa: F821 (Python 2)
except NameError:
    _string_types = (str, bytes)
    _int_types = (int,)

_OPEN_MODE_STARTS = frozenset(["r", "w", "a", "U"])


def _noinherit_file_class():
    """2.7: a ``file`` subclass that adds the close-on-exec mode letter whenever it
    opens (also ``f.__init__(name, mode)``), and whose .mode and repr hide it."""
    found = mechanisms()
    letter, at_end = found.file_mode_letter, found.file_letter_at_end
    file_type = _module("__builtin__").file
    raw_mode = file_type.mode.__get__

    if at_end:
        def add(mode):
            return mode + letter

        def strip(mode):
            return mode[:-1] if mode[-1:] == letter else mode
    else:
        def add(mode):
            return mode[:1] + letter + mode[1:]

        def strip(mode):
            return mode[:1] + mode[2:] if mode[1:2] == letter else mode

    def __init__(self, name, mode="r", buffering=-1):
        if type(mode) is str and mode[:1] in _OPEN_MODE_STARTS:
            mode = add(mode)
        file_type.__init__(self, name, mode, buffering)

    def mode(self):
        return strip(raw_mode(self, file_type))

    def __repr__(self):
        text = file_type.__repr__(self)
        raw = raw_mode(self, file_type)
        return text.replace(", mode '%s' at " % raw, ", mode '%s' at " % strip(raw), 1)

    return type("file", (file_type,), {
        "__slots__": (), "__module__": __name__, "__init__": __init__,
        "mode": property(mode), "__repr__": __repr__, "__doc__": file_type.__doc__})


def _builtin_open_locked(name, mode="r", buffering=-1):
    with spawn_lock.reading():
        f = _module("__builtin__").open(name, mode, buffering)
        _set_fd_noinherit(f.fileno())
    return f


def _fast_open():
    """(file subclass, its __new__, file.__init__, letter, letter at the end), or None
    where no mode letter works."""
    def make():
        found = mechanisms()
        if not found.file_mode_letter:
            return None
        file_type = _module("__builtin__").file
        cls = _noinherit_file_class()
        return (cls, file_type.__new__, file_type.__init__, found.file_mode_letter,
                found.file_letter_at_end)
    return _once("file_open", make)


def _open_legacy(name, mode="r", buffering=-1):
    """Builtin ``open``; the file is not inherited by child processes."""
    # The common case, kept short: the per-call cost is measured (bench/overhead.py).
    # The file subclass's own __init__ (which adds the letter) is for reopening; here the
    # flagged mode goes straight to file.__init__.
    fast = _lazy.get("file_open", False)
    if fast is False:
        fast = _fast_open()
    if fast is not None and type(mode) is str and mode[:1] in _OPEN_MODE_STARTS:
        cls, new, init, letter, at_end = fast
        f = new(cls)
        init(f, name, mode + letter if at_end else mode[:1] + letter + mode[1:], buffering)
        return f
    return _builtin_open_locked(name, mode, buffering)


_IO_MODE_LETTERS = "rwab+tU"


def _io_open_flags(mode, encoding, errors, newline, closefd):
    """os.open flags equivalent to io.open(path, mode), or None when io.open would
    reject the arguments before opening anything (then the stdlib raises for us)."""
    if not isinstance(mode, _string_types) or not closefd:
        return None
    letters = set(mode)
    if len(letters) != len(mode) or not letters <= set(_IO_MODE_LETTERS):
        return None
    if "U" in letters and letters & set("wa"):
        return None
    if "t" in letters and "b" in letters:
        return None
    creating = letters & set("rwa")
    if "U" in letters:
        creating.add("r")
    if len(creating) != 1:
        return None
    if "b" in letters and (encoding is not None or errors is not None or newline is not None):
        return None
    kind = creating.pop()
    flags = {"r": 0, "w": _os.O_CREAT | _os.O_TRUNC, "a": _os.O_CREAT | _os.O_APPEND}[kind]
    if "+" in letters:
        flags |= _os.O_RDWR
    elif kind == "r":
        flags |= _os.O_RDONLY
    else:
        flags |= _os.O_WRONLY
    return flags | getattr(_os, "O_BINARY", 0)


def _io_open_arguments_parse(mode, buffering, encoding, errors, newline, closefd):
    """True if io.open accepts these argument types (it checks them before it opens
    anything, so a wrong type must not truncate or create the file here either)."""
    optional_text = (type(None),) + _string_types
    if (type(buffering) in _int_types and isinstance(encoding, optional_text) and
            isinstance(errors, optional_text) and isinstance(newline, optional_text) and
            type(closefd) in _int_types + (bool,)):
        return True
    try:
        _module("io").open(-1, mode, buffering, encoding, errors, newline, closefd)
    except TypeError:
        return False
    except Exception:  # noqa: B902 -- the arguments parsed; fd -1 was refused
        return True
    return True


def _close_if_same(fd, stat_result):
    """Close fd only if it still refers to the file we opened (io.open may have
    closed it already and the number may be reused by another thread)."""
    try:
        now = _os.fstat(fd)
    except OSError:
        return
    if (now.st_dev, now.st_ino) == (stat_result.st_dev, stat_result.st_ino):
        _os.close(fd)


def _io_open_legacy(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None,
                    closefd=True):
    """``io.open``; the file is not inherited by child processes."""
    io = _module("io")
    if not isinstance(file, _string_types):
        # An fd (or a bad argument): nothing is created by path.
        return io.open(file, mode, buffering, encoding, errors, newline, closefd)
    flags = _io_open_flags(mode, encoding, errors, newline, closefd)
    found = mechanisms()
    if (flags is None or not found.open_flag or
            not _io_open_arguments_parse(mode, buffering, encoding, errors, newline,
                                         closefd)):
        with spawn_lock.reading():
            f = io.open(file, mode, buffering, encoding, errors, newline, closefd)
            _set_fd_noinherit(f.fileno())
        return f
    try:
        fd = _os.open(file, flags | found.open_flag, 0o666)
    except OSError as e:
        raise IOError(e.errno, e.strerror, file)
    try:
        info = _os.fstat(fd)
    except OSError:
        _os.close(fd)
        raise
    if _module("stat").S_ISDIR(info.st_mode):
        _os.close(fd)
        raise IOError(_errno.EISDIR, _os.strerror(_errno.EISDIR), file)
    try:
        f = io.open(fd, mode, buffering, encoding, errors, newline, True)
    except BaseException:
        _close_if_same(fd, info)
        raise
    raw = getattr(f, "buffer", f)
    raw = getattr(raw, "raw", raw)
    raw.name = file
    return f


def _codecs_open_legacy(filename, mode="rb", encoding=None, errors="strict", buffering=1):
    """``codecs.open``; the file is not inherited by child processes."""
    codecs = _module("codecs")
    if encoding is not None:
        if "U" in mode:
            mode = mode.strip().replace("U", "")
            if mode[:1] not in set("rwa"):
                mode = "r" + mode
        if "b" not in mode:
            mode = mode + "b"
    f = _open_legacy(filename, mode, buffering)
    if encoding is None:
        return f
    try:
        info = codecs.lookup(encoding)
        srw = codecs.StreamReaderWriter(f, info.streamreader, info.streamwriter, errors)
    except BaseException:
        f.close()
        raise
    srw.encoding = encoding
    return srw


def _os_open_legacy(*args, **kwargs):
    """``os.open(path, flags[, mode])``; the descriptor is not inherited."""
    if kwargs or not 2 <= len(args) <= 3:
        return _os.open(*args, **kwargs)  # raises the stdlib's TypeError
    path, flags = args[:2]
    mode = args[2] if len(args) == 3 else 0o777
    found = mechanisms()
    if found.open_flag and isinstance(flags, _int_types):
        return _os.open(path, flags | found.open_flag, mode)
    with spawn_lock.reading():
        fd = _os.open(path, flags, mode)
        _set_fd_noinherit(fd)
    return fd


# ======================================================================================
# Python 2.7: shutil (2.7 semantics, both files opened through ftools)
# ======================================================================================

def _copyfile_legacy(src, dst):
    """``shutil.copyfile``; both files are opened non-inheritable."""
    shutil = _module("shutil")
    stat = _module("stat")
    if shutil._samefile(src, dst):
        raise shutil.Error("`%s` and `%s` are the same file" % (src, dst))
    for fn in [src, dst]:
        try:
            st = _os.stat(fn)
        except OSError:
            pass
        else:
            if stat.S_ISFIFO(st.st_mode):
                raise shutil.SpecialFileError("`%s` is a named pipe" % fn)
    with _open_legacy(src, "rb") as fsrc:
        with _open_legacy(dst, "wb") as fdst:
            shutil.copyfileobj(fsrc, fdst)


def _into_directory(src, dst):
    if _os.path.isdir(dst):
        return _os.path.join(dst, _os.path.basename(src))
    return dst


def _copy_legacy(src, dst):
    """``shutil.copy``: data and mode bits; files opened non-inheritable."""
    dst = _into_directory(src, dst)
    _copyfile_legacy(src, dst)
    _module("shutil").copymode(src, dst)


def _copy2_legacy(src, dst):
    """``shutil.copy2``: data and metadata; files opened non-inheritable."""
    dst = _into_directory(src, dst)
    _copyfile_legacy(src, dst)
    _module("shutil").copystat(src, dst)


# ======================================================================================
# Python 2.7: sockets
# ======================================================================================

def _socket_error(code):
    return _module("socket").error(code, _os.strerror(code))


def _raw_socket_class():
    """2.7: a ``_socket.socket`` subclass (the object 2.7's socket.socket wraps, and
    what socketpair/fromfd return): ``.type`` hides the SOCK_CLOEXEC that ftools added,
    and ``accept``/``dup`` make non-inheritable sockets (also through wrappers such as
    ``ssl.SSLSocket``, which call the raw object's methods)."""
    _socket = _module("_socket")
    base = _socket.socket
    raw_type = base.type.__get__

    class socket(base):
        __slots__ = ("_ftools_hidden",)
        __doc__ = base.__doc__
        type = property(lambda self: raw_type(self, base) & ~self._ftools_hidden,
                        doc="the socket type")

        def accept(self):
            return _accept_raw(self)

        def dup(self):
            return _dup_raw(self)

        def __repr__(self):
            return "<socket object, fd=%d, family=%d, type=%d, protocol=%d>" % (
                self.fileno(), self.family, self.type, self.proto)
        dup.__doc__ = base.dup.__doc__
        accept.__doc__ = base.accept.__doc__

    socket.__module__ = __name__
    return socket


def _raw_type(raw):
    """The type a raw socket was made with (SOCK_CLOEXEC included)."""
    _socket = _module("_socket")
    return _socket.socket.type.__get__(raw, _socket.socket)


def _new_raw_socket(family, type, proto, flag):
    """A raw ftools socket made with ``type | flag``; ``.type`` shows ``type``."""
    cls = _once("class:raw_socket", _raw_socket_class)
    if not flag:
        raw = cls(family, type, proto)
        raw._ftools_hidden = 0
        return raw
    raw = cls(family, type | flag, proto)
    raw._ftools_hidden = flag & ~type
    return raw


def _dup_raw(raw):
    """A raw socket's ``dup()`` (a new descriptor, like 2.7's), not inheritable."""
    if mechanisms().adopt == "dup3":
        return _adopt(raw.fileno(), raw.family, _raw_type(raw), raw.proto,
                      raw._ftools_hidden, close_original=False)
    with spawn_lock.reading():
        sock = _module("_socket").socket.dup(raw)
        _set_socket_noinherit(sock)
    return sock


def _adopt(fd, family, type, proto, hidden, close_original):
    """A raw ftools socket on a close-on-exec copy of ``fd`` (dup3 onto a new socket's
    descriptor, so the copy is never inheritable)."""
    found = mechanisms()
    try:
        raw = _new_raw_socket(family, type & ~found.socket_flag, proto, found.socket_flag)
    except BaseException:
        if close_original:
            _os.close(fd)
        raise
    raw._ftools_hidden = hidden
    code = _dup3(fd, raw.fileno(), found.open_flag)
    if close_original:
        _os.close(fd)
    if code:
        raw.close()
        raise _socket_error(code)
    raw.settimeout(raw.gettimeout())  # the blocking mode of the adopted description
    return raw


def _wait_readable(sock, deadline):
    """Wait (holding nothing) until sock has a connection to accept or the deadline
    passes (``socket.timeout``); a signal raises socket.error(EINTR) as 2.7 does."""
    select = _module("select")
    time = _module("time")
    remaining = None if deadline is None else max(0.0, deadline - time.time())
    try:
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(sock.fileno(), select.POLLIN)
            ready = poller.poll(None if remaining is None else int(remaining * 1000))
        else:
            ready = select.select([sock], [], [], remaining)[0]
    except (select.error, OSError) as e:  # noqa: B014 -- distinct on Python 2
        raise _socket_error(e.args[0])
    if not ready and deadline is not None and time.time() >= deadline:
        raise _module("socket").timeout("timed out")


def _accept_raw(raw):
    """``accept()`` on a raw ftools socket, like 2.7's: blocking, with its timeout, or
    non-blocking; EINTR raises.  accept4(SOCK_CLOEXEC) where libc has it, else the
    accepted socket is marked under the read side of spawn_lock, which is not held
    while waiting for a connection."""
    found = mechanisms()
    timeout = raw.gettimeout()
    time = _module("time")
    deadline = None if timeout is None else time.time() + timeout
    while True:
        if timeout:  # > 0: the descriptor is non-blocking; wait like 2.7's select loop
            _wait_readable(raw, deadline)
        if found.accept == "accept4":
            new_fd = _accept4(raw.fileno(), found.socket_flag)
            if new_fd == -_errno.EAGAIN and timeout:
                continue  # another thread took it: wait for the next one
            if new_fd < 0:
                raise _socket_error(-new_fd)
            sock = _adopt(new_fd, raw.family, _raw_type(raw), raw.proto, raw._ftools_hidden,
                          close_original=True)
            return sock, _peer_address(sock)
        if timeout is None:
            _wait_readable(raw, None)
        accepted = _accept_pending_locked(raw, timeout)
        if accepted is not None:
            return accepted


_fallback_accepts = _threadmod.allocate_lock()


def _accept_pending_locked(raw, timeout):
    """Accept the pending connection and mark it under the read side, or None if another
    ftools thread took it first (ftools' fallback accepts check and accept one at a time,
    so this accept does not block while holding the read side; a process sharing the
    listener can still take the connection in between)."""
    with _fallback_accepts:
        if timeout != 0.0 and not _readable_now(raw):
            return None
        try:
            with spawn_lock.reading():
                sock, address = _module("_socket").socket.accept(raw)
                _set_socket_noinherit(sock)
        except _module("socket").error as e:
            if timeout and e.args[:1] == (_errno.EAGAIN,):
                return None
            raise
    return sock, address


def _readable_now(raw):
    select = _module("select")
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(raw.fileno(), select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([raw], [], [], 0)[0])


def _peer_address(sock):
    try:
        return sock.getpeername()
    except _module("socket").error:
        return ""  # an unnamed AF_UNIX peer, or a peer that already reset


class _Default(object):
    def __repr__(self):
        return "<default>"


_DEFAULT = _Default()


def _socket_raw_legacy(family, type, proto):
    """The raw socket a 2.7 ftools socket wraps."""
    found = mechanisms()
    if found.socket == "flag" and isinstance(type, _int_types):
        return _new_raw_socket(family, type, proto, found.socket_flag)
    with spawn_lock.reading():
        raw = _new_raw_socket(family, type, proto, 0)
        _set_socket_noinherit(raw)
    return raw


def _create_connection_legacy(address, timeout=_DEFAULT, source_address=None):
    """``socket.create_connection``; the socket is not inherited."""
    socket_module = _module("socket")
    if timeout is _DEFAULT:
        timeout = socket_module._GLOBAL_DEFAULT_TIMEOUT
    host, port = address
    err = None
    for res in socket_module.getaddrinfo(host, port, 0, socket_module.SOCK_STREAM):
        af, socktype, proto, canonname, sa = res
        sock = None
        try:
            sock = socket(af, socktype, proto)
            if timeout is not socket_module._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sa)
            return sock
        except socket_module.error as e:
            err = e
            if sock is not None:
                sock.close()
    if err is not None:
        raise err
    raise socket_module.error("getaddrinfo returns an empty list")


def _socketpair_locked(*args, **kwargs):
    with spawn_lock.reading():
        pair = _module("_socket").socketpair(*args, **kwargs)
        for sock in pair:
            _set_socket_noinherit(sock)
    return pair


_SOCKETPAIR_FLAG_REFUSED = (_errno.EINVAL, _errno.EPROTONOSUPPORT)


def _socketpair_legacy(*args, **kwargs):
    """``socket.socketpair([family[, type[, proto]]])``: two raw sockets, like 2.7's;
    neither is inherited (SOCK_CLOEXEC on Linux, else made under spawn_lock)."""
    found = mechanisms()
    if found.socketpair != "flag" or kwargs or len(args) > 3 or not all(
            isinstance(arg, _int_types) for arg in args):
        return _socketpair_locked(*args, **kwargs)
    _socket = _module("_socket")
    family, type, proto = tuple(args) + (
        getattr(_socket, "AF_UNIX", _socket.AF_INET), _socket.SOCK_STREAM, 0)[len(args):]
    flag = found.socket_flag
    try:
        pair = _socket.socketpair(family, type | flag, proto)
    except _socket.error as e:
        if e.args[:1] and e.args[0] in _SOCKETPAIR_FLAG_REFUSED:
            return _socketpair_locked(family, type, proto)
        raise
    hidden = flag & ~type
    try:
        first = _adopt(pair[0].fileno(), family, type, proto, hidden, close_original=False)
        try:
            second = _adopt(pair[1].fileno(), family, type, proto, hidden,
                            close_original=False)
        except BaseException:
            first.close()
            raise
    finally:
        pair[0].close()
        pair[1].close()
    return first, second


def _fromfd_legacy(*args, **kwargs):
    """``socket.fromfd(fd, family, type[, proto])``: a raw socket on a copy of fd, like
    2.7's; the copy is not inherited (dup3(O_CLOEXEC) where libc has it)."""
    found = mechanisms()
    if found.adopt == "dup3" and not kwargs and 3 <= len(args) <= 4 and all(
            isinstance(arg, _int_types) for arg in args) and args[0] >= 0:
        fd, family, type = args[:3]
        proto = args[3] if len(args) == 4 else 0
        try:
            return _adopt(fd, family, type, proto, found.socket_flag & ~type,
                          close_original=False)
        except _module("socket").error as e:
            if e.args[:1] == (_errno.EBADF,):
                raise
            # an address family or type a new socket refuses: the stdlib decides
    with spawn_lock.reading():
        sock = _module("_socket").fromfd(*args, **kwargs)
        _set_socket_noinherit(sock)
    return sock


# ======================================================================================
# Python 2.7: os.pipe, os.dup, os.openpty
# ======================================================================================

def _pipe2_direct():
    """(libc pipe2 without argtypes conversion, int[2] type, flags) for the common case of
    ``pipe()``, or None where pipe2 is not the mechanism."""
    found = mechanisms()
    if found.pipe != "pipe2" or _libc_function("pipe2", _int_array, "c_int") is None:
        return None
    ctypes = _module("ctypes")
    function = ctypes.CDLL(None, use_errno=True)["pipe2"]  # a pointer of its own
    function.restype = ctypes.c_int
    return function, ctypes.c_int * 2, found.open_flag


def _pipe_legacy(*args, **kwargs):
    """``os.pipe()``; both ends are not inherited (libc's pipe2 with O_CLOEXEC where
    available, else made under spawn_lock)."""
    # The common case, kept short: the per-call cost is measured (bench/overhead.py).
    direct = _lazy.get("pipe2_direct", False)
    if direct and not args and not kwargs:
        function, pair_type, flags = direct
        fds = pair_type()
        if not function(fds, flags):
            return fds[0], fds[1]
    elif direct is False:
        _once("pipe2_direct", _pipe2_direct)
        return _pipe_legacy(*args, **kwargs)
    if args or kwargs:
        return _os.pipe(*args, **kwargs)  # raises the stdlib's TypeError
    return _pipe_slow()


def _pipe_slow():
    found = mechanisms()
    if found.pipe == "stdlib":
        return _os.pipe()
    if found.pipe == "pipe2":
        fds = _pipe2(found.open_flag)
        if fds is not None:
            return fds
    with spawn_lock.reading():
        read_end, write_end = _os.pipe()
        _set_fd_noinherit(read_end)
        _set_fd_noinherit(write_end)
    return read_end, write_end


def _dup_legacy(*args, **kwargs):
    """``os.dup(fd)``; the new descriptor is not inherited."""
    if kwargs or len(args) != 1:
        return _os.dup(*args, **kwargs)  # raises the stdlib's TypeError
    fd = args[0]
    found = mechanisms()
    if found.dup == "flag" and isinstance(fd, _int_types) and fd >= 0:
        try:
            return _fcntl().fcntl(fd, found.dup_command, 0)
        except IOError as e:  # fcntl raises IOError on 2.7, os.dup raises OSError
            raise OSError(e.errno, e.strerror)
    with spawn_lock.reading():
        new_fd = _os.dup(fd)
        _set_fd_noinherit(new_fd)
    return new_fd


def _openpty_legacy(_self, *args, **kwargs):
    """``os.openpty()``; master and slave are not inherited (on Linux opened with
    O_CLOEXEC, else made under spawn_lock)."""
    function = _lazy.get("openpty") or _once("openpty", _legacy_openpty_function)
    return function(_self, *args, **kwargs)


def _legacy_openpty_function():
    found = mechanisms()
    opener = None
    if found.openpty == "flag":
        opener = _once("pty_opener", lambda: linux_pty_opener(_sys.platform, _machine(), _os))
    return _pty_opening_function(opener, _os.O_RDWR | _os.O_NOCTTY | (found.open_flag or 0),
                                 _fcntl(), None, _openpty_locked)


def _openpty_locked():
    with spawn_lock.reading():
        master, slave = _os.openpty()
        _set_fd_noinherit(master)
        _set_fd_noinherit(slave)
    return master, slave


# ======================================================================================
# Python 2.7: the public names
# ======================================================================================

def _legacy_file_open(self):
    if self.encoding is None:
        return _open_legacy(self.baseFilename, self.mode)
    return _codecs_open_legacy(self.baseFilename, self.mode, self.encoding)


def _legacy_stream_socket(self, timeout=1):
    socket_module = _module("socket")
    s = socket(socket_module.AF_INET, socket_module.SOCK_STREAM)
    if hasattr(s, "settimeout"):
        s.settimeout(timeout)
    s.connect((self.host, self.port))
    return s


def _legacy_datagram_socket(self):
    socket_module = _module("socket")
    return socket(socket_module.AF_INET, socket_module.SOCK_DGRAM)


#: Python 2.7: the stdlib's gc-section lock still held after this long was copied held by a
#: fork: nothing will release it (:func:`_gc_section_lock`).
_STALE_GC_LOCK_AFTER = 0.2


def _gc_section_lock(stdlib_popen):
    """Python 2.7.14+: the lock that ``with self._disabling_gc_lock:`` takes in :func:`Popen`.

    The stdlib's ``subprocess.Popen._disabling_gc_lock`` (bpo-27448) is one
    ``threading.Lock`` for the class, held around ``gc.isenabled(); gc.disable()``.  A
    fork by another thread inside that window (``os.fork``, ``multiprocessing``) copies it
    held into the child, which never resets it: there every ``subprocess.Popen`` waits
    forever.  This is that same lock, so ftools.Popen still excludes plain Popens, once it
    is free; one still held after ``_STALE_GC_LOCK_AFTER`` (the stdlib holds it for two C
    calls) is stale, and the stdlib's class gets a new lock, for ftools and plain Popens
    alike.  It only looks (``locked()``): the ``with`` statement acquires the lock in one
    step, so an exception from a signal handler cannot leave it held.
    """
    lock = getattr(stdlib_popen, "_disabling_gc_lock", None)
    if not hasattr(lock, "locked"):  # the stdlib's no-op where there are no threads
        return lock
    time = _module("time")
    deadline = None
    delay = 0.00005
    while lock.locked():
        now = time.time()
        if deadline is None:
            deadline = now + _STALE_GC_LOCK_AFTER
        elif now >= deadline:
            if getattr(stdlib_popen, "_disabling_gc_lock", None) is lock:
                stdlib_popen._disabling_gc_lock = _module("threading").Lock()
            lock, deadline = stdlib_popen._disabling_gc_lock, None
            continue
        time.sleep(delay)
        delay = min(delay * 2, _MAX_SLEEP)
    return lock


if not PASS_THROUGH:
    import logging as _logging
    import logging.handlers as _logging_handlers
    import socket as _socket_module
    import subprocess as _subprocess

    _flags = _probe_flags()
    #: Add to ``os.open`` flags for an atomic non-inheritable descriptor (0: none here).
    O_CLOEXEC = _flags.get("o_cloexec") or _flags.get("o_noinherit") or 0
    #: Add to a socket type for an atomic non-inheritable socket (0: none here).
    SOCK_CLOEXEC = _flags.get("sock_cloexec") or 0
    #: ``fcntl`` command duplicating a descriptor close-on-exec (None: none here).
    F_DUPFD_CLOEXEC = _flags.get("dupfd_cloexec")
    del _flags

    open = _builtin_like(_open_legacy, "open")
    io_open = _builtin_like(_io_open_legacy, "open")
    codecs_open = _codecs_open_legacy
    os_open = _builtin_like(_os_open_legacy, "open")
    copyfile = _copyfile_legacy
    copy = _copy_legacy
    copy2 = _copy2_legacy
    create_connection = _create_connection_legacy
    socketpair = _builtin_like(_socketpair_legacy, "socketpair")
    fromfd = _builtin_like(_fromfd_legacy, "fromfd")
    pipe = _builtin_like(_pipe_legacy, "pipe")
    dup = _builtin_like(_dup_legacy, "dup")
    openpty = _as_builtin_method(_openpty_legacy, "openpty")

    # The bases, held here: a program may assign ``subprocess.Popen = ftools.Popen``.
    _stdlib_socket = _socket_module.socket
    _stdlib_popen = _subprocess.Popen

    class socket(_stdlib_socket):
        """``socket.socket``; the socket, and the sockets it accepts, are not inherited."""

        __slots__ = ()

        def __init__(self, family=_socket_module.AF_INET, type=_socket_module.SOCK_STREAM,
                     proto=0, _sock=None):
            if _sock is None:
                _sock = _socket_raw_legacy(family, type, proto)
            _stdlib_socket.__init__(self, family, type, proto, _sock)

    class FileHandler(_logging.FileHandler):
        __doc__ = _logging.FileHandler.__doc__
        _open = _legacy_file_open

    class RotatingFileHandler(_logging_handlers.RotatingFileHandler):
        __doc__ = _logging_handlers.RotatingFileHandler.__doc__
        _open = _legacy_file_open

    class TimedRotatingFileHandler(_logging_handlers.TimedRotatingFileHandler):
        __doc__ = _logging_handlers.TimedRotatingFileHandler.__doc__
        _open = _legacy_file_open

    class WatchedFileHandler(_logging_handlers.WatchedFileHandler):
        __doc__ = _logging_handlers.WatchedFileHandler.__doc__
        _open = _legacy_file_open

    class SocketHandler(_logging_handlers.SocketHandler):
        __doc__ = _logging_handlers.SocketHandler.__doc__
        makeSocket = _legacy_stream_socket

    class DatagramHandler(_logging_handlers.DatagramHandler):
        __doc__ = _logging_handlers.DatagramHandler.__doc__
        makeSocket = _legacy_datagram_socket

    class Popen(_stdlib_popen):
        """``subprocess.Popen``, started (pipes and fork/exec) under the write side of
        :data:`spawn_lock`, so the non-atomic creators never leak into its child."""

        def __init__(self, *args, **kwargs):
            with spawn_lock.writing():
                _stdlib_popen.__init__(self, *args, **kwargs)

        @property
        def _disabling_gc_lock(self):
            """Never waited on forever in a forked child (:func:`_gc_section_lock`)."""
            return _gc_section_lock(_stdlib_popen)
