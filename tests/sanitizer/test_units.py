"""The sanitizer's parts on this interpreter: descriptions, creation records, the text
block, enable/disable, modes, and that importing it (or the pytest plugin) costs nothing.
"""

import json
import os
import pty
import shutil
import socket
import subprocess
import sys
import textwrap

import pytest

from noinherit_ftools import sanitizer
from noinherit_ftools import sanitizer_fds as fds
from noinherit_ftools import sanitizer_report as report
from noinherit_ftools.sanitizer_track import Tracker, capture, is_library, site

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")


@linux_only
def test_describe_files_pipes_ptys_and_anonymous_inodes(tmp_path):
    path = tmp_path / "data.txt"
    with open(str(path), "a") as f:
        entry = fds.describe(f.fileno())
        assert entry == {"kind": "file", "path": str(path),
                         "description": "file %s (write, append)" % path}
    folder = os.open(str(tmp_path), os.O_RDONLY)
    r, w = os.pipe()
    master, slave = pty.openpty()
    event = os.eventfd(0) if hasattr(os, "eventfd") else None
    memfd = os.memfd_create("scratch")
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        assert fds.describe(folder)["kind"] == "directory"
        assert fds.describe(r)["kind"] == "pipe"
        assert fds.describe(r)["description"].endswith("read end")
        assert fds.describe(w)["description"].endswith("write end")
        assert fds.describe(w)["description"].startswith("pipe:[")
        assert fds.describe(master)["kind"] == fds.describe(slave)["kind"] == "pty"
        assert fds.describe(slave)["path"].startswith("/dev/pts/")
        if event is not None:
            assert fds.describe(event) == {"kind": "eventfd",
                                           "description": "anon_inode:[eventfd]"}
        assert fds.describe(memfd)["kind"] == "memfd"
        assert fds.describe(null)["description"] == "device /dev/null (write)"
    finally:
        for fd in (folder, r, w, master, slave, event, memfd, null):
            if fd is not None:
                os.close(fd)
    assert fds.describe(r)["kind"] == "closed"


def test_describe_sockets_with_addresses():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    a, b = socket.socketpair()
    udp = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) if socket.has_ipv6 else None
    try:
        assert fds.describe(listener.fileno()) == {
            "kind": "socket",
            "description": "socket AF_INET SOCK_STREAM listening on 127.0.0.1:%d" % port}
        local = client.getsockname()[1]
        assert fds.describe(client.fileno())["description"] == (
            "socket AF_INET SOCK_STREAM 127.0.0.1:%d -> 127.0.0.1:%d" % (local, port))
        assert fds.describe(a.fileno())["description"] == (
            "socket AF_UNIX SOCK_STREAM (unnamed) -> (unnamed)")
        if udp is not None:
            udp.bind(("::1", 0))
            assert fds.describe(udp.fileno())["description"] == (
                "socket AF_INET6 SOCK_DGRAM [::1]:%d" % udp.getsockname()[1])
        assert client.fileno() >= 0  # describing did not close or detach the socket
        client.sendall(b"x")
    finally:
        for s in (listener, client, a, b, udp):
            if s is not None:
                s.close()


def test_creation_records_follow_the_identity_not_the_number(tmp_path):
    tracker = Tracker(fds.identity)
    first = os.open(str(tmp_path / "one"), os.O_RDWR | os.O_CREAT)
    tracker.created(first, "os.open", capture(sys._getframe()))
    assert tracker.creation(first, fds.identity(first)).call == "os.open"
    os.close(first)
    reused = os.open(str(tmp_path / "two"), os.O_RDWR | os.O_CREAT)
    try:
        assert reused == first
        assert tracker.creation(reused, fds.identity(reused)) is None  # not the old call
    finally:
        os.close(reused)


def test_path_records_most_recent_wins_and_tmpfile(tmp_path):
    tracker = Tracker(fds.identity)
    target = str(tmp_path / "log")
    tracker.opened(target, 0, "open", [("a.py", 1, "f")])
    tracker.opened(os.path.relpath(target), 0, "os.open", [("b.py", 2, "g")])
    assert tracker.creation(99, None, target).stack == [("b.py", 2, "g")]
    assert tracker.creation(99, None, target + " (deleted)").call == "os.open"
    tracker.opened(str(tmp_path), getattr(os, "O_TMPFILE", 0o20200000), "open",
                   [("c.py", 3, "h")])
    assert tracker.creation(99, None, str(tmp_path / "#1234 (deleted)")).stack[0][0] == "c.py"
    assert tracker.creation(99, None, "/elsewhere") is None


def test_socket_records_go_with_the_object():
    tracker = Tracker(fds.identity)
    sock = socket.socket()
    tracker.socket_made(sock, "socket.socket", [("s.py", 4, "f")])
    assert tracker.creation(sock.fileno(), None).how == "socket"
    fd = sock.fileno()
    sock.close()
    assert tracker.creation(fd, None) is None
    del sock
    assert tracker.sockets == {}  # forgotten with the object


def test_library_frames_are_skipped_for_the_site():
    assert is_library(os.__file__) and is_library(sanitizer.__file__)
    assert is_library("<frozen importlib._bootstrap>") and not is_library(__file__)
    assert not is_library(pytest.__file__)  # installed packages are not the library
    stdlib = os.path.dirname(os.__file__)
    assert not is_library(os.path.join(stdlib, "site-packages", "thing", "x.py"))
    assert not is_library(os.path.join(stdlib, "dist-packages", "x.py"))
    stack = [(os.__file__, 1, "system"), (__file__, 7, "test"), (pytest.__file__, 9, "x")]
    assert site(stack) == (__file__, 7, "test")


#: Run with the runtime copied to FOLDER/noinherit_ftools: every one of its modules is the
#: library there, and a leak made and spawned through its wrappers is put on this file.
WHEREVER_INSTALLED = textwrap.dedent("""
    import glob, os, subprocess, sys
    from noinherit_ftools import sanitizer
    from noinherit_ftools.sanitizer_track import is_library, site
    package = os.path.dirname(sanitizer.__file__)
    assert package == os.path.join(sys.argv[1], "noinherit_ftools"), package
    modules = sorted(glob.glob(os.path.join(package, "*.py")))
    assert len(modules) >= 8 and [m for m in modules if not is_library(m)] == []
    assert not is_library(__file__)
    hooks = os.path.join(package, "sanitizer_hooks.py")
    assert site([(hooks, 1, "wrapper"), (__file__, 2, "main")]) == (__file__, 2, "main")
    sanitizer.enable(mode="record")
    r, w = os.pipe()
    os.set_inheritable(w, True)
    subprocess.call(["true"], close_fds=False)
    (record,) = sanitizer.records()
    (entry,) = record["descriptors"]
    print(record["site"][0] == __file__, entry["fd"] == w, entry["created"]["site"][0] == __file__,
          entry["made_inheritable"]["site"][0] == __file__)
    """)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
@pytest.mark.parametrize("folder", [
    os.path.join("venv", "lib", "python3", "site-packages"),   # pip install (not editable)
    os.path.join("usr", "lib", "python3", "dist-packages"),    # a Debian package
    os.path.join("project", "_vendor"),                        # vendored by a project
])
def test_the_runtime_is_the_library_wherever_it_is_installed(folder, tmp_path):
    target = tmp_path / folder
    shutil.copytree(os.path.dirname(sanitizer.__file__), str(target / "noinherit_ftools"),
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (tmp_path / "probe.py").write_text(WHEREVER_INSTALLED)
    done = subprocess.run([sys.executable, str(tmp_path / "probe.py"), str(target)],
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(target)))
    assert done.stdout.split() == ["True"] * 4, done.stderr


RECORD = {
    "call": "subprocess.Popen", "kind": "subprocess", "close_fds": False, "pass_fds": [],
    "site": ["/app/run.py", 14, "main"],
    "stack": [["/usr/lib/python3/subprocess.py", 1, "_execute_child"],
              ["/app/run.py", 14, "main"], ["/app/run.py", 20, "<module>"]],
    "threads": None, "context": None,
    "descriptors": [
        {"fd": 5, "kind": "file", "description": "file /tmp/log (write)", "path": "/tmp/log",
         "created": {"call": "open", "how": "path", "site": ["/app/run.py", 9, "main"]},
         "made_inheritable": {"call": "os.set_inheritable", "site": ["/app/run.py", 10,
                                                                     "main"]}},
        {"fd": 7, "kind": "pipe", "description": "pipe:[12] write end",
         "created": {"call": "os.pipe", "how": "fd", "site": ["/app/run.py", 11, "main"]},
         "made_inheritable": None},
        {"fd": 8, "kind": "file", "description": "file /x (read)", "path": "/x",
         "created": None, "made_inheritable": None},
    ],
}


def test_block_text(monkeypatch):
    monkeypatch.setattr(report, "is_library", lambda name: name.startswith("/usr/lib"))
    assert report.block(RECORD) == textwrap.dedent("""\
        noinherit sanitizer: subprocess.Popen(close_fds=False) at /app/run.py:14 in main passes 3 descriptors to the child
          fd 5: file /tmp/log (write), made by open() at /app/run.py:9 in main (the latest open of that path); made inheritable by os.set_inheritable() at /app/run.py:10 in main
          fd 7: pipe:[12] write end, made by os.pipe() at /app/run.py:11 in main
          fd 8: file /x (read), made by a call the sanitizer does not see (C code, ctypes, inherited)
          spawned from: /app/run.py:14 in main < /app/run.py:20 in <module>
        """)  # noqa: E501
    fork = dict(RECORD, call="os.fork", kind="fork", descriptors=[],
                threads={"count": 2, "names": ["worker"]})
    assert report.headline(fork) == ("os.fork() at /app/run.py:14 in main forks with no exec "
                                     "following; 2 other threads alive in the parent (worker)")


@pytest.fixture
def sanitized():
    yield sanitizer
    sanitizer.disable()
    sanitizer.clear_records()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
def test_enable_record_disable(sanitized, tmp_path):
    original_pipe = os.pipe
    with pytest.raises(ValueError):
        sanitizer.enable(mode="loud")
    sanitizer.enable(mode="record", report=str(tmp_path / "r.jsonl"))
    assert sanitizer.enabled() and os.pipe is not original_pipe
    r, w = os.pipe()
    os.set_inheritable(w, True)
    try:
        subprocess.call([sys.executable, "-c", "pass"], close_fds=False)
        subprocess.call([sys.executable, "-c", "pass"])
        (record,) = sanitizer.records()
        assert [e["fd"] for e in record["descriptors"]] == [w]
        assert record["descriptors"][0]["created"]["call"] == "os.pipe"
        assert record["site"][0] == __file__
        with open(str(tmp_path / "r.jsonl")) as f:
            assert [json.loads(line) for line in f] == [record]
        sanitizer.disable()
        assert os.pipe is original_pipe and not sanitizer.enabled()
        subprocess.call([sys.executable, "-c", "pass"], close_fds=False)
        assert len(sanitizer.records()) == 1  # off: nothing checked
    finally:
        os.close(r)
        os.close(w)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
def test_raise_mode_and_no_scan_with_close_fds(sanitized, tmp_path, monkeypatch):
    sanitizer.enable(mode="raise")
    fd = os.open(str(tmp_path / "x"), os.O_RDWR | os.O_CREAT)
    os.set_inheritable(fd, True)
    marker = tmp_path / "started"
    try:
        with pytest.raises(sanitizer.LeakError) as raised:
            subprocess.call([sys.executable, "-c", "open(%r, 'w')" % str(marker)],
                            close_fds=False)
        assert not marker.exists()  # raised before the child started
        assert "fd %d: file %s" % (fd, tmp_path / "x") in str(raised.value)
        assert raised.value.record["descriptors"][0]["made_inheritable"]["call"] == \
            "os.set_inheritable"

        def no_scan(*args):
            raise AssertionError("close_fds=True needs no scan")
        monkeypatch.setattr(fds, "open_fds", no_scan)
        subprocess.check_call([sys.executable, "-c", "pass"])
    finally:
        os.close(fd)


def test_importing_costs_nothing():
    """No audit hook, no wrapper: importing the sanitizer and the plugin installs nothing."""
    probe = textwrap.dedent("""
        import os, sys, io, subprocess
        hooks = []
        sys.addaudithook = hooks.append
        before = [os.pipe, os.dup2, os.fork, io.open, subprocess.Popen._execute_child]
        import noinherit_ftools.sanitizer, noinherit_ftools.sanitizer_pytest
        after = [os.pipe, os.dup2, os.fork, io.open, subprocess.Popen._execute_child]
        print(hooks == [], before == after, noinherit_ftools.sanitizer.enabled())
        """)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.split() == ["True", "True", "False"], done.stderr
