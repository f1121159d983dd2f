"""Descriptors of this process: list them, test inheritability, identify and describe them.

Part of the runtime sanitizer (``noinherit_ftools.sanitizer``).  No dependencies; runs
unchanged on CPython 2.7 and 3.6+.  Linux is the platform that was run; macOS and
Windows go through the branches chosen by :func:`listing_source` and
:func:`description_method`, whose choices are unit-tested with the platform simulated.
"""

import os
import stat
import sys

try:
    import fcntl
    # Bound now: the sanitizer wraps fcntl.fcntl, and its own calls must not go through that.
    _fcntl = fcntl.fcntl
except ImportError:  # Windows
    fcntl = _fcntl = None

_PY2 = sys.version_info[0] == 2

#: Highest descriptor probed where the system cannot list them (no /proc, no /dev/fd).
PROBE_LIMIT = 4096

# Linux values; 2.7 lacks the names.
_SO_DOMAIN = 39
_SO_ACCEPTCONN = 30
# macOS: fcntl(fd, F_GETPATH, buffer) gives the path of a file, a directory or a device.
_F_GETPATH_DARWIN = 50


def listing_source(platform):
    """Where the open descriptors of this process are listed on ``platform``.

    ``"/proc/self/fd"`` (Linux, Android, Cygwin), ``"/dev/fd"`` (macOS, FreeBSD: one
    entry per open descriptor there), or ``None``: probe every number below a limit
    (Windows' C runtime descriptors, other systems).
    """
    if platform.startswith(("linux", "cygwin")):
        return "/proc/self/fd"
    if platform == "darwin" or platform.startswith("freebsd"):
        return "/dev/fd"
    return None


def description_method(platform):
    """How a descriptor is described: ``"proc"`` (readlink of /proc/self/fd/N),
    ``"getpath"`` (fstat, plus fcntl F_GETPATH for paths: macOS) or ``"fstat"``."""
    if listing_source(platform) == "/proc/self/fd":
        return "proc"
    if platform == "darwin":
        return "getpath"
    return "fstat"


_SOURCE = listing_source(sys.platform)


def open_fds(platform=None):
    """Every descriptor open in this process, unsorted (may include one just closed)."""
    source = _SOURCE if platform is None else listing_source(platform)
    if source is not None:
        try:
            return [int(name) for name in os.listdir(source)]
        except (OSError, ValueError):
            pass
    return [fd for fd in range(_probe_limit()) if identity(fd) is not None]


def _probe_limit():
    try:
        import resource
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, ValueError, OSError):
        return PROBE_LIMIT
    return PROBE_LIMIT if soft < 0 else min(soft, PROBE_LIMIT)


if hasattr(os, "get_inheritable"):
    _get_inheritable = os.get_inheritable
else:  # Python 2.7
    def _get_inheritable(fd):
        return not _fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC


def is_inheritable(fd):
    """True if ``fd`` survives exec (no FD_CLOEXEC / inheritable handle); None if closed."""
    try:
        return _get_inheritable(fd)
    except (IOError, OSError):
        return None


def inheritability(everything, leave_out=()):
    """``{fd: inheritable}`` for the open descriptors not in ``leave_out``: the
    inheritable ones only, or ``everything``.  The scan made at each spawn, kept tight."""
    state = {}
    get = _get_inheritable
    for fd in open_fds():
        if fd in leave_out:
            continue
        try:
            flag = get(fd)
        except (IOError, OSError):  # closed meanwhile (the listing's own descriptor)
            continue
        if flag or everything:
            state[fd] = flag
    return state


def identity(fd):
    """``(st_dev, st_ino, file type)`` of what ``fd`` refers to, or None if it is closed.

    Two descriptors with the same identity share an open file or a socket/pipe inode:
    how the baseline and the creation records tell a reused number from the original.
    """
    try:
        st = os.fstat(fd)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, stat.S_IFMT(st.st_mode))


def _text(value):
    """A readable text for a path or name (bytes on 2.7 are decoded, never raising)."""
    if isinstance(value, bytes) and not isinstance(value, str):  # 3.x bytes
        return value.decode(sys.getfilesystemencoding() or "utf-8", "replace")
    if _PY2 and isinstance(value, str):
        return value.decode(sys.getfilesystemencoding() or "utf-8", "replace")
    return value


def _access(fd):
    """``"read"``, ``"write"``, ``"read/write"`` (``", append"`` added), or None."""
    if fcntl is None:
        return None
    try:
        flags = _fcntl(fd, fcntl.F_GETFL)
    except (IOError, OSError):
        return None
    mode = {os.O_RDONLY: "read", os.O_WRONLY: "write", os.O_RDWR: "read/write"}.get(
        flags & (os.O_RDONLY | os.O_WRONLY | os.O_RDWR), "read")
    if flags & os.O_APPEND:
        mode += ", append"
    return mode


def _kind_of_path(target, mode):
    """Kind of a descriptor whose /proc link (or F_GETPATH) is ``target``."""
    if stat.S_ISCHR(mode):
        if target.startswith(("/dev/pts/", "/dev/ttys")) or \
                target in ("/dev/ptmx", "/dev/pts/ptmx"):
            return "pty"
        return "device"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if target.startswith("/memfd:"):
        return "memfd"
    return "file"


_ANON_KINDS = {"[eventfd]": "eventfd", "[eventpoll]": "epoll", "[signalfd]": "signalfd",
               "[timerfd]": "timerfd", "inotify": "inotify", "[pidfd]": "pidfd"}


def describe(fd, platform=sys.platform):
    """What ``fd`` is: ``{"kind": ..., "description": ..., "path": ...}`` (path for files).

    Kinds: ``file``, ``directory``, ``fifo``, ``device``, ``pty``, ``memfd``, ``pipe``,
    ``socket``, ``eventfd``, ``epoll``, ``signalfd``, ``timerfd``, ``inotify``,
    ``pidfd``, ``anon`` (another anonymous inode), ``unknown``.
    """
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return {"kind": "closed", "description": "closed before it could be described"}
    method = description_method(platform)
    target = None
    if method == "proc":
        try:
            target = _text(os.readlink("/proc/self/fd/%d" % fd))
        except OSError:
            target = None
    elif method == "getpath":
        target = _darwin_path(fd)
    return _describe_target(fd, mode, target)


def _describe_target(fd, mode, target):
    access = _access(fd)
    suffix = " (%s)" % access if access else ""
    if stat.S_ISSOCK(mode) or (target or "").startswith("socket:"):
        return {"kind": "socket", "description": socket_details(fd)}
    if (target or "").startswith("pipe:") or (target is None and stat.S_ISFIFO(mode)):
        end = {"read": "read end", "write": "write end"}.get(access, access)
        words = [target or "pipe", end]
        return {"kind": "pipe", "description": " ".join(w for w in words if w)}
    if target and target.startswith("anon_inode:"):
        name = target[len("anon_inode:"):]
        return {"kind": _ANON_KINDS.get(name, "anon"), "description": target}
    if target is None:
        kind = _kind_of_path("", mode)
        return {"kind": kind, "description": kind + suffix}
    kind = _kind_of_path(target, mode)
    return {"kind": kind, "description": "%s %s%s" % (kind, target, suffix), "path": target}


def _darwin_path(fd):
    if fcntl is None:
        return None
    try:
        raw = _fcntl(fd, _F_GETPATH_DARWIN, b"\0" * 1024)
    except (IOError, OSError, TypeError, ValueError):
        return None
    return _text(raw.split(b"\0", 1)[0]) or None


def _address(family, address):
    import socket
    if family == getattr(socket, "AF_UNIX", None):
        if not address:
            return "(unnamed)"
        address = _text(address)
        return "@" + address[1:] if address.startswith("\0") else address
    if isinstance(address, tuple) and len(address) >= 2:
        host = address[0]
        return ("[%s]:%s" if ":" in host else "%s:%s") % (host, address[1])
    return repr(address)


def _socket_object(fd):
    """A socket object over ``fd`` and whether it owns a duplicate (close it) or not."""
    import socket
    if sys.version_info >= (3, 7):
        return socket.socket(fileno=fd), False  # family and type read from the fd
    probe = socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM)
    try:
        family = probe.getsockopt(socket.SOL_SOCKET, _SO_DOMAIN)
        type_ = probe.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)
    finally:
        probe.close()
    return socket.fromfd(fd, family, type_), True


def socket_details(fd):
    """``"socket AF_INET SOCK_STREAM 127.0.0.1:5000 -> 127.0.0.1:40122"`` and the like."""
    import socket
    try:
        sock, owned = _socket_object(fd)
    except (OSError, socket.error, ValueError):
        return "socket"
    try:
        family = _enum_name(socket, "AF_", sock.family)
        type_ = _enum_name(socket, "SOCK_", sock.type)
        local = _address(sock.family, _call(sock.getsockname))
        peer = _call(sock.getpeername)
        if peer is not None:
            where = "%s -> %s" % (local, _address(sock.family, peer))
        elif _call(lambda: sock.getsockopt(socket.SOL_SOCKET, _SO_ACCEPTCONN)):
            where = "listening on %s" % local
        else:
            where = local
        return "socket %s %s %s" % (family, type_, where)
    finally:
        if owned:
            sock.close()
        else:
            sock.detach()


def _call(function):
    try:
        return function()
    except Exception:  # not connected, not supported on this family...
        return None


def _enum_name(module, prefix, value):
    value = int(value)
    for name in dir(module):
        if name.startswith(prefix) and getattr(module, name) == value and \
                name not in ("SOCK_CLOEXEC", "SOCK_NONBLOCK"):
            return name
    return "%s%d" % (prefix, value)


def other_threads():
    """``(count, names)`` of the threads alive besides the calling one.

    The count comes from /proc/self/task where it exists (it also sees threads that
    C code started); the names from :mod:`threading` (only threads it knows).
    """
    import threading
    current = threading.current_thread()
    names = sorted(t.name for t in threading.enumerate() if t is not current and t.is_alive())
    count = len(names)
    try:
        count = max(count, len(os.listdir("/proc/self/task")) - 1)
    except OSError:
        pass
    return count, names
