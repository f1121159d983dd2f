"""The sanitizer's decisions, as pure functions of facts (no system calls).

* :func:`receives`: which descriptors a child really gets at a spawn;
* :func:`subprocess_facts`: those facts, read from ``Popen._execute_child``'s arguments
  (its frame locals at the ``subprocess.Popen`` audit event on 3.8+, its bound arguments
  through a wrapper before);
* :func:`fork_execs`: whether a ``fork()`` is one half of a fork+exec;
* :func:`cloexec_constants`: ``O_CLOEXEC`` and ``F_DUPFD_CLOEXEC`` where 2.7 lacks them;
* :func:`plan`: what is watched through audit events and what through wrappers, per
  Python version and platform.

Being pure, each is unit-tested for Windows and macOS with the platform simulated.
Runs unchanged on CPython 2.7 and 3.6+.
"""

#: The child image replaces a copy of this process (``exec*``, ``os.system``,
#: ``posix_spawn``, ``os.spawn*``, 2.7's ``os.popen``): it gets the inheritable descriptors.
EXEC = "exec"
#: A copy of this process goes on running (``fork`` without ``exec``): it gets every one.
FORK = "fork"
#: ``subprocess.Popen``: what it gets depends on close_fds / pass_fds / handle_list.
SUBPROCESS = "subprocess"

#: Standard streams: every child is meant to get them.
STANDARD_STREAMS = (0, 1, 2)

#: Names whose presence in the function that called fork() (or in its caller) means the
#: child execs: ``os.exec*``, ``os._execvpe`` and 2.7 ``popen2``'s ``_run_child``.
EXEC_NAMES = frozenset(["execv", "execve", "execvp", "execvpe", "execl", "execle",
                        "execlp", "execlpe", "_execvpe", "_run_child"])


class Spawn(object):
    """The facts about one spawn that decide what the child receives."""

    def __init__(self, call, kind, close_fds=None, pass_fds=(), stdio=(), closed=(),
                 handle_list=None):
        self.call = call                # "subprocess.Popen", "os.system", "os.fork"...
        self.kind = kind                # EXEC, FORK or SUBPROCESS
        self.close_fds = close_fds      # SUBPROCESS: the value Popen used (None: unknown)
        self.pass_fds = tuple(pass_fds)  # SUBPROCESS on POSIX: passed on purpose
        self.stdio = tuple(stdio)       # SUBPROCESS: what becomes the child's 0, 1, 2
        self.closed = tuple(closed)     # SUBPROCESS: parent pipe ends the child closes
        self.handle_list = handle_list  # SUBPROCESS on Windows: STARTUPINFO handle_list

    def needs_scan(self):
        """False when nothing can reach the child but what was passed on purpose."""
        return not (self.kind == SUBPROCESS and (self.close_fds or self.handle_list))


def receives(spawn, inheritable_by_fd):
    """The descriptors the child gets that nobody passed to it on purpose, sorted.

    ``inheritable_by_fd``: ``{fd: bool}`` for the descriptors open at the spawn (the
    baseline and the sanitizer's own already left out).  Standard streams, ``pass_fds``,
    a Windows ``handle_list`` and Popen's own stdio/pipe descriptors are on purpose.
    """
    if not spawn.needs_scan():
        return []
    candidates = [fd for fd in inheritable_by_fd if fd not in STANDARD_STREAMS]
    if spawn.kind == FORK:
        return sorted(candidates)
    purposeful = set(spawn.stdio) | set(spawn.closed) | set(spawn.pass_fds)
    return sorted(fd for fd in candidates
                  if inheritable_by_fd[fd] and fd not in purposeful)


def _descriptors(values):
    """The valid descriptor/handle numbers among ``values`` (None and -1 mean "none")."""
    found = []
    for value in values:
        if value is None:
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if number >= 0:
            found.append(number)
    return tuple(found)


def subprocess_facts(arguments, platform):
    """A :class:`Spawn` from ``Popen._execute_child``'s arguments (a name -> value dict).

    On POSIX the child keeps ``pass_fds`` with ``close_fds=True`` (and only those),
    every inheritable descriptor otherwise, except Popen's own: the stdio sources
    (``p2cread``, ``c2pwrite``, ``errwrite``) become 0/1/2, the parent ends
    (``p2cwrite``, ``c2pread``, ``errread``) are closed in the child.  On Windows
    (``platform == "win32"``) a non-empty ``startupinfo.lpAttributeList["handle_list"]``
    limits inheritance to that list (3.7+), ``close_fds=True`` passes nothing else
    (``bInheritHandles=FALSE``), and ``close_fds=False`` every inheritable handle.
    A missing ``close_fds`` (an interpreter whose internals changed) gives ``None``:
    treated as False, and said so in the report.
    """
    close_fds = arguments.get("close_fds")
    if close_fds is not None:
        close_fds = bool(close_fds)
    handle_list = None
    if platform == "win32":
        startupinfo = arguments.get("startupinfo")
        attributes = getattr(startupinfo, "lpAttributeList", None) or {}
        handle_list = _descriptors(attributes.get("handle_list") or ()) or None
    pass_fds = _descriptors(arguments.get("pass_fds") or ())
    if pass_fds:
        close_fds = True  # Popen forces it (RuntimeWarning "pass_fds overriding close_fds")
    return Spawn("subprocess.Popen", SUBPROCESS, close_fds=close_fds, pass_fds=pass_fds,
                 stdio=_descriptors(arguments.get(n) for n in ("p2cread", "c2pwrite",
                                                               "errwrite")),
                 closed=_descriptors(arguments.get(n) for n in ("p2cwrite", "c2pread",
                                                                "errread")),
                 handle_list=handle_list)


def fork_execs(code_objects):
    """True if the fork is followed by an exec in the child.

    ``code_objects``: the code of the function that called ``fork()`` and of its caller
    (``pty.fork`` is called by ``pty.spawn``).  Such a fork is checked in the child, at
    its exec, where what the new program receives is known exactly.
    """
    for code in code_objects:
        if code is not None and EXEC_NAMES.intersection(code.co_names):
            return True
    return False


#: Spawns that raise an audit event on 3.8+, and the kind of each.
SPAWN_EVENTS = {"subprocess.Popen": SUBPROCESS, "os.system": EXEC, "os.posix_spawn": EXEC,
                "os.exec": EXEC, "os.spawn": EXEC, "os.fork": FORK, "os.forkpty": FORK}
#: Creations that raise an audit event on 3.8+ (the new descriptor is not in the event).
CREATION_EVENTS = ("open", "socket.__new__")


def plan(version_info, platform):
    """What the sanitizer installs: ``{"events": [...], "wrappers": [(module, name, role)]}``.

    Roles: ``"creates"`` (returns new descriptors), ``"marks"`` (may make one
    inheritable), ``"spawns"`` (``Popen._execute_child`` or a spawn function), and
    ``"socket"`` (socket objects' ``__init__``).  Audit hooks (3.8+) see the spawns
    and ``open``/socket creation; wrappers cover every call that raises no event, and on
    2.7-3.7 everything.
    """
    posix = platform != "win32"
    events = version_info >= (3, 8)
    wrappers = [("os", "pipe", "creates"), ("os", "dup", "creates"),
                ("os", "dup2", "creates")]
    if posix:
        wrappers += [("os", "openpty", "creates"), ("os", "pipe2", "creates"),
                     ("os", "memfd_create", "creates"), ("os", "eventfd", "creates"),
                     ("fcntl", "fcntl", "creates"), ("socket", "recv_fds", "creates")]
    wrappers.append(("os", "set_inheritable", "marks"))
    if events:
        return {"events": sorted(SPAWN_EVENTS) + list(CREATION_EVENTS), "wrappers": wrappers}
    wrappers += [("builtins" if version_info[0] >= 3 else "__builtin__", "open", "creates"),
                 ("io", "open", "creates"), ("os", "open", "creates"),
                 ("socket", "socket.__init__", "socket"),
                 ("subprocess", "Popen._execute_child", "spawns"),
                 ("os", "system", "spawns"), ("os", "execv", "spawns"),
                 ("os", "execve", "spawns")]
    if version_info[0] == 2:  # C functions there, Python code calling socket() later
        wrappers += [("socket", "socketpair", "creates"),
                     ("socket", "fromfd", "creates"), ("os", "popen", "spawns")]
    if posix:
        wrappers += [("os", "fork", "spawns"), ("os", "forkpty", "spawns")]
    else:  # os.spawn* are C functions on Windows, Python fork+exec on POSIX
        wrappers += [("os", "spawnv", "spawns"), ("os", "spawnve", "spawns")]
    return {"events": [], "wrappers": wrappers}


#: The values of ftools' tables (``_O_CLOEXEC_BY_PLATFORM``, ``_F_DUPFD_CLOEXEC_BY_PLATFORM``;
#: tests/sanitizer/test_decide.py checks they agree), for the names 2.7 does not expose.
#: Not imported from ftools: importing it probes the system (tens of milliseconds).
_O_CLOEXEC_BY_PLATFORM = {"linux": 0o2000000, "darwin": 0x1000000, "freebsd": 0x100000}
_F_DUPFD_CLOEXEC_BY_PLATFORM = {"linux": 1030, "darwin": 67, "freebsd": 17}


def cloexec_constants(platform, os_module, fcntl_module):
    """``(O_CLOEXEC, F_DUPFD_CLOEXEC)`` on ``platform``: the modules' names when they
    have them (3.x), else the platform's values (2.7 on Linux, macOS, FreeBSD), else 0
    and None (Windows, other systems: no such flag, no such command)."""
    key = platform
    for known in ("linux", "darwin", "freebsd"):
        if platform.startswith(known):
            key = known
    o_cloexec = getattr(os_module, "O_CLOEXEC", None)
    if o_cloexec is None:
        o_cloexec = _O_CLOEXEC_BY_PLATFORM.get(key, 0)
    dupfd_cloexec = getattr(fcntl_module, "F_DUPFD_CLOEXEC", None)
    if dupfd_cloexec is None and fcntl_module is not None:
        dupfd_cloexec = _F_DUPFD_CLOEXEC_BY_PLATFORM.get(key)
    return o_cloexec, dupfd_cloexec
