"""ftools: create files, sockets and pipes that child processes do not inherit.

Drop-in replacements for the standard-library calls that create file descriptors
(POSIX) or handles (Windows).  Each function takes the same arguments, returns the same
kind of object and raises the same exceptions as the call it replaces *on the running
interpreter*; the difference is that the new descriptor is not inherited by child
processes started with ``exec`` (``subprocess`` with ``close_fds=False``, ``os.system``,
``os.spawn*``, ``os.exec*``) or by ``CreateProcess(bInheritHandles=TRUE)`` on Windows.

This file has no dependencies and runs unchanged on CPython 2.7 and 3.x.  Use it as
``from noinherit_ftools import ftools`` (installed) or copy it into a project
(``noinherit-fix --vendor``) and ``import ftools``.

What it does per interpreter
----------------------------
* **Python >= 3.4** (PEP 446): the standard library already creates every one of these
  handles non-inheritable, atomically on Linux and Windows.  Every function here is a
  thin pass-through that looks the standard-library object up *at call time*
  (``builtins.open``, ``socket.socket``, ``logging.FileHandler``...), so tests that
  patch those names with ``mock`` still see the patch, and no system call is added.
  Where CPython itself is not atomic (``os.openpty``; on macOS sockets, ``accept`` and
  ``os.pipe``; on Windows ``accept`` and ``socketpair``) ftools adds nothing either:
  spawn with ``subprocess``'s default ``close_fds=True``.
* **Python 2.7** (and, untested, 3.0-3.3): atomic wherever the platform allows it:

  - ``open``: the C library's close-on-exec ``fopen`` mode letter (glibc/musl/FreeBSD
    ``'e'``, MSVCRT ``'N'``), used only when a probe shows it works.  The result is a
    ``file`` (a subclass whose ``.mode`` and ``repr`` hide the extra letter); errors
    are the usual ``IOError``.
  - ``os_open``, ``io_open``: ``os.open`` with ``O_CLOEXEC`` (value probed once: 2.7
    lacks the name; checked with ``F_GETFD`` on a probe descriptor) or ``O_NOINHERIT``.
  - ``socket``, ``create_connection``, the logging socket handlers: ``SOCK_CLOEXEC``
    (probed the same way) on Linux/FreeBSD.  The socket's ``.type`` hides the flag.
  - ``socketpair`` on Linux: ``SOCK_CLOEXEC`` in the type argument (kernel >= 2.6.27).
    Both sockets are ``socket.socket`` objects wrapping the ``_socket.socket`` that
    2.7's ``socket.socketpair`` returns (so ``.type`` can hide the flag); if the
    kernel rejects the flag (``EINVAL``/``EPROTONOSUPPORT``) the pair is made by the
    locked path below, still wrapped.
  - ``pipe``: the C library's ``pipe2(fds, O_CLOEXEC)`` through ``ctypes`` when a probe
    shows it works (glibc, musl, FreeBSD); errors are the usual ``OSError``.
  - ``dup``: ``fcntl(fd, F_DUPFD_CLOEXEC, 0)`` when the probe shows it works.
  - ``codecs_open``, ``copyfile``/``copy``/``copy2`` (2.7 shutil semantics, both files
    opened through ftools) and the logging handlers (subclasses overriding ``_open`` /
    ``makeSocket``; the instances are ``isinstance`` of the stdlib classes) build on the
    functions above.
  - No atomic mechanism exists for ``openpty``, ``fromfd``, ``accept`` on ftools
    sockets, sockets (and ``socketpair``) on macOS and Windows
    (``SetHandleInformation`` through ``ctypes``), ``pipe`` where ``ctypes`` or
    ``pipe2`` is missing, or whenever a probe fails.  There the handle is created and
    then marked non-inheritable while holding the *read* side of :data:`spawn_lock`.
    ``accept`` first waits for a pending connection *without* the lock (honouring the
    socket's timeout), so a blocking accept does not hold spawns back; if another
    thread takes that connection first, this accept blocks, holding the read side,
    until the next connection arrives.

``spawn_lock`` (the model is Go's ``syscall.ForkLock``)
------------------------------------------------------
Creators that are not atomic hold the read side while they create a handle and mark
it; :func:`Popen` holds the write side while it starts the child.  So a child started
through ``ftools.Popen`` never sees a half-made handle.  **It does not protect** spawns
that do not take the lock: ``subprocess.Popen`` called directly, ``os.system``,
``os.popen``, ``os.spawn*``, ``os.exec*``, ``pty.spawn``, or C code that forks.  Those
only benefit from the atomic paths above.  Wrap them yourself if needed::

    with ftools.spawn_lock.writing():
        os.system(cmd)

Never call ``Popen`` (or take the write side) while holding the read side in the same
thread: that raises ``RuntimeError`` instead of deadlocking.

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

try:  # Python 3
    import builtins as _builtins
except ImportError:  # Python 2
    import __builtin__ as _builtins

try:
    import _thread as _threadmod
except ImportError:
    import thread as _threadmod

__version__ = "0.1.0"

__all__ = [
    "open", "io_open", "codecs_open", "os_open",
    "copyfile", "copy", "copy2",
    "socket", "create_connection", "socketpair", "fromfd",
    "FileHandler", "RotatingFileHandler", "TimedRotatingFileHandler", "WatchedFileHandler",
    "SocketHandler", "DatagramHandler",
    "pipe", "dup", "openpty",
    "spawn_lock", "Popen",
]

#: True where the standard library already creates non-inheritable handles (PEP 446).
PASS_THROUGH = _sys.version_info >= (3, 4)
_PY2 = _sys.version_info[0] == 2
_WINDOWS = _sys.platform == "win32"


_imported = {}


def _module(name):
    """The module ``name``, imported on first use (keeps importing ftools cheap).

    Goes through ``__import__`` once per name, which waits if another thread is still
    initialising the module (``sys.modules`` alone may hold a half-initialised one).
    """
    try:
        return _imported[name]
    except KeyError:
        __import__(name)
        module = _imported[name] = _sys.modules[name]
        return module


# --------------------------------------------------------------------------------------
# spawn_lock: many creators or one spawner at a time
# --------------------------------------------------------------------------------------

class _Side(object):
    """Context manager for one side of :class:`SpawnLock`."""

    __slots__ = ("_acquire", "_release")

    def __init__(self, acquire, release):
        self._acquire = acquire
        self._release = release

    def __enter__(self):
        self._acquire()
        return self

    def __exit__(self, exc_type, exc, tb):
        self._release()
        return False


class SpawnLock(object):
    """A process-wide reader/writer lock shared by handle creators and spawners.

    ``with spawn_lock.reading():`` create a handle and mark it non-inheritable.
    ``with spawn_lock.writing():`` start a child process.
    Readers nest freely within one thread; a thread holding the write side may also
    take the read side.  Waiting writers keep new readers out, so spawns are not
    starved by a steady stream of creators.
    """

    def __init__(self):
        self._mutex = _threadmod.allocate_lock()
        self._condition = None
        self._readers = {}  # thread ident -> nesting depth
        self._writer = None
        self._writer_depth = 0
        self._writer_reads = 0
        self._writers_waiting = 0
        self._read_side = _Side(self.acquire_read, self.release_read)
        self._write_side = _Side(self.acquire_write, self.release_write)

    def _cond(self):
        condition = self._condition
        if condition is None:
            threading = _module("threading")
            with self._mutex:
                if self._condition is None:
                    self._condition = threading.Condition(threading.Lock())
                condition = self._condition
        return condition

    def reading(self):
        """Context manager: hold the read side (creating a handle)."""
        return self._read_side

    def writing(self):
        """Context manager: hold the write side (starting a child process)."""
        return self._write_side

    def acquire_read(self):
        me = _threadmod.get_ident()
        cond = self._cond()
        with cond:
            depth = self._readers.get(me)
            if depth:
                self._readers[me] = depth + 1
                return
            if self._writer == me:
                self._writer_reads += 1
                return
            while self._writer is not None or self._writers_waiting:
                cond.wait()
            self._readers[me] = 1

    def release_read(self):
        me = _threadmod.get_ident()
        cond = self._cond()
        with cond:
            if self._writer == me and self._writer_reads:
                self._writer_reads -= 1
                return
            depth = self._readers.get(me)
            if not depth:
                raise RuntimeError("spawn_lock: release_read without acquire_read")
            if depth > 1:
                self._readers[me] = depth - 1
                return
            del self._readers[me]
            if not self._readers:
                cond.notify_all()

    def acquire_write(self):
        me = _threadmod.get_ident()
        cond = self._cond()
        with cond:
            if me in self._readers:
                raise RuntimeError(
                    "spawn_lock: this thread holds the read side (it is creating a handle); "
                    "starting a child now would deadlock")
            if self._writer == me:
                self._writer_depth += 1
                return
            self._writers_waiting += 1
            try:
                while self._writer is not None or self._readers:
                    cond.wait()
            finally:
                self._writers_waiting -= 1
            self._writer = me
            self._writer_depth = 1

    def release_write(self):
        me = _threadmod.get_ident()
        cond = self._cond()
        with cond:
            if self._writer != me:
                raise RuntimeError("spawn_lock: release_write by a thread that does not hold it")
            self._writer_depth -= 1
            if self._writer_depth == 0:
                self._writer = None
                self._writer_reads = 0
                cond.notify_all()


#: The process-wide lock: creators hold ``reading()``, :func:`Popen` holds ``writing()``.
spawn_lock = SpawnLock()


def Popen(*args, **kwargs):
    """``subprocess.Popen(...)`` started while holding the write side of :data:`spawn_lock`.

    Returns the ``subprocess.Popen`` instance itself (looked up at call time).  The lock
    covers the pipes Popen creates, the fork/exec (and, on Windows, the inheritable
    duplicates of redirected standard handles, MS KB315939).
    """
    with spawn_lock.writing():
        return _module("subprocess").Popen(*args, **kwargs)


# --------------------------------------------------------------------------------------
# Mechanism choice (pure; unit-tested with simulated platforms)
# --------------------------------------------------------------------------------------

# Candidate values for constants that Python 2.7 does not expose.  Every candidate is
# verified by a probe before use, so a wrong guess only costs the atomic path.
_O_CLOEXEC_BY_PLATFORM = {"linux": 0o2000000, "darwin": 0x1000000, "freebsd": 0x100000}
_O_CLOEXEC_BY_LINUX_MACHINE = {"alpha": 0o10000000, "parisc": 0o10000000,
                               "parisc64": 0o10000000, "sparc": 0x400000,
                               "sparc64": 0x400000}
_SOCK_CLOEXEC_BY_PLATFORM = {"linux": None, "freebsd": 0x10000000}  # linux: = O_CLOEXEC
_F_DUPFD_CLOEXEC_BY_PLATFORM = {"linux": 1030, "darwin": 67, "freebsd": 17}


def _platform_key(platform):
    for key in ("linux", "darwin", "freebsd"):
        if platform.startswith(key):
            return key
    return platform


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
    also be ``"pipe2"`` (libc's ``pipe2`` with ``open_flag``, through ctypes).
    """

    __slots__ = ("windows", "file_mode_letter", "file_letter_at_end", "open_flag",
                 "socket", "socket_flag", "socketpair", "pipe", "dup", "dup_command",
                 "openpty")

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
    values or None), ``pipe2`` (True if libc's ``pipe2`` with ``o_cloexec`` made
    close-on-exec descriptors) and, on Windows, ``o_noinherit`` (``os.O_NOINHERIT``).
    ``socketpair`` uses ``sock_cloexec`` only on Linux (the flag in socketpair's type
    argument is documented there); ``pipe2`` needs a verified ``o_cloexec``.
    """
    windows = platform == "win32"
    if tuple(version_info) >= (3, 4):
        return Mechanisms(windows=windows, file_mode_letter=None, file_letter_at_end=False,
                          open_flag=None, socket="stdlib", socket_flag=None,
                          socketpair="stdlib", pipe="stdlib", dup="stdlib", dup_command=None,
                          openpty="stdlib")
    if windows:
        # MSVCRT: 'N' mode letter and O_NOINHERIT are atomic.  2.7's os.pipe already
        # uses CreatePipe without inheritance.  Sockets and dup need SetHandleInformation.
        return Mechanisms(windows=True, file_mode_letter="N", file_letter_at_end=True,
                          open_flag=probes.get("o_noinherit"), socket="locked",
                          socket_flag=None, socketpair="locked", pipe="stdlib", dup="locked",
                          dup_command=None, openpty="locked")
    letter = "e" if probes.get("fopen_letter") else None
    open_flag = probes.get("o_cloexec")
    sock_flag = probes.get("sock_cloexec")
    dup_command = probes.get("dupfd_cloexec")
    linux = _platform_key(platform) == "linux"
    return Mechanisms(windows=False, file_mode_letter=letter, file_letter_at_end=False,
                      open_flag=open_flag,
                      socket="flag" if sock_flag else "locked", socket_flag=sock_flag,
                      socketpair="flag" if sock_flag and linux else "locked",
                      pipe="pipe2" if open_flag and probes.get("pipe2") else "locked",
                      dup="flag" if dup_command else "locked",
                      dup_command=dup_command, openpty="locked")


def cpython_non_atomic(platform):
    """Creators that CPython >= 3.4 itself makes non-inheritable only in a second step
    (create, then set the flag) on ``platform``.  On >= 3.4 ftools still passes them
    through, but holding the read side of spawn_lock, so ``ftools.Popen`` children
    never see them half-made."""
    names = set(["openpty"])  # openpty() then set_inheritable, everywhere
    if platform == "darwin":  # no SOCK_CLOEXEC, no pipe2 (before the macOS 27 runtime check)
        names.update(["socket", "create_connection", "socketpair", "pipe"])
    elif platform == "win32":  # socketpair is emulated with listen/connect/accept
        names.add("socketpair")
    return frozenset(names)


_LOCKED_PASS_THROUGH = cpython_non_atomic(_sys.platform)


def _pass_through(name, lookup, locked):
    """A function calling ``lookup()(*args, **kwargs)`` (looked up at call time),
    under the read side of spawn_lock when ``locked``."""
    if locked:
        def function(*args, **kwargs):
            with spawn_lock.reading():
                return lookup()(*args, **kwargs)
    else:
        def function(*args, **kwargs):
            return lookup()(*args, **kwargs)
    function.__name__ = name
    return function


# --------------------------------------------------------------------------------------
# Marking handles non-inheritable, and the probes (legacy interpreters only)
# --------------------------------------------------------------------------------------

def _fd_is_inheritable(fd):
    fcntl = _module("fcntl")
    return not (fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)


_kernel32 = []


def _windows_kernel32():
    """kernel32 with the prototypes we call (HANDLE is pointer-sized on 64-bit)."""
    if not _kernel32:
        ctypes = _module("ctypes")
        wintypes = _module("ctypes.wintypes")
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.SetHandleInformation.argtypes = (wintypes.HANDLE, wintypes.DWORD,
                                                  wintypes.DWORD)
        kernel32.SetHandleInformation.restype = wintypes.BOOL
        kernel32.GetFileType.argtypes = (wintypes.HANDLE,)
        kernel32.GetFileType.restype = wintypes.DWORD
        _kernel32.append(kernel32)
    return _kernel32[0]


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
    fcntl = _module("fcntl")
    flags = fcntl.fcntl(fd, fcntl.F_GETFD)
    if not flags & fcntl.FD_CLOEXEC:
        fcntl.fcntl(fd, fcntl.F_SETFD, flags | fcntl.FD_CLOEXEC)


def _set_socket_noinherit(sock):
    if _WINDOWS:
        _set_handle_noinherit(sock.fileno())
    else:
        _set_fd_noinherit(sock.fileno())


def _probe_open_flag(value):
    if not value:
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
    try:
        f = _builtins.open(_os.devnull, "re")
    except (IOError, OSError, ValueError):  # noqa: B014 -- distinct on Python 2
        return False
    try:
        return not _fd_is_inheritable(f.fileno())
    finally:
        f.close()


def _probe_socket_flag(value):
    if not value:
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
    if not value:
        return None
    fcntl = _module("fcntl")
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


_libc_pipe2 = []


def _pipe2_function():
    """libc's ``pipe2`` through ctypes (errno kept), or None where it cannot be loaded."""
    if not _libc_pipe2:
        function = None
        try:
            ctypes = _module("ctypes")
            function = ctypes.CDLL(None, use_errno=True).pipe2
        except (ImportError, OSError, AttributeError, TypeError):
            function = None
        else:
            function.argtypes = (ctypes.POINTER(ctypes.c_int), ctypes.c_int)
            function.restype = ctypes.c_int
        _libc_pipe2.append(function)
    return _libc_pipe2[0]


def _pipe2(flags):
    """``pipe2(fds, flags)`` -> (read end, write end); None if pipe2 is unavailable or
    rejects ``flags`` (ENOSYS, EINVAL); other failures raise OSError like os.pipe."""
    function = _pipe2_function()
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


def _probe_pipe2(o_cloexec):
    if not o_cloexec:
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


def run_probes():
    """Probe the running platform (creates and closes a few descriptors)."""
    if _WINDOWS:
        return {"o_noinherit": getattr(_os, "O_NOINHERIT", None)}
    machine = _os.uname()[4] if hasattr(_os, "uname") else ""
    candidates = candidate_constants(_sys.platform, machine, _os, _module("socket"),
                                     _module("fcntl"))
    # A rejected candidate may leave a probe descriptor inheritable for a moment.
    with spawn_lock.reading():
        o_cloexec = _probe_open_flag(candidates["o_cloexec"])
        return {
            "fopen_letter": _probe_fopen_letter(),
            "o_cloexec": o_cloexec,
            "sock_cloexec": _probe_socket_flag(candidates["sock_cloexec"]),
            "dupfd_cloexec": _probe_dupfd_command(candidates["dupfd_cloexec"]),
            "pipe2": _probe_pipe2(o_cloexec),
        }


_mechanisms = None


def mechanisms():
    """The :class:`Mechanisms` in use (probing once on first call)."""
    global _mechanisms
    found = _mechanisms
    if found is None:
        probes = {} if PASS_THROUGH else run_probes()
        found = _mechanisms = choose_mechanisms(_sys.platform, _sys.version_info, probes)
    return found


def _set_mechanisms(value):
    """Replace the mechanisms in use (tests use this to force fallback paths)."""
    global _mechanisms, _fast_open
    _mechanisms = value
    _fast_open = None


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------

try:
    _string_types = (basestring,)  # noqa: F821 (Python 2)
    _int_types = (int, long)  # noqa: F821 (Python 2)
except NameError:
    _string_types = (str, bytes)
    _int_types = (int,)

_file_classes = {}


def _noinherit_file_class(letter_at_end):
    """2.7: a ``file`` subclass whose .mode and repr hide the mode letter we added."""
    cls = _file_classes.get(letter_at_end)
    if cls is None:
        file_type = _builtins.file
        raw_mode = file_type.mode.__get__

        if letter_at_end:
            def strip(mode):
                return mode[:-1]
        else:
            def strip(mode):
                return mode[:1] + mode[2:]

        def mode(self):
            return strip(raw_mode(self, file_type))

        def __repr__(self):
            text = file_type.__repr__(self)
            raw = raw_mode(self, file_type)
            return text.replace(", mode '%s' at " % raw, ", mode '%s' at " % strip(raw), 1)

        cls = type("file", (file_type,), {
            "__slots__": (), "__module__": __name__, "mode": property(mode),
            "__repr__": __repr__, "__doc__": file_type.__doc__})
        _file_classes[letter_at_end] = cls
    return cls


def _builtin_open_legacy(name, mode="r", buffering=-1):
    found = mechanisms()
    letter = found.file_mode_letter
    understood = isinstance(mode, _string_types) and mode[:1] in ("r", "w", "a", "U")
    if letter and understood and hasattr(_builtins, "file"):
        if found.file_letter_at_end:
            flagged = mode + letter
        else:
            flagged = mode[:1] + letter + mode[1:]
        return _noinherit_file_class(found.file_letter_at_end)(name, flagged, buffering)
    with spawn_lock.reading():
        f = _builtins.open(name, mode, buffering)
        _set_fd_noinherit(f.fileno())
    return f


_IO_MODE_LETTERS = "rwab+tU" + ("x" if _sys.version_info >= (3, 3) else "")


def _io_open_flags(mode, encoding, errors, newline, closefd):
    """os.open flags equivalent to io.open(path, mode), or None when io.open would
    reject the arguments before opening anything (then the stdlib raises for us)."""
    if not isinstance(mode, _string_types) or not closefd:
        return None
    letters = set(mode)
    if len(letters) != len(mode) or not letters <= set(_IO_MODE_LETTERS):
        return None
    if "U" in letters and letters & set("wax"):
        return None
    if "t" in letters and "b" in letters:
        return None
    creating = letters & set("rwax")
    if "U" in letters:
        creating.add("r")
    if len(creating) != 1:
        return None
    if "b" in letters and (encoding is not None or errors is not None or newline is not None):
        return None
    kind = creating.pop()
    flags = {"r": 0, "w": _os.O_CREAT | _os.O_TRUNC, "a": _os.O_CREAT | _os.O_APPEND,
             "x": _os.O_CREAT | _os.O_EXCL}[kind]
    if "+" in letters:
        flags |= _os.O_RDWR
    elif kind == "r":
        flags |= _os.O_RDONLY
    else:
        flags |= _os.O_WRONLY
    return flags | getattr(_os, "O_BINARY", 0)


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
    io = _module("io")
    if not isinstance(file, _string_types):
        # An fd (or a bad argument): nothing is created by path.
        return io.open(file, mode, buffering, encoding, errors, newline, closefd)
    flags = _io_open_flags(mode, encoding, errors, newline, closefd)
    found = mechanisms()
    if flags is None or not found.open_flag:
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
    codecs = _module("codecs")
    if encoding is not None:
        if "U" in mode:
            mode = mode.strip().replace("U", "")
            if mode[:1] not in set("rwa"):
                mode = "r" + mode
        if "b" not in mode:
            mode = mode + "b"
    f = open(filename, mode, buffering)
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


def _os_open_legacy(path, flags, mode=0o777):
    found = mechanisms()
    if found.open_flag and isinstance(flags, _int_types):
        return _os.open(path, flags | found.open_flag, mode)
    with spawn_lock.reading():
        fd = _os.open(path, flags, mode)
        _set_fd_noinherit(fd)
    return fd


if PASS_THROUGH:
    def open(*args, **kwargs):
        """``builtins.open(...)``, looked up at call time (already non-inheritable)."""
        return _builtins.open(*args, **kwargs)

    def io_open(*args, **kwargs):
        """``io.open(...)``, looked up at call time (already non-inheritable)."""
        return _module("io").open(*args, **kwargs)

    def codecs_open(*args, **kwargs):
        """``codecs.open(...)``, looked up at call time (already non-inheritable)."""
        return _module("codecs").open(*args, **kwargs)

    def os_open(*args, **kwargs):
        """``os.open(...)``, looked up at call time (already non-inheritable)."""
        return _os.open(*args, **kwargs)
elif _PY2:
    _OPEN_MODE_STARTS = frozenset(["r", "w", "a", "U"])
    _fast_open = None  # (file subclass or None, letter, letter goes at the end)

    def _prepare_fast_open():
        global _fast_open
        found = mechanisms()
        if found.file_mode_letter:
            cls = _noinherit_file_class(found.file_letter_at_end)
            _fast_open = (cls, found.file_mode_letter, found.file_letter_at_end)
        else:
            _fast_open = (None, None, False)
        return _fast_open

    def open(name, mode="r", buffering=-1):
        """Builtin ``open``; the file is not inherited by child processes."""
        # The common case, kept short: the per-call cost is measured (bench/overhead.py).
        cls, letter, at_end = _fast_open or _prepare_fast_open()
        if cls is not None and type(mode) is str and mode[:1] in _OPEN_MODE_STARTS:
            if at_end:
                return cls(name, mode + letter, buffering)
            return cls(name, mode[:1] + letter + mode[1:], buffering)
        return _builtin_open_legacy(name, mode, buffering)

    def io_open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None,
                closefd=True):
        """``io.open``; the file is not inherited by child processes."""
        return _io_open_legacy(file, mode, buffering, encoding, errors, newline, closefd)

    def codecs_open(filename, mode="rb", encoding=None, errors="strict", buffering=1):
        """``codecs.open``; the file is not inherited by child processes."""
        return _codecs_open_legacy(filename, mode, encoding, errors, buffering)

    def os_open(path, flags, mode=0o777):
        """``os.open``; the descriptor is not inherited by child processes."""
        return _os_open_legacy(path, flags, mode)
else:  # Python 3.0-3.3: builtin open is io.open (not tested here: no such interpreter)
    def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None,
             closefd=True):
        """``open``; the file is not inherited by child processes."""
        return _io_open_legacy(file, mode, buffering, encoding, errors, newline, closefd)

    io_open = open

    def codecs_open(filename, mode="rb", encoding=None, errors="strict", buffering=1):
        """``codecs.open``; the file is not inherited by child processes."""
        return _codecs_open_legacy(filename, mode, encoding, errors, buffering)

    def os_open(path, flags, mode=0o777):
        """``os.open``; the descriptor is not inherited by child processes."""
        return _os_open_legacy(path, flags, mode)


# --------------------------------------------------------------------------------------
# shutil
# --------------------------------------------------------------------------------------

def _copyfile_legacy(src, dst):
    """Python 2.7 shutil.copyfile, opening both files through ftools."""
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
    with open(src, "rb") as fsrc:
        with open(dst, "wb") as fdst:
            shutil.copyfileobj(fsrc, fdst)


def _into_directory(src, dst):
    if _os.path.isdir(dst):
        return _os.path.join(dst, _os.path.basename(src))
    return dst


if PASS_THROUGH or not _PY2:
    # 3.0-3.3 shutil has other signatures (follow_symlinks); it is passed through there.
    def copyfile(*args, **kwargs):
        """``shutil.copyfile(...)``, looked up at call time."""
        return _module("shutil").copyfile(*args, **kwargs)

    def copy(*args, **kwargs):
        """``shutil.copy(...)``, looked up at call time."""
        return _module("shutil").copy(*args, **kwargs)

    def copy2(*args, **kwargs):
        """``shutil.copy2(...)``, looked up at call time."""
        return _module("shutil").copy2(*args, **kwargs)
else:
    def copyfile(src, dst):
        """``shutil.copyfile``; both files are opened non-inheritable."""
        _copyfile_legacy(src, dst)

    def copy(src, dst):
        """``shutil.copy``: data and mode bits; files opened non-inheritable."""
        dst = _into_directory(src, dst)
        _copyfile_legacy(src, dst)
        _module("shutil").copymode(src, dst)

    def copy2(src, dst):
        """``shutil.copy2``: data and metadata; files opened non-inheritable."""
        dst = _into_directory(src, dst)
        _copyfile_legacy(src, dst)
        _module("shutil").copystat(src, dst)


# --------------------------------------------------------------------------------------
# Sockets
# --------------------------------------------------------------------------------------

_DEFAULT = object()
_socket_classes = []


def _wait_readable(sock):
    """Wait (without holding spawn_lock) until sock has a connection to accept,
    honouring its timeout like the C accept does."""
    timeout = sock.gettimeout()
    if timeout == 0.0:
        return
    select = _module("select")
    socket_module = _module("socket")
    time = _module("time")
    deadline = None if timeout is None else time.time() + timeout
    while True:
        remaining = None if deadline is None else max(0.0, deadline - time.time())
        try:
            if hasattr(select, "poll"):
                poller = select.poll()
                poller.register(sock.fileno(), select.POLLIN)
                ready = poller.poll(None if remaining is None else int(remaining * 1000))
            else:
                ready = select.select([sock], [], [], remaining)[0]
        except (select.error, OSError) as e:  # noqa: B014 -- distinct on Python 2
            code = e.args[0] if e.args else None
            if code == _errno.EINTR:
                continue
            raise
        if ready:
            return
        if deadline is not None and time.time() >= deadline:
            raise socket_module.timeout("timed out")


def _noinherit_socket_class():
    """2.7: ``socket.socket`` subclass: hides SOCK_CLOEXEC in .type, and makes the
    sockets that accept() returns non-inheritable (under the read side of spawn_lock)."""
    if _socket_classes:
        return _socket_classes[0]
    socket_module = _module("socket")
    base = socket_module._socketobject
    flag = mechanisms().socket_flag or 0

    def accept(self):
        _wait_readable(self)
        with spawn_lock.reading():
            sock, address = self._sock.accept()
            _set_socket_noinherit(sock)
        return cls(_sock=sock), address

    def dup(self):
        return cls(_sock=self._sock)

    cls = type(base.__name__, (base,), {
        "__slots__": (), "__module__": __name__, "__doc__": base.__doc__,
        "type": property(lambda self: self._sock.type & ~flag, doc="the socket type"),
        "accept": accept, "dup": dup})
    accept.__doc__ = base.accept.__doc__
    _socket_classes.append(cls)
    return cls


def _socket_legacy(family=_DEFAULT, type=_DEFAULT, proto=0, _sock=None):
    socket_module = _module("socket")
    if family is _DEFAULT:
        family = socket_module.AF_INET
    if type is _DEFAULT:
        type = socket_module.SOCK_STREAM
    if _sock is not None:
        return socket_module.socket(family, type, proto, _sock)
    cls = _noinherit_socket_class()
    found = mechanisms()
    if found.socket == "flag" and isinstance(type, _int_types):
        return cls(_sock=socket_module._realsocket(family, type | found.socket_flag, proto))
    with spawn_lock.reading():
        raw = socket_module._realsocket(family, type, proto)
        _set_socket_noinherit(raw)
    return cls(_sock=raw)


def _create_connection_legacy(address, timeout=_DEFAULT, source_address=None):
    """Python 2.7 socket.create_connection, creating the socket through ftools."""
    socket_module = _module("socket")
    host, port = address
    err = None
    for res in socket_module.getaddrinfo(host, port, 0, socket_module.SOCK_STREAM):
        af, socktype, proto, canonname, sa = res
        sock = None
        try:
            sock = socket(af, socktype, proto)
            if timeout is not _DEFAULT and timeout is not socket_module._GLOBAL_DEFAULT_TIMEOUT:
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


if PASS_THROUGH:
    socket = _pass_through("socket", lambda: _module("socket").socket,
                           "socket" in _LOCKED_PASS_THROUGH)
    socket.__doc__ = "``socket.socket(...)``, looked up at call time (already non-inheritable)."
    create_connection = _pass_through(
        "create_connection", lambda: _module("socket").create_connection,
        "create_connection" in _LOCKED_PASS_THROUGH)
    create_connection.__doc__ = "``socket.create_connection(...)``, looked up at call time."
    socketpair = _pass_through("socketpair", lambda: _module("socket").socketpair,
                               "socketpair" in _LOCKED_PASS_THROUGH)
    socketpair.__doc__ = "``socket.socketpair(...)``, looked up at call time."

    def fromfd(*args, **kwargs):
        """``socket.fromfd(...)``, looked up at call time."""
        return _module("socket").fromfd(*args, **kwargs)
else:
    def socket(family=_DEFAULT, type=_DEFAULT, proto=0, _sock=None):
        """``socket.socket``; the socket (and sockets it accepts) are not inherited."""
        return _socket_legacy(family, type, proto, _sock)

    def create_connection(address, timeout=_DEFAULT, source_address=None):
        """``socket.create_connection``; the socket is not inherited."""
        return _create_connection_legacy(address, timeout, source_address)

    def _socketpair_locked(*args, **kwargs):
        with spawn_lock.reading():
            pair = _module("socket").socketpair(*args, **kwargs)
            for sock in pair:
                _set_socket_noinherit(sock)
        return pair

    _SOCKETPAIR_FLAG_REFUSED = (_errno.EINVAL, _errno.EPROTONOSUPPORT)

    def socketpair(*args, **kwargs):
        """``socket.socketpair``; both sockets are not inherited (SOCK_CLOEXEC on
        Linux: ``socket.socket`` objects hiding the flag in .type; else made under
        spawn_lock)."""
        found = mechanisms()
        if found.socketpair != "flag" or kwargs or len(args) > 3 or not all(
                isinstance(arg, _int_types) for arg in args):
            return _socketpair_locked(*args, **kwargs)
        _socket = _module("_socket")
        family, type, proto = tuple(args) + (
            getattr(_socket, "AF_UNIX", _socket.AF_INET), _socket.SOCK_STREAM, 0)[len(args):]
        try:
            pair = _socket.socketpair(family, type | found.socket_flag, proto)
        except _socket.error as e:
            if e.args[:1] and e.args[0] in _SOCKETPAIR_FLAG_REFUSED:
                pair = _socketpair_locked(family, type, proto)
            else:
                raise
        cls = _noinherit_socket_class()
        return cls(_sock=pair[0]), cls(_sock=pair[1])

    def fromfd(*args, **kwargs):
        """``socket.fromfd`` (which duplicates the fd); the new socket is not inherited."""
        socket_module = _module("socket")
        with spawn_lock.reading():
            sock = socket_module.fromfd(*args, **kwargs)
            _set_socket_noinherit(sock)
        return sock


# --------------------------------------------------------------------------------------
# os: pipe, dup, openpty
# --------------------------------------------------------------------------------------

if PASS_THROUGH:
    if "pipe" in _LOCKED_PASS_THROUGH:
        def pipe():
            """``os.pipe()``, looked up at call time, under the read side of spawn_lock."""
            with spawn_lock.reading():
                return _os.pipe()
    else:
        def pipe():
            """``os.pipe()``, looked up at call time (already non-inheritable)."""
            return _os.pipe()

    def dup(fd):
        """``os.dup(fd)``, looked up at call time (already non-inheritable)."""
        return _os.dup(fd)

    def openpty():
        """``os.openpty()``, looked up at call time; CPython marks the descriptors in a
        second step, so this holds the read side of spawn_lock."""
        with spawn_lock.reading():
            return _os.openpty()
else:
    def pipe():
        """``os.pipe()``; both ends are not inherited (libc's pipe2 with O_CLOEXEC where
        available, else made under spawn_lock)."""
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

    def dup(fd):
        """``os.dup(fd)``; the new descriptor is not inherited."""
        found = mechanisms()
        if found.dup == "flag" and isinstance(fd, _int_types):
            try:
                return _module("fcntl").fcntl(fd, found.dup_command, 0)
            except IOError as e:  # fcntl raises IOError on 2.7, os.dup raises OSError
                raise OSError(e.errno, e.strerror)
        with spawn_lock.reading():
            new_fd = _os.dup(fd)
            _set_fd_noinherit(new_fd)
        return new_fd

    def openpty():
        """``os.openpty()``; master and slave are not inherited (made under spawn_lock)."""
        with spawn_lock.reading():
            master, slave = _os.openpty()
            _set_fd_noinherit(master)
            _set_fd_noinherit(slave)
        return master, slave


# --------------------------------------------------------------------------------------
# logging handlers
# --------------------------------------------------------------------------------------

_FILE_HANDLERS = ("FileHandler", "RotatingFileHandler", "TimedRotatingFileHandler",
                  "WatchedFileHandler")
_handler_classes = {}


def _stdlib_handler(name):
    if name == "FileHandler":
        return _module("logging").FileHandler
    return getattr(_module("logging.handlers"), name)


def _legacy_file_open(self):
    if self.encoding is None:
        return open(self.baseFilename, self.mode)
    if _PY2:
        return codecs_open(self.baseFilename, self.mode, self.encoding)
    return open(self.baseFilename, self.mode, encoding=self.encoding)


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


def _handler_class(name):
    """2.7: a subclass of the logging handler whose _open/makeSocket use ftools."""
    cls = _handler_classes.get(name)
    if cls is None:
        base = _stdlib_handler(name)
        if name in _FILE_HANDLERS:
            namespace = {"_open": _legacy_file_open}
        elif name == "SocketHandler":
            namespace = {"makeSocket": _legacy_stream_socket}
        else:
            namespace = {"makeSocket": _legacy_datagram_socket}
        namespace.update({"__module__": __name__, "__doc__": base.__doc__})
        cls = _handler_classes[name] = type(name, (base,), namespace)
    return cls


def _make_handler_factory(name):
    if PASS_THROUGH:
        def factory(*args, **kwargs):
            return _stdlib_handler(name)(*args, **kwargs)
        factory.__doc__ = "``logging.%s(...)``, looked up at call time." % name
    else:
        def factory(*args, **kwargs):
            return _handler_class(name)(*args, **kwargs)
        factory.__doc__ = ("``logging.%s(...)`` whose file or socket is not inherited "
                           "(an instance of a subclass)." % name)
    factory.__name__ = name
    return factory


FileHandler = _make_handler_factory("FileHandler")
RotatingFileHandler = _make_handler_factory("RotatingFileHandler")
TimedRotatingFileHandler = _make_handler_factory("TimedRotatingFileHandler")
WatchedFileHandler = _make_handler_factory("WatchedFileHandler")
SocketHandler = _make_handler_factory("SocketHandler")
DatagramHandler = _make_handler_factory("DatagramHandler")
