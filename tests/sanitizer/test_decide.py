"""The sanitizer's decisions, with Linux, macOS, FreeBSD and Windows simulated.

Only Linux was run for real (test_leaky_programs.py, test_scenarios.py); these pin what
the code decides elsewhere: which descriptors a child gets, where descriptors are
listed and how they are described, and what is watched per Python version.
"""

import types

import pytest

from noinherit_ftools import sanitizer_decide as decide
from noinherit_ftools import sanitizer_fds as fds

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
