"""Real programs and real children under the sanitizer, on every pyenv interpreter.

Each scenario is one program (Python 2.7 and 3.x) run with
``python -m noinherit_ftools.sanitizer``; ``child.py`` (programs.CHILD) writes the
identities of the descriptors a child really holds, so that "reported" is checked
against "received".  ``pass_fds`` and ``close_fds=True`` giving no report also shows
that ``close_fds``/``pass_fds`` are read from ``Popen._execute_child``'s frame locals
(3.8+) or arguments (before) on that version: unread, they would count as False.
"""

import json
import os
import textwrap

import pytest

from tests.runtime.interpreters import version_params
from tests.sanitizer import programs
from tests.sanitizer.conftest import python_for, run_sanitized

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"),
                                reason="the children read /proc/self/fd (Linux)")


def write(folder, source):
    source = textwrap.dedent(source).lstrip("\n")
    (folder / "prog.py").write_text(source)
    (folder / "child.py").write_text(programs.CHILD)
    return folder / "prog.py", source.split("\n")


def line_of(lines, marker):
    """The 1-based line holding ``# <marker>``."""
    (number,) = [i for i, line in enumerate(lines, 1) if line.endswith("# " + marker)]
    return number


def held(folder, name):
    with open(str(folder / name)) as f:
        return {int(fd): tuple(ids) for fd, ids in json.load(f).items()}


def fds_of(record):
    return sorted(entry["fd"] for entry in record["descriptors"])


@pytest.mark.parametrize("version", version_params())
def test_ctypes_descriptor_is_reported_at_the_spawn(version, runtime_site, tmp_path):
    python = python_for(version)
    script, lines = write(tmp_path, """
        import ctypes, os, subprocess, sys
        libc = ctypes.CDLL(None, use_errno=True)
        fd = libc.open(b"made-by-ctypes.txt", os.O_RDWR | os.O_CREAT, 0o644)
        subprocess.call([sys.executable, "child.py", "out.json"], close_fds=False)  # spawn
        print(fd)
        """)
    run = run_sanitized(python, runtime_site, script, tmp_path)
    assert run.returncode == 0, run.stderr
    fd = int(run.stdout)
    assert fd in held(tmp_path, "out.json")  # the child really got it
    (record,) = run.records  # one record, though 3.8+ may go through os.posix_spawn
    assert record["call"] == "subprocess.Popen" and record["close_fds"] is False
    assert record["site"][1] == line_of(lines, "spawn")
    (entry,) = record["descriptors"]
    assert entry["fd"] == fd and entry["kind"] == "file" and entry["created"] is None
    assert entry["path"].endswith("made-by-ctypes.txt")


@pytest.mark.parametrize("version", version_params())
def test_pass_fds_and_close_fds_true_give_no_false_report(version, runtime_site, tmp_path):
    python = python_for(version)
    script, lines = write(tmp_path, """
        import os, subprocess, sys

        def inheritable(path):
            fd = os.open(path, os.O_RDWR | os.O_CREAT)
            if hasattr(os, "set_inheritable"):
                os.set_inheritable(fd, True)
            return fd

        passed, other = inheritable("passed.txt"), inheritable("other.txt")
        child = [sys.executable, "child.py"]
        if sys.version_info[0] >= 3:
            subprocess.call(child + ["pass_fds.json"], close_fds=True, pass_fds=[passed])
            subprocess.call(child + ["pass_fds_only.json"], pass_fds=(passed,))
        subprocess.call(child + ["close_fds.json"], close_fds=True)
        subprocess.call(child + ["control.json"], close_fds=False)  # control
        print("%d %d" % (passed, other))
        """)
    run = run_sanitized(python, runtime_site, script, tmp_path)
    assert run.returncode == 0, run.stderr
    passed, other = [int(x) for x in run.stdout.split()]
    if version != "2.7":  # 2.7 has no pass_fds
        for name in ("pass_fds.json", "pass_fds_only.json"):
            assert passed in held(tmp_path, name) and other not in held(tmp_path, name)
    assert not {passed, other} & set(held(tmp_path, "close_fds.json"))
    assert {passed, other} <= set(held(tmp_path, "control.json"))
    (record,) = run.records  # only the control spawn, so the sanitizer was on
    assert record["site"][1] == line_of(lines, "control")
    assert fds_of(record) == sorted([passed, other]) and record["close_fds"] is False


@pytest.mark.parametrize("version", version_params())
def test_fork_with_a_thread_alive_is_reported(version, runtime_site, tmp_path):
    python = python_for(version)
    script, lines = write(tmp_path, """
        import os, threading
        ready, stop = threading.Event(), threading.Event()

        def wait():
            ready.set()
            stop.wait()

        pid = os.fork()  # alone
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        thread = threading.Thread(target=wait, name="waiter")
        thread.start()
        ready.wait()
        pid = os.fork()  # threaded
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        stop.set()
        thread.join()
        """)
    run = run_sanitized(python, runtime_site, script, tmp_path)
    assert run.returncode == 0, run.stderr
    (record,) = run.records  # the first fork: no thread, nothing made since the baseline
    assert record["kind"] == "fork" and record["call"] == "os.fork"
    assert record["site"][1] == line_of(lines, "threaded")
    assert record["threads"]["count"] >= 1 and "waiter" in record["threads"]["names"]


@pytest.mark.parametrize("version", version_params())
def test_baseline_is_respected_but_a_reused_number_is_not(version, runtime_site, tmp_path):
    python = python_for(version)
    script, lines = write(tmp_path, """
        import os, subprocess, sys
        inherited = int(sys.argv[1])
        child = [sys.executable, "child.py"]
        subprocess.call(child + ["first.json"], close_fds=False)
        fd = os.open("reused.txt", os.O_RDWR | os.O_CREAT)
        os.dup2(fd, inherited)  # reuse
        os.close(fd)
        subprocess.call(child + ["second.json"], close_fds=False)  # second
        """)
    inherited_file = tmp_path / "inherited.txt"
    inherited_file.write_text("from the parent\n")
    fd = os.open(str(inherited_file), os.O_RDONLY)
    try:
        identity = (os.fstat(fd).st_dev, os.fstat(fd).st_ino)
        run = run_sanitized(python, runtime_site, script, tmp_path, args=(fd,), pass_fds=(fd,))
    finally:
        os.close(fd)
    assert run.returncode == 0, run.stderr
    assert held(tmp_path, "first.json")[fd] == identity  # the child got it: the baseline
    (record,) = run.records  # ...so only the second spawn is reported
    assert record["site"][1] == line_of(lines, "second")
    (entry,) = record["descriptors"]
    assert entry["fd"] == fd and entry["path"].endswith("reused.txt")
    assert entry["created"]["call"] == "os.dup2"
    assert entry["created"]["site"][1] == line_of(lines, "reuse")


@pytest.mark.parametrize("version", version_params())
def test_raise_mode_stops_the_spawn(version, runtime_site, tmp_path):
    python = python_for(version)
    script, _ = write(tmp_path, """
        from __future__ import print_function
        import os, subprocess, sys
        from noinherit_ftools.sanitizer import LeakError
        r, w = os.pipe()
        if hasattr(os, "set_inheritable"):
            os.set_inheritable(w, True)
        try:
            subprocess.call([sys.executable, "-c", "open('started', 'w')"], close_fds=False)
        except LeakError as exc:
            print("Popen", w in [e["fd"] for e in exc.record["descriptors"]])
        print("started", os.path.exists("started"))
        try:
            pid = os.fork()
        except LeakError as exc:
            print("fork", exc.record["kind"])
        else:
            if pid == 0:
                os._exit(0)
            print("forked")
        """)
    run = run_sanitized(python, runtime_site, script, tmp_path, mode="raise")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n")[:3] == ["Popen True", "started False", "fork fork"]
    assert len(run.records) == 2  # --report works in raise mode too


@pytest.mark.parametrize("version", version_params())
def test_warn_mode_reaches_the_original_stderr_and_keeps_the_exit_status(
        version, runtime_site, tmp_path):
    python = python_for(version)
    script, lines = write(tmp_path, """
        from __future__ import print_function
        import os, subprocess, sys
        r, w = os.pipe()  # pipe
        if hasattr(os, "set_inheritable"):
            os.set_inheritable(w, True)
        subprocess.call([sys.executable, "-c", "pass"], close_fds=False)  # first
        log = os.open("stderr.txt", os.O_WRONLY | os.O_CREAT)
        os.dup2(log, 2)
        subprocess.call([sys.executable, "-c", "pass"], close_fds=False)  # redirected
        print("out")
        sys.exit(3)
        """)
    run = run_sanitized(python, runtime_site, script, tmp_path, mode="warn")
    assert run.returncode == 3 and run.stdout == "out\n"
    for marker in ("first", "redirected"):
        assert ("noinherit sanitizer: subprocess.Popen(close_fds=False) at prog.py:%d in "
                "<module> passes" % line_of(lines, marker)) in run.stderr, run.stderr
    made = "write end, made by os.pipe() at prog.py:%d in <module>" % line_of(lines, "pipe")
    assert run.stderr.count(made) == 2, run.stderr
    assert "noinherit" not in (tmp_path / "stderr.txt").read_text()


@pytest.mark.parametrize("version", version_params())
def test_fork_then_exec_is_checked_in_the_child_at_its_exec(version, runtime_site, tmp_path):
    python = python_for(version)
    script, lines = write(tmp_path, """
        from __future__ import print_function
        import os, sys
        r, w = os.pipe()  # pipe
        if hasattr(os, "set_inheritable"):
            os.set_inheritable(w, True)

        def run(argv):
            pid = os.fork()
            if pid == 0:
                try:
                    os.execv(argv[0], argv)  # execv
                finally:
                    os._exit(127)
            return os.waitpid(pid, 0)

        run([sys.executable, "-c", "pass"])
        os.spawnv(os.P_WAIT, sys.executable, [sys.executable, "-c", "pass"])  # spawnv
        print("%d %d" % (os.getpid(), w))
        """)
    run = run_sanitized(python, runtime_site, script, tmp_path)
    assert run.returncode == 0, run.stderr
    parent, w = [int(x) for x in run.stdout.split()]
    assert [r["kind"] for r in run.records] == ["exec", "exec"]  # no fork report
    execv, spawnv = run.records
    assert execv["pid"] != parent and spawnv["pid"] != parent  # checked in the children
    assert (execv["call"], spawnv["call"]) == ("os.exec*", "os.spawn*")
    assert execv["site"][1] == line_of(lines, "execv")
    assert spawnv["site"][1] == line_of(lines, "spawnv")
    for record in run.records:
        (entry,) = [e for e in record["descriptors"] if e["fd"] == w]
        assert entry["created"]["site"][1] == line_of(lines, "pipe")
