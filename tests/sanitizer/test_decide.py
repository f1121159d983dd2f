"""The sanitizer's decisions, with Linux, macOS, FreeBSD and Windows simulated.

Only Linux was run for real (test_leaky_programs.py, test_scenarios.py); these pin what
the code decides elsewhere: which descriptors a child gets, where descriptors are
listed and how they are described (macOS's F_GETPATH simulated over real descriptors;
fstat alone elsewhere), threads counted without /proc, the creation flags 2.7 does not
name, and what is watched per Python version.
"""

import os
import socket
import stat
import threading
import types

import pytest

from noinherit_ftools import ftools
from noinherit_ftools import sanitizer_decide as decide
from noinherit_ftools import sanitizer_fds as fds
from noinherit_ftools import sanitizer_hooks as hooks

LINUX, MACOS, WINDOWS = "linux", "darwin", "win32"


def popen(platform, **arguments):
    defaults = dict(close_fds=True, pass_fds=(), p2cread=-1, p2cwrite=-1, c2pread=-1,
                    c2pwrite=-1, errread=-1, errwrite=-1, startupinfo=None)
    defaults.update(arguments)
    return decide.subprocess_facts(defaults, platform)


STATE = {0: True, 1: True, 2: True, 5: True, 6: False, 7: True, 9: True}


@pytest.mark.parametrize("platform", [LINUX, MACOS, "freebsd13"])
def test_posix_subprocess(platform):
    assert decide.receives(popen(platform), STATE) == []
    assert not popen(platform).needs_scan()  # close_fds=True: no scan at all
    assert decide.receives(popen(platform, close_fds=False), STATE) == [5, 7, 9]
    # Popen's own pipe ends: stdio sources become 0/1/2, parent ends are closed there
    spawn = popen(platform, close_fds=False, c2pwrite=7, c2pread=9)
    assert decide.receives(spawn, STATE) == [5]
    # pass_fds forces close_fds=True, as Popen does
    spawn = popen(platform, close_fds=False, pass_fds=[5])
    assert spawn.close_fds is True and decide.receives(spawn, STATE) == []


def test_posix_2_7_arguments_use_none_for_no_pipe():
    spawn = popen(LINUX, close_fds=False, p2cread=None, c2pwrite=None, errwrite=7,
                  p2cwrite=None, c2pread=None, errread=None)
    assert spawn.stdio == (7,) and decide.receives(spawn, STATE) == [5, 9]


def test_unknown_close_fds_counts_as_false():
    spawn = decide.subprocess_facts({}, LINUX)
    assert spawn.close_fds is None and decide.receives(spawn, STATE) == [5, 7, 9]


def _startupinfo(handle_list):
    return types.SimpleNamespace(lpAttributeList={"handle_list": handle_list})


def test_windows_subprocess():
    # 3.7+: a handle_list limits inheritance to it (Popen adds the std handles)
    spawn = popen(WINDOWS, close_fds=False, startupinfo=_startupinfo([100, 104]))
    assert spawn.handle_list == (100, 104) and decide.receives(spawn, STATE) == []
    # close_fds=True: bInheritHandles=FALSE
    assert decide.receives(popen(WINDOWS, startupinfo=_startupinfo([])), STATE) == []
    # close_fds=False, no list: every inheritable handle but the std ones
    spawn = popen(WINDOWS, close_fds=False, p2cread=5, c2pwrite=7, errwrite=7)
    assert decide.receives(spawn, STATE) == [9]
    # the handle_list is ignored where it does not mean anything
    assert popen(LINUX, close_fds=False, startupinfo=_startupinfo([5])).handle_list is None


@pytest.mark.parametrize("platform", [LINUX, MACOS, WINDOWS])
def test_exec_and_fork(platform):
    assert decide.receives(decide.Spawn("os.system", decide.EXEC), STATE) == [5, 7, 9]
    assert decide.receives(decide.Spawn("os.fork", decide.FORK), STATE) == [5, 6, 7, 9]


def _code(source, name):
    namespace = {}
    exec(compile(source, "<test>", "exec"), namespace)
    return namespace[name].__code__


def test_fork_followed_by_exec():
    forks_and_execs = _code("def f(os):\n pid = os.fork()\n if not pid: os.execv('x', [])\n",
                            "f")
    only_forks = _code("def f(os):\n return os.fork()\n", "f")
    assert decide.fork_execs([forks_and_execs, None])
    assert decide.fork_execs([only_forks, forks_and_execs])  # pty.fork called by pty.spawn
    assert not decide.fork_execs([only_forks, only_forks])


@pytest.mark.parametrize("version", [(2, 7), (3, 6), (3, 7)])
@pytest.mark.parametrize("platform", [LINUX, MACOS, WINDOWS])
def test_plan_before_audit_hooks_wraps_everything(version, platform):
    plan = decide.plan(version, platform)
    wrapped = {(module, name) for module, name, _ in plan["wrappers"]}
    assert plan["events"] == []
    assert {("subprocess", "Popen._execute_child"), ("os", "system"), ("os", "execv"),
            ("os", "open"), ("io", "open"), ("socket", "socket.__init__"),
            ("os", "pipe"), ("os", "dup2"), ("os", "set_inheritable")} <= wrapped
    assert (("os", "popen") in wrapped) == (version == (2, 7))  # a subprocess on 3.x
    assert (("os", "fork") in wrapped) == (platform != WINDOWS)
    assert (("os", "spawnv") in wrapped) == (platform == WINDOWS)  # C there, fork+exec else
    assert (("fcntl", "fcntl") in wrapped) == (platform != WINDOWS)


@pytest.mark.parametrize("platform", [LINUX, MACOS, WINDOWS])
def test_plan_with_audit_hooks_wraps_only_calls_without_events(platform):
    plan = decide.plan((3, 12), platform)
    wrapped = {name for _, name, _ in plan["wrappers"]}
    assert {"subprocess.Popen", "os.fork", "os.exec", "os.system", "os.posix_spawn", "open",
            "socket.__new__"} <= set(plan["events"])
    assert not wrapped & {"open", "system", "fork", "Popen._execute_child", "socket.__init__"}
    assert {"pipe", "dup", "dup2", "set_inheritable"} <= wrapped
    assert ("openpty" in wrapped) == (platform != WINDOWS)


@pytest.mark.parametrize("platform, source, method", [
    ("linux", "/proc/self/fd", "proc"), ("cygwin", "/proc/self/fd", "proc"),
    ("darwin", "/dev/fd", "getpath"), ("freebsd13", "/dev/fd", "fstat"),
    ("win32", None, "fstat"), ("sunos5", None, "fstat"),
])
def test_where_descriptors_are_listed_and_how_they_are_described(platform, source, method):
    assert fds.listing_source(platform) == source
    assert fds.description_method(platform) == method


def test_listing_falls_back_to_probing(tmp_path):
    with open(str(tmp_path / "x"), "w") as f:
        probed = fds.open_fds("win32")  # probes numbers, as on Windows
        listed = sorted(fd for fd in fds.open_fds(LINUX) if fds.identity(fd) is not None)
        assert f.fileno() in probed and probed == listed  # (the listing's own fd is gone)


# -- descriptions with macOS, FreeBSD and Windows simulated -----------------------------

def _fake_getpath(monkeypatch, paths):
    """fcntl(fd, F_GETPATH, buffer) as macOS answers it: the path of a file, a directory
    or a device; pipes and sockets have none (EBADF... here: the call fails)."""
    real = fds._fcntl

    def fcntl(fd, command, argument=0):
        if command == fds._F_GETPATH_DARWIN:
            if fd not in paths:
                raise OSError(9, "no path")
            return paths[fd].encode() + b"\0" * (len(argument) - len(paths[fd]))
        return real(fd, command, argument)
    monkeypatch.setattr(fds, "_fcntl", fcntl)


posix_only = pytest.mark.skipif(fds.fcntl is None, reason="needs POSIX descriptors")


@posix_only
def test_macos_descriptions_come_from_getpath(tmp_path, monkeypatch):
    path = str(tmp_path / "data.txt")
    with open(path, "a") as f, open(os.devnull) as null:
        folder = os.open(str(tmp_path), os.O_RDONLY)
        r, w = os.pipe()
        a, b = socket.socketpair()
        try:
            _fake_getpath(monkeypatch, {f.fileno(): path, folder: str(tmp_path),
                                        null.fileno(): "/dev/null"})
            assert fds.describe(f.fileno(), MACOS) == {
                "kind": "file", "path": path, "description": "file %s (write, append)" % path}
            assert fds.describe(folder, MACOS)["description"] == "directory %s (read)" % tmp_path
            assert fds.describe(null.fileno(), MACOS)["description"] == \
                "device /dev/null (read)"
            assert fds.describe(w, MACOS) == {"kind": "pipe", "description": "pipe write end"}
            assert fds.describe(r, MACOS)["description"] == "pipe read end"
            assert fds.describe(a.fileno(), MACOS) == {
                "kind": "socket", "description": "socket AF_UNIX SOCK_STREAM (unnamed) -> "
                                                 "(unnamed)"}
        finally:
            for fd in (folder, r, w):
                os.close(fd)
            a.close()
            b.close()


@posix_only
@pytest.mark.parametrize("platform", ["freebsd13", WINDOWS])
def test_fstat_only_descriptions_have_no_path(platform, tmp_path):
    with open(str(tmp_path / "x"), "w") as f:
        number = f.fileno()
        assert fds.describe(number, platform) == {"kind": "file",
                                                  "description": "file (write)"}
        r, w = os.pipe()
        try:
            assert fds.describe(r, platform) == {"kind": "pipe", "description": "pipe read end"}
        finally:
            os.close(r)
            os.close(w)
    assert fds.describe(number, platform)["kind"] == "closed"


@pytest.mark.parametrize("target, kind", [
    ("/dev/ttys003", "pty"), ("/dev/ptmx", "pty"), ("/dev/pts/4", "pty"),
    ("/dev/null", "device"), ("/dev/tty", "device"),
])
def test_character_devices_on_macos_and_linux(target, kind):
    assert fds._kind_of_path(target, stat.S_IFCHR) == kind


def test_threads_without_proc_are_counted_by_threading(monkeypatch):
    """macOS/Windows have no /proc/self/task: the threads threading knows are counted."""
    real_listdir = os.listdir

    def listdir(path):
        if path == "/proc/self/task":
            raise OSError(2, "No such file or directory")
        return real_listdir(path)
    monkeypatch.setattr(os, "listdir", listdir)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait, name="worker")
    worker.start()
    try:
        assert fds.other_threads() == (1, ["worker"])
    finally:
        stop.set()
        worker.join()
    assert fds.other_threads() == (0, [])


# -- creation flags where 2.7 does not name them ---------------------------------------

class _Module(object):
    def __init__(self, **names):
        self.__dict__.update(names)


@pytest.mark.parametrize("platform, o_cloexec, dupfd_cloexec", [
    ("linux", 0o2000000, 1030), ("linux2", 0o2000000, 1030), (MACOS, 0x1000000, 67),
    ("freebsd13", 0x100000, 17), ("sunos5", 0, None),
])
def test_cloexec_values_on_2_7(platform, o_cloexec, dupfd_cloexec):
    # 2.7: os has no O_CLOEXEC, fcntl no F_DUPFD_CLOEXEC: the platform's values
    assert decide.cloexec_constants(platform, _Module(), _Module(F_DUPFD=0)) == \
        (o_cloexec, dupfd_cloexec)
    # 3.x: the names win
    assert decide.cloexec_constants(platform, _Module(O_CLOEXEC=7),
                                    _Module(F_DUPFD_CLOEXEC=8)) == (7, 8)


def test_cloexec_values_on_windows():
    assert decide.cloexec_constants(WINDOWS, _Module(), None) == (0, None)  # O_NOINHERIT there
    assert hooks.duplicating_commands(WINDOWS, None) == ()


def test_cloexec_values_agree_with_ftools():
    """The sanitizer keeps its own copy (importing ftools probes the system)."""
    assert decide._O_CLOEXEC_BY_PLATFORM == ftools._O_CLOEXEC_BY_PLATFORM
    assert decide._F_DUPFD_CLOEXEC_BY_PLATFORM == ftools._F_DUPFD_CLOEXEC_BY_PLATFORM


@pytest.mark.parametrize("platform, command", [("linux", 1030), (MACOS, 67),
                                               ("freebsd13", 17)])
def test_fcntl_duplicates_are_creations_on_each_platform(platform, command):
    """2.7's fcntl lacks F_DUPFD_CLOEXEC: fcntl(fd, <the platform's value>) still counts."""
    fcntl_27 = _Module(F_DUPFD=0, F_SETFD=2, F_GETFD=1)
    duplicating = hooks.duplicating_commands(platform, fcntl_27)
    assert duplicating == (0, command)
    assert hooks._created_fds("fcntl.fcntl", (3, command, 10), 12, duplicating) == [12]
    assert hooks._created_fds("fcntl.fcntl", (3, 0, 10), 11, duplicating) == [11]
    assert hooks._created_fds("fcntl.fcntl", (3, 1), 1, duplicating) == []  # F_GETFD
