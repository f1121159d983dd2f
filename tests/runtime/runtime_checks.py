"""Checks for runtime/ftools.py that run unchanged on Python 2.7 and 3.6+.

Plain runner (no pytest needed, works on 2.7):

    python tests/runtime/runtime_checks.py            # every check
    python tests/runtime/runtime_checks.py -k socket  # checks whose name contains "socket"

prints one PASS/FAIL/SKIP line per check and a count line, and exits 1 if any check
failed.  ``tests/runtime/test_runtime_inprocess.py`` runs the same checks under pytest.

What is checked:
* differential: every ftools function against the stdlib call it replaces, on the same
  input (modes, buffering, encodings, missing file, directory, ENOTDIR...): same result
  type, attributes, data and exception type/errno/message;
* every handle ftools returns has FD_CLOEXEC set AND a real child started with
  ``close_fds=False`` does not hold it (the child is ``ls -l /proc/self/fd``);
* the fallback (lock) paths, by forcing them on this platform;
* the mechanism choice for Windows/macOS/other platforms, simulated;
* a bounded stress run: threads create handles through every API while the main thread
  spawns children with ``close_fds=False``; no child may receive one.
"""

from __future__ import print_function

import os
import shutil
import socket as socket_module
import stat
import subprocess
import sys
import tempfile
import threading
import time
import warnings

try:
    from tests.runtime.child_wait import exited_within
except ImportError:  # run as a script: this folder is sys.path[0]
    from child_wait import exited_within

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME_DIR = os.path.join(HERE, os.pardir, os.pardir, "runtime")
PY2 = sys.version_info[0] == 2
LINUX = sys.platform.startswith("linux")
PASS_THROUGH = sys.version_info >= (3, 4)

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


def load_ftools():
    """Import runtime/ftools.py as a loose file (the way --vendor copies use it)."""
    if RUNTIME_DIR not in sys.path:
        sys.path.insert(0, RUNTIME_DIR)
    import ftools
    return ftools


class Skip(Exception):
    """Raised by a check that cannot run here; the message says why."""


CHECKS = []

#: Lines for the pytest summary: which interpreters the checks ran under (filled by
#: test_runtime_all_pythons.py, printed by conftest.py).
INTERPRETER_REPORT = []


def check(function):
    CHECKS.append(function)
    return function


def expect(condition, message, *args):
    if not condition:
        raise AssertionError(message % args if args else message)


def expect_equal(actual, expected, what):
    if actual != expected:
        raise AssertionError("%s: ftools gave %r, stdlib gave %r" % (what, actual, expected))


# ----------------------------------------------------------------------------------------
# Inheritance: flag and a real child
# ----------------------------------------------------------------------------------------

def fd_inheritable(fd):
    return not (fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)


def fd_target(fd):
    return os.readlink("/proc/self/fd/%d" % fd)


def parse_fd_listing(text):
    """Lines of ``ls -l /proc/self/fd`` -> {fd: target}, without ls's own directory fd."""
    found = {}
    for line in text.splitlines():
        if " -> " not in line:
            continue
        left, target = line.split(" -> ", 1)
        number = int(left.split()[-1])
        if target.startswith("/proc/"):
            continue
        found[number] = target
    return found


def child_fds(spawn=subprocess.Popen):
    """{fd: target} that a child started with close_fds=False holds (fds >= 3)."""
    child = spawn(["ls", "-l", "/proc/self/fd"], stdout=subprocess.PIPE, close_fds=False)
    out = child.communicate()[0]
    if not isinstance(out, str):
        out = out.decode("utf-8", "replace")
    return dict((fd, t) for fd, t in parse_fd_listing(out).items() if fd > 2)


def require_linux():
    if not LINUX or fcntl is None:
        raise Skip("needs Linux (/proc/self/fd and fcntl); verified only on Linux")


def fileno_of(handle):
    if isinstance(handle, int):
        return handle
    for attribute in ("stream", "sock"):  # logging handlers
        inner = getattr(handle, attribute, None)
        if inner is not None:
            return fileno_of(inner)
    return handle.fileno()


def assert_not_inherited(handles, what, spawn=subprocess.Popen):
    """Every handle has FD_CLOEXEC and a real close_fds=False child does not hold it."""
    fds = [fileno_of(h) for h in handles]
    targets = dict((fd, fd_target(fd)) for fd in fds)
    for fd in fds:
        expect(not fd_inheritable(fd), "%s: fd %d (%s) is inheritable", what, fd, targets[fd])
    held = child_fds(spawn)
    for fd in fds:
        expect(held.get(fd) != targets[fd],
               "%s: child holds fd %d (%s)", what, fd, targets[fd])


# ----------------------------------------------------------------------------------------
# Differential harness
# ----------------------------------------------------------------------------------------

SAMPLE = b"line one\r\nline two\nline \xc3\xa9 three\rend"


class Scratch(object):
    """A temp dir with the same layout for the stdlib run and for the ftools run."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="ftools-checks-")

    def reset(self):
        for name in os.listdir(self.root):
            path = os.path.join(self.root, name)
            if os.path.isdir(path) and not os.path.islink(path):
                if name == "adir" and not os.listdir(path):
                    continue  # rmdir is slow on some filesystems; keep the empty dir
                shutil.rmtree(path)
            else:
                os.remove(path)
        with open(self.path("data.txt"), "wb") as f:
            f.write(SAMPLE)
        os.chmod(self.path("data.txt"), 0o640)
        if not os.path.isdir(self.path("adir")):
            os.mkdir(self.path("adir"))
        with open(self.path("plain"), "wb") as f:
            f.write(b"x")
        # permission denied for non-root users (root may open it: then both succeed)
        with open(self.path("secret"), "wb") as f:
            f.write(b"s")
        os.chmod(self.path("secret"), 0)

    def path(self, *names):
        return os.path.join(self.root, *names)

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)


def _read_back(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except (IOError, OSError) as e:  # noqa: B014 -- distinct on Python 2
        return "unreadable: %s" % type(e).__name__


def _attr(obj, name):
    try:
        value = getattr(obj, name)
    except Exception as e:  # noqa: B902 -- recording what happens is the point
        return "raises %s" % type(e).__name__
    if callable(value) and not isinstance(value, type):
        return "callable"
    return value


def describe_exception(e, scratch):
    text = str(e).replace(scratch.root, "<tmp>")
    return ("raises", type(e).__name__, getattr(e, "errno", None), text)


def describe_file(f, scratch, write_text=None):
    """Observable state of a file-like object, then its data (read or write)."""
    seen = [("type", f.__class__.__name__)]
    for name in ("name", "mode", "closed", "encoding", "errors", "newlines",
                 "line_buffering", "softspace"):
        value = _attr(f, name)
        if isinstance(value, str):
            value = value.replace(scratch.root, "<tmp>")
        seen.append((name, value))
    for name in ("buffer", "raw"):
        inner = getattr(f, name, None)
        seen.append((name, None if inner is None else inner.__class__.__name__))
    try:
        seen.append(("tell", f.tell()))
    except Exception as e:  # noqa: B902
        seen.append(("tell", "raises %s" % type(e).__name__))
    try:
        data = f.read()
        seen.append(("read", data))
    except Exception as e:  # noqa: B902
        seen.append(("read", "raises %s" % type(e).__name__))
    if write_text is not None:
        try:
            f.write(write_text)
            seen.append(("write", "ok"))
        except Exception as e:  # noqa: B902
            seen.append(("write", "raises %s" % type(e).__name__))
    return seen


def differential(scratch, stdlib_call, ftools_call, describe, what):
    """Run both calls on a fresh scratch dir; compare descriptions; return ftools' result
    descriptions.  ``describe(result)`` turns a result into comparable data and closes it."""
    outcomes = []
    for call, is_ftools in ((stdlib_call, False), (ftools_call, True)):
        scratch.reset()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = call()
            except Exception as e:  # noqa: B902
                outcome = [describe_exception(e, scratch)]
            else:
                if is_ftools and fcntl is not None:
                    for fd in handles_fds(result):
                        expect(not fd_inheritable(fd), "%s: ftools result fd %d inheritable",
                               what, fd)
                outcome = describe(result)
        outcome.append(("warnings", [(w.category.__name__, str(w.message)) for w in caught]))
        outcomes.append(outcome)
    expect_equal(outcomes[1], outcomes[0], what)
    return outcomes[1]


def handles_fds(result):
    if isinstance(result, bool):
        return []
    if isinstance(result, int):
        return [result]
    if isinstance(result, tuple):
        out = []
        for item in result:
            if isinstance(item, int) or hasattr(item, "fileno"):
                out.extend(handles_fds(item))
        return out
    if hasattr(result, "fileno"):
        try:
            return [result.fileno()]
        except Exception:  # noqa: B902 -- closed/unsupported
            return []
    return []


def file_describer(scratch, path_to_check=None, write_text=None):
    def describe(f):
        try:
            seen = describe_file(f, scratch, write_text)
        finally:
            f.close()
        if path_to_check is not None:
            seen.append(("on disk", _read_back(path_to_check)))
        return seen
    return describe


# ----------------------------------------------------------------------------------------
# Differential checks: files
# ----------------------------------------------------------------------------------------

def _builtin_open_cases():
    if PY2:
        modes = ["r", "rb", "r+", "r+b", "rU", "U", "Ub", "w", "wb", "w+", "a", "ab", "a+",
                 "rw", "", "x", "wU", "br"]
        buffers = [-1, 0, 1, 4096]
    else:
        modes = ["r", "rb", "r+", "r+b", "rt", "w", "wb", "w+", "a", "ab", "a+b", "x", "xb",
                 "rw", "", "z", "rbt", "wU"]
        if sys.version_info < (3, 11):
            modes += ["rU", "U"]
        buffers = [-1, 0, 1, 4096]
    return modes, buffers


def _write_text_for(mode):
    if not set(mode) & set("wax+"):
        return None
    if PY2:
        return "written\n"
    return b"written\n" if "b" in mode else u"written\n"


@check
def check_open_modes_and_buffering(ftools):
    modes, buffers = _builtin_open_cases()
    scratch = Scratch()
    try:
        for mode in modes:
            for buffering in buffers:
                for target in ("data.txt", "new.txt"):
                    path = scratch.path(target)
                    differential(
                        scratch,
                        lambda: open(path, mode, buffering),
                        lambda: ftools.open(path, mode, buffering),
                        file_describer(scratch, path, _write_text_for(mode)),
                        "open(%s, %r, %r)" % (target, mode, buffering))
    finally:
        scratch.close()


@check
def check_open_errors(ftools):
    scratch = Scratch()
    try:
        cases = [("missing", "r"), ("missing/sub", "w"), ("adir", "r"), ("adir", "w"),
                 ("plain/sub", "r"), ("plain/sub", "w"), ("secret", "r"), ("secret", "a")]
        for name, mode in cases:
            path = scratch.path(name)
            differential(scratch, lambda: open(path, mode), lambda: ftools.open(path, mode),
                         file_describer(scratch), "open(%s, %r)" % (name, mode))
        differential(scratch, lambda: open(None), lambda: ftools.open(None),
                     file_describer(scratch), "open(None)")
        path = scratch.path("data.txt")
        for mode in (u"r", u"rb", 5, None):  # not a plain str: the locked path on 2.7
            differential(scratch, lambda: open(path, mode), lambda: ftools.open(path, mode),
                         file_describer(scratch), "open(data.txt, %r)" % (mode,))
        # keyword arguments use the stdlib's names
        path = scratch.path("data.txt")
        if PY2:
            differential(scratch, lambda: open(name=path, mode="rb", buffering=0),
                         lambda: ftools.open(name=path, mode="rb", buffering=0),
                         file_describer(scratch), "open(name=, mode=, buffering=)")
        else:
            differential(scratch, lambda: open(file=path, mode="r", encoding="latin-1"),
                         lambda: ftools.open(file=path, mode="r", encoding="latin-1"),
                         file_describer(scratch), "open(file=, mode=, encoding=)")
    finally:
        scratch.close()


def _text_option_cases():
    return [
        {"encoding": "utf-8"}, {"encoding": "latin-1"}, {"encoding": "ascii"},
        {"encoding": "ascii", "errors": "replace"}, {"encoding": "no-such-codec"},
        {"newline": ""}, {"newline": "\n"}, {"newline": "\r\n"}, {"newline": "bogus"},
        {"encoding": "utf-8", "newline": None, "errors": "strict"},
    ]


@check
def check_io_open(ftools):
    import io
    scratch = Scratch()
    modes = ["r", "rb", "r+", "rt", "w", "wb", "w+", "a", "ab", "a+", "U", "rU", "rw", "rr",
             "z", "wU", "tb", "", "b", "+"]
    if sys.version_info >= (3, 3):
        modes += ["x", "xb"]
    try:
        cases = [(target, buffering) for target in ("data.txt", "new.txt")
                 for buffering in (-1, 0, 1, 64)]
        cases += [(target, -1) for target in ("missing/x", "adir", "plain/sub", "secret")]
        for mode in modes:
            for target, buffering in cases:
                path = scratch.path(target)
                write = None
                if set(mode) & set("wax+"):
                    write = b"written\n" if "b" in mode else u"written\n"
                differential(scratch, lambda: io.open(path, mode, buffering),
                             lambda: ftools.io_open(path, mode, buffering),
                             file_describer(scratch, path, write),
                             "io.open(%s, %r, %r)" % (target, mode, buffering))
        path = scratch.path("data.txt")
        for mode in ("r", "rb", "w"):
            for options in _text_option_cases():
                differential(scratch, lambda: io.open(path, mode, **options),
                             lambda: ftools.io_open(path, mode, **options),
                             file_describer(scratch, path),
                             "io.open(data.txt, %r, **%r)" % (mode, options))
        missing = scratch.path("missing")
        differential(scratch, lambda: io.open(missing, "r", encoding="no-such-codec"),
                     lambda: ftools.io_open(missing, "r", encoding="no-such-codec"),
                     file_describer(scratch), "io.open(missing, encoding=bad)")
        differential(scratch, lambda: io.open(path, closefd=False),
                     lambda: ftools.io_open(path, closefd=False),
                     file_describer(scratch), "io.open(path, closefd=False)")
        differential(scratch, lambda: io.open(path, "r", encoding=5),
                     lambda: ftools.io_open(path, "r", encoding=5),
                     file_describer(scratch), "io.open(path, encoding=5)")
        # wrongly typed arguments are refused before the file is created or truncated
        for target in ("data.txt", "new.txt"):
            typed_path = scratch.path(target)
            for mode in ("w", "a", "w+", "r+"):
                for options in ({"encoding": 5}, {"errors": 5}, {"newline": 5},
                                {"buffering": "x"}, {"buffering": 1.5}, {"closefd": "x"}):
                    differential(scratch, lambda: io.open(typed_path, mode, **options),
                                 lambda: ftools.io_open(typed_path, mode, **options),
                                 file_describer(scratch, typed_path),
                                 "io.open(%s, %r, **%r)" % (target, mode, options))
        unicode_path = scratch.path(u"data.txt")
        differential(scratch, lambda: io.open(unicode_path), lambda: ftools.io_open(unicode_path),
                     file_describer(scratch), "io.open(unicode path)")
        # wrapping an existing fd creates nothing and must not change its flag
        fd = os.open(path, os.O_RDONLY)
        try:
            if fcntl is not None:
                fcntl.fcntl(fd, fcntl.F_SETFD, 0)
            f = ftools.io_open(fd, "rb", closefd=False)
            expect_equal(f.name, fd, "io_open(fd).name")
            f.close()
            if fcntl is not None:
                expect(fd_inheritable(fd), "io_open(fd) changed the flag of an existing fd")
        finally:
            os.close(fd)
    finally:
        scratch.close()


@check
def check_codecs_open(ftools):
    import codecs
    scratch = Scratch()
    try:
        cases = [("data.txt", "rb", None), ("data.txt", "r", "utf-8"), ("data.txt", "rU", "utf-8"),
                 ("data.txt", "U", "latin-1"), ("new.txt", "w", "utf-8"), ("new.txt", "wb", None),
                 ("data.txt", "a", "utf-16"), ("missing/x", "r", "utf-8"),
                 ("data.txt", "r", "no-such-codec"), ("adir", "r", None)]
        for name, mode, encoding in cases:
            path = scratch.path(name)
            write = None
            if set(mode) & set("wa"):
                write = u"written\n" if encoding else b"written\n"
            differential(scratch, lambda: codecs.open(path, mode, encoding),
                         lambda: ftools.codecs_open(path, mode, encoding),
                         file_describer(scratch, path, write),
                         "codecs.open(%s, %r, %r)" % (name, mode, encoding))
        path = scratch.path("data.txt")
        differential(scratch,
                     lambda: codecs.open(path, "r", "ascii", errors="replace", buffering=0),
                     lambda: ftools.codecs_open(path, "r", "ascii", errors="replace", buffering=0),
                     file_describer(scratch), "codecs.open(errors=, buffering=0)")
    finally:
        scratch.close()


@check
def check_os_open(ftools):
    scratch = Scratch()
    cases = [
        ("data.txt", os.O_RDONLY, None), ("data.txt", os.O_RDWR, None),
        ("new.txt", os.O_WRONLY | os.O_CREAT, 0o600), ("new.txt", os.O_WRONLY | os.O_CREAT, None),
        ("data.txt", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600),
        ("data.txt", os.O_WRONLY | os.O_APPEND, None), ("missing", os.O_RDONLY, None),
        ("adir", os.O_RDONLY, None), ("adir", os.O_WRONLY, None), ("plain/sub", os.O_RDONLY, None),
        ("secret", os.O_RDONLY, None),
    ]

    def describer(path):
        def describe(fd):
            try:
                info = os.fstat(fd)
                seen = [("type", type(fd).__name__), ("mode", oct(info.st_mode)),
                        ("pos", os.lseek(fd, 0, os.SEEK_CUR)), ("size", info.st_size)]
            finally:
                os.close(fd)
            seen.append(("on disk", _read_back(path)))
            return seen
        return describe

    try:
        for name, flags, mode in cases:
            path = scratch.path(name)
            args = (path, flags) if mode is None else (path, flags, mode)
            differential(scratch, lambda: os.open(*args), lambda: ftools.os_open(*args),
                         describer(path), "os.open(%s, %d, %r)" % (name, flags, mode))
        differential(scratch, lambda: os.open(None, os.O_RDONLY),
                     lambda: ftools.os_open(None, os.O_RDONLY),
                     describer(scratch.path("x")), "os.open(None)")
    finally:
        scratch.close()


def _tree_snapshot(scratch):
    seen = []
    for dirpath, dirnames, filenames in os.walk(scratch.root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            info = os.stat(path)
            seen.append((os.path.relpath(path, scratch.root), oct(stat.S_IMODE(info.st_mode)),
                         _read_back(path)))
    return seen


@check
def check_shutil_copies(ftools):
    scratch = Scratch()
    try:
        def describe(result):
            if isinstance(result, str):
                result = result.replace(scratch.root, "<tmp>")
            return [("returns", result)] + _tree_snapshot(scratch)

        cases = [("data.txt", "copy.txt"), ("data.txt", "adir"), ("data.txt", "data.txt"),
                 ("missing", "copy.txt"), ("data.txt", "missing/copy.txt"), ("adir", "copy.txt"),
                 ("data.txt", "plain/sub")]
        for name in ("copyfile", "copy", "copy2"):
            for src, dst in cases:
                src_path, dst_path = scratch.path(src), scratch.path(dst)
                differential(scratch,
                             lambda: getattr(shutil, name)(src_path, dst_path),
                             lambda: getattr(ftools, name)(src_path, dst_path),
                             describe, "shutil.%s(%s, %s)" % (name, src, dst))
        # copy2 keeps the modification time like the stdlib
        scratch.reset()
        src = scratch.path("data.txt")
        os.utime(src, (1000000000, 1000000000))
        ftools.copy2(src, scratch.path("c2"))
        expect_equal(int(os.stat(scratch.path("c2")).st_mtime), 1000000000, "copy2 mtime")
        # named pipes are refused like the stdlib does
        if hasattr(os, "mkfifo"):
            fifo = scratch.path("fifo")
            os.mkfifo(fifo)
            for name in ("copyfile", "copy", "copy2"):
                outcomes = []
                for module in (shutil, ftools):
                    try:
                        getattr(module, name)(fifo, scratch.path("out"))
                        outcomes.append("copied")
                    except Exception as e:  # noqa: B902
                        outcomes.append((type(e).__name__, str(e)))
                expect_equal(outcomes[1], outcomes[0], "%s(fifo)" % name)
    finally:
        scratch.close()


@check
def check_copy_opens_both_files_non_inheritable(ftools):
    require_linux()
    if PASS_THROUGH:
        raise Skip("Python >= 3.4: shutil is passed through (its open() is non-inheritable)")
    scratch = Scratch()
    seen = []

    real = shutil.copyfileobj

    def spying_copyfileobj(fsrc, fdst, *args):
        seen.append((fd_inheritable(fsrc.fileno()), fd_inheritable(fdst.fileno())))
        assert_not_inherited([fsrc, fdst], "copyfile's open files")
        return real(fsrc, fdst, *args)

    shutil.copyfileobj = spying_copyfileobj
    try:
        scratch.reset()
        ftools.copyfile(scratch.path("data.txt"), scratch.path("out1"))
        ftools.copy(scratch.path("data.txt"), scratch.path("out2"))
        ftools.copy2(scratch.path("data.txt"), scratch.path("out3"))
    finally:
        shutil.copyfileobj = real
        scratch.close()
    expect_equal(seen, [(False, False)] * 3, "inheritable (src, dst) during copies")


# ----------------------------------------------------------------------------------------
# Differential checks: sockets
# ----------------------------------------------------------------------------------------

def stdlib_class_name(obj):
    """The name of the first standard-library class of obj (ftools' subclasses count as
    the stdlib class they extend)."""
    for cls in type(obj).__mro__:
        if not cls.__module__.startswith(("ftools", "noinherit_ftools")):
            return cls.__name__
    return type(obj).__name__


def describe_socket(sock):
    try:
        seen = [("type", stdlib_class_name(sock)),
                ("isinstance socket.socket", isinstance(sock, socket_module.socket)),
                ("family", int(sock.family)), ("sock type", int(sock.type)),
                ("proto", sock.proto), ("timeout", sock.gettimeout())]
    finally:
        sock.close()
    return seen


def _listener(ftools=None, family=socket_module.AF_INET):
    make = ftools.socket if ftools is not None else socket_module.socket
    server = make(family, socket_module.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    return server


@check
def check_socket(ftools):
    scratch = Scratch()
    try:
        cases = [(), (socket_module.AF_INET,), (socket_module.AF_INET, socket_module.SOCK_DGRAM),
                 (socket_module.AF_UNIX, socket_module.SOCK_STREAM),
                 (socket_module.AF_INET, socket_module.SOCK_STREAM, 0),
                 (12345,), (socket_module.AF_INET, 999), (socket_module.AF_INET, "x")]
        for args in cases:
            differential(scratch, lambda: socket_module.socket(*args),
                         lambda: ftools.socket(*args), describe_socket, "socket%r" % (args,))
        differential(scratch, lambda: socket_module.socket(type=socket_module.SOCK_DGRAM),
                     lambda: ftools.socket(type=socket_module.SOCK_DGRAM),
                     describe_socket, "socket(type=SOCK_DGRAM)")
    finally:
        scratch.close()


@check
def check_accept(ftools):
    scratch = Scratch()
    try:
        def accept_pending(server_maker):
            server = server_maker()
            client = socket_module.create_connection(server.getsockname())
            try:
                conn, address = server.accept()
            finally:
                server.close()
            client_name = client.getsockname()
            client.close()
            return conn, address == client_name

        def describe(result):
            conn, address_matches = result
            return describe_socket(conn) + [("address matches", address_matches)]

        differential(scratch, lambda: accept_pending(_listener),
                     lambda: accept_pending(lambda: _listener(ftools)), describe, "accept()")

        def accept_timeout(server_maker, timeout):
            server = server_maker()
            server.settimeout(timeout)
            try:
                return server.accept()
            finally:
                server.close()

        for timeout in (0.0, 0.05):
            differential(scratch, lambda: accept_timeout(_listener, timeout),
                         lambda: accept_timeout(lambda: _listener(ftools), timeout), describe,
                         "accept() with timeout %r and nothing pending" % timeout)
        if LINUX:
            server = _listener(ftools)
            client = socket_module.create_connection(server.getsockname())
            conn, _ = server.accept()
            try:
                assert_not_inherited([server, conn], "ftools listening and accepted sockets")
                dup = conn.dup()
                expect_equal(dup.type, socket_module.SOCK_STREAM, "dup().type")
                dup.close()
            finally:
                for s in (server, client, conn):
                    s.close()
    finally:
        scratch.close()


@check
def check_create_connection(ftools):
    scratch = Scratch()
    server = _listener()
    closed = _listener()
    closed_address = closed.getsockname()
    closed.close()
    try:
        address = server.getsockname()
        cases = [((address,), {}), ((address, 2.5), {}), ((address,), {"timeout": None}),
                 ((address,), {"source_address": ("127.0.0.1", 0)}), ((closed_address,), {})]
        for args, kwargs in cases:
            differential(scratch, lambda: socket_module.create_connection(*args, **kwargs),
                         lambda: ftools.create_connection(*args, **kwargs), describe_socket,
                         "create_connection(%r, %r)" % (args[1:], kwargs))
        old = socket_module.getdefaulttimeout()
        socket_module.setdefaulttimeout(7.0)
        try:
            differential(scratch, lambda: socket_module.create_connection(address),
                         lambda: ftools.create_connection(address), describe_socket,
                         "create_connection with setdefaulttimeout(7)")
        finally:
            socket_module.setdefaulttimeout(old)
        if LINUX:
            client = ftools.create_connection(address)
            try:
                assert_not_inherited([client], "create_connection socket")
            finally:
                client.close()
    finally:
        server.close()
        scratch.close()


@check
def check_socketpair_and_fromfd(ftools):
    scratch = Scratch()
    try:
        def describe_pair(pair):
            # type name and isinstance are checked below (they differ when wrapped)
            return describe_socket(pair[0])[2:] + describe_socket(pair[1])[2:]

        for args in [(), (socket_module.AF_UNIX, socket_module.SOCK_DGRAM),
                     (socket_module.AF_UNIX, socket_module.SOCK_STREAM, 0), (12345,),
                     (socket_module.AF_UNIX, 999), (socket_module.AF_UNIX, "x"),
                     (1, 1, 0, 0)]:
            differential(scratch, lambda: socket_module.socketpair(*args),
                         lambda: ftools.socketpair(*args), describe_pair, "socketpair%r" % (args,))
        differential(scratch, lambda: socket_module.socketpair(family=socket_module.AF_UNIX),
                     lambda: ftools.socketpair(family=socket_module.AF_UNIX), describe_pair,
                     "socketpair(family=AF_UNIX)")
        def describe_objects(pair):
            """What 2.7's raw socketpair objects (and 3.x's sockets) show."""
            seen = []
            for sock in pair:
                copy = sock.dup()
                seen.append([("class", stdlib_class_name(sock)),
                             ("isinstance socket.socket",
                              isinstance(sock, socket_module.socket)),
                             ("dup class", stdlib_class_name(copy)), ("dup type", copy.type),
                             ("dup is a new fd", copy.fileno() != sock.fileno()),
                             ("timeout", sock.gettimeout()),
                             ("has makefile", hasattr(sock, "makefile"))])
                if fcntl is not None and copy.fileno() >= 0 and sock in pair_from_ftools:
                    expect(not fd_inheritable(copy.fileno()), "dup() of a socketpair socket")
                copy.close()
            pair[0].sendall(b"ping")
            seen.append(("data", pair[1].recv(4)))
            for sock in pair:
                sock.close()
            fileno_after_close = []
            for sock in pair:
                try:
                    fileno_after_close.append(sock.fileno())
                except Exception as e:  # noqa: B902
                    fileno_after_close.append(type(e).__name__)
            seen.append(("fileno() after close", fileno_after_close))
            return seen

        pair_from_ftools = []

        def ftools_pair():
            pair_from_ftools[:] = ftools.socketpair()
            return tuple(pair_from_ftools)

        differential(scratch, socket_module.socketpair, ftools_pair, describe_objects,
                     "socketpair objects")
        base = socket_module.socket()
        try:
            fd = base.fileno()
            for args in [(fd, socket_module.AF_INET, socket_module.SOCK_STREAM),
                         (fd, socket_module.AF_INET, socket_module.SOCK_STREAM, 0), (-5, 2, 1)]:
                differential(scratch, lambda: socket_module.fromfd(*args),
                             lambda: ftools.fromfd(*args), describe_socket, "fromfd%r" % (args,))
            if LINUX:
                pair = ftools.socketpair()
                other = ftools.fromfd(fd, socket_module.AF_INET, socket_module.SOCK_STREAM)
                try:
                    assert_not_inherited(list(pair) + [other], "socketpair/fromfd sockets")
                finally:
                    for s in list(pair) + [other]:
                        s.close()
        finally:
            base.close()
    finally:
        scratch.close()


# ----------------------------------------------------------------------------------------
# Differential checks: os.pipe / os.dup / os.openpty
# ----------------------------------------------------------------------------------------

@check
def check_openpty_is_a_working_terminal_pair(ftools):
    """ftools.openpty (O_CLOEXEC from the start on Linux) gives what os.openpty gives: the
    slave is a terminal that is not the controlling one, data flows both ways; where
    /dev/ptmx cannot be used it is the stdlib's own openpty (its result or its error)."""
    require_linux()
    import errno
    master, slave = ftools.openpty()
    try:
        expect(os.isatty(slave) and os.ttyname(slave).startswith("/dev/pts/"),
               "the slave is a /dev/pts terminal: %r", os.ttyname(slave))
        os.write(master, b"ping\n")
        expect_equal(os.read(slave, 16), b"ping\n", "master -> slave")
        import termios
        stdlib_master, stdlib_slave = os.openpty()
        try:
            expect_equal(termios.tcgetattr(slave), termios.tcgetattr(stdlib_slave),
                         "terminal settings of a new pair")
        finally:
            os.close(stdlib_master)
            os.close(stdlib_slave)
        assert_not_inherited([master, slave], "openpty")
    finally:
        os.close(master)
        os.close(slave)
    if not (PASS_THROUGH and "openpty" in ftools._OWN) and \
            ftools.mechanisms().openpty != "flag":
        raise Skip("openpty is not opened with O_CLOEXEC here")
    real_ioctl = fcntl.ioctl
    requests = []

    def kernel_before_4_13(fd, request, *args):
        requests.append(request)
        if request == 0x5441:  # TIOCGPTPEER
            raise IOError(errno.EINVAL, "Invalid argument")
        return real_ioctl(fd, request, *args)

    fcntl.ioctl = kernel_before_4_13
    try:
        master, slave = ftools.openpty()
    finally:
        fcntl.ioctl = real_ioctl
    try:
        expect(os.ttyname(slave).startswith("/dev/pts/"), "the slave opened by name (no TIOCGPTPEER)")
        if (ftools._PTY_OPENER if PASS_THROUGH else ftools._lazy.get("pty_opener")) == "ioctl":
            expect_equal(requests, [0x40045431, 0x5441, 0x80045430],
                         "unlock, TIOCGPTPEER refused, then the number")
        assert_not_inherited([master, slave], "openpty without TIOCGPTPEER")
    finally:
        os.close(master)
        os.close(slave)
    real_open, real_posix_openpt = os.open, getattr(os, "posix_openpt", None)

    def refuse_ptmx(path, *args, **kwargs):
        if path == "/dev/ptmx":
            raise OSError(errno.ENOENT, "No such file or directory")
        return real_open(path, *args, **kwargs)

    def refuse(*args):
        raise OSError(errno.ENOENT, "No such file or directory")

    os.open = refuse_ptmx
    if real_posix_openpt is not None:
        os.posix_openpt = refuse
    try:
        master, slave = ftools.openpty()
    finally:
        os.open = real_open
        if real_posix_openpt is not None:
            os.posix_openpt = real_posix_openpt
    try:
        expect(os.isatty(slave), "the stdlib's openpty after /dev/ptmx was refused")
        assert_not_inherited([master, slave], "openpty, stdlib fallback")
    finally:
        os.close(master)
        os.close(slave)


@check
def check_pipe_dup_openpty(ftools):
    require_linux()
    r, w = ftools.pipe()
    expect(isinstance(r, int) and isinstance(w, int), "pipe() returns two ints")
    os.write(w, b"ping")
    expect_equal(os.read(r, 4), b"ping", "data through ftools.pipe()")
    d = ftools.dup(r)
    expect(isinstance(d, int) and d not in (r, w), "dup() returns a new int fd")
    expect_equal(fd_target(d), fd_target(r), "dup() target")
    m, s = ftools.openpty()
    try:
        assert_not_inherited([r, w, d, m, s], "pipe/dup/openpty")
    finally:
        for fd in (r, w, d, m, s):
            os.close(fd)
    outcomes = []
    for dup_function in (os.dup, ftools.dup):
        for bad in (987654, -1, -5):
            try:
                dup_function(bad)
                outcomes.append("no error")
            except Exception as e:  # noqa: B902
                outcomes.append((type(e).__name__, getattr(e, "errno", None), str(e)))
        try:
            dup_function("nope")
            outcomes.append("no error")
        except Exception as e:  # noqa: B902
            outcomes.append(type(e).__name__)
    expect_equal(outcomes[4:], outcomes[:4], "dup() errors")


# ----------------------------------------------------------------------------------------
# logging handlers
# ----------------------------------------------------------------------------------------

@check
def check_pipe_errors(ftools):
    """No descriptor left (RLIMIT_NOFILE 0): same OSError as os.pipe."""
    require_linux()
    import resource
    scratch = Scratch()

    def without_descriptors(make):
        def call():
            limits = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (0, limits[1]))
            try:
                return make()
            finally:
                resource.setrlimit(resource.RLIMIT_NOFILE, limits)
        return call

    def describe_fds(fds):
        for fd in fds:
            os.close(fd)
        return [("fds", len(fds))]

    try:
        differential(scratch, without_descriptors(os.pipe), without_descriptors(ftools.pipe),
                     describe_fds, "pipe() with RLIMIT_NOFILE 0")
    finally:
        scratch.close()


@check
def check_atomic_paths_fall_back_when_refused(ftools):
    """2.7: socketpair falls back to the locked path when the kernel rejects SOCK_CLOEXEC
    (and other errors propagate); pipe falls back when pipe2 is unavailable."""
    require_linux()
    if PASS_THROUGH:
        raise Skip("Python >= 3.4 passes socketpair and pipe through")
    import _socket
    import errno
    found = ftools.mechanisms()
    if found.socketpair != "flag" or found.pipe != "pipe2":
        raise Skip("no atomic socketpair/pipe here: %r" % (found,))
    real_socketpair = _socket.socketpair
    for refusal, falls_back in ((errno.EINVAL, True), (errno.EPROTONOSUPPORT, True),
                                (errno.EMFILE, False)):
        tried = []

        def refusing(family, type, proto):
            tried.append(type)
            if type & found.socket_flag:
                raise _socket.error(refusal, os.strerror(refusal))
            return real_socketpair(family, type, proto)

        _socket.socketpair = refusing
        try:
            try:
                pair = ftools.socketpair()
            except _socket.error as e:
                pair = None
                expect_equal(e.args[0], refusal, "error from the SOCK_CLOEXEC socketpair")
        finally:
            _socket.socketpair = real_socketpair
        expected = [socket_module.SOCK_STREAM | found.socket_flag]
        if falls_back:
            expected.append(socket_module.SOCK_STREAM)  # the locked path, without the flag
        expect_equal(tried, expected, "socketpair calls (errno %d)" % refusal)
        expect_equal(pair is not None, falls_back, "fallback on errno %d" % refusal)
        if pair is not None:
            try:
                expect_equal([s.type for s in pair], [socket_module.SOCK_STREAM] * 2,
                             "fallback socketpair .type")
                assert_not_inherited(list(pair), "fallback socketpair")
            finally:
                for sock in pair:
                    sock.close()
    marked = []
    real_pipe2, real_mark = ftools._pipe2, ftools._set_fd_noinherit

    def mark(fd):
        marked.append(fd)
        real_mark(fd)

    ftools._pipe2 = lambda flags: None  # libc refuses (ENOSYS, EINVAL)
    ftools._set_fd_noinherit = mark
    saved_fast = ftools._lazy.pop("pipe2_direct", None)
    ftools._lazy["pipe2_direct"] = None  # the fast path defers to the checked one
    try:
        fds = ftools.pipe()
    finally:
        ftools._pipe2, ftools._set_fd_noinherit = real_pipe2, real_mark
        ftools._lazy.pop("pipe2_direct")
        if saved_fast is not None:
            ftools._lazy["pipe2_direct"] = saved_fast
    try:
        expect_equal(marked, list(fds), "pipe ends marked by the locked path")
        assert_not_inherited(list(fds), "fallback pipe")
    finally:
        for fd in fds:
            os.close(fd)
    expect_equal(ftools._pipe2(0o4000000000), None, "pipe2 with an unknown flag (EINVAL)")


@check
def check_file_handlers(ftools):
    require_linux()
    import logging
    import logging.handlers
    scratch = Scratch()
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "message %s", ("one",), None)
    try:
        cases = [
            ("FileHandler", logging.FileHandler, {}),
            ("FileHandler", logging.FileHandler, {"mode": "w", "encoding": "utf-8"}),
            ("FileHandler", logging.FileHandler, {"delay": True}),
            ("RotatingFileHandler", logging.handlers.RotatingFileHandler,
             {"maxBytes": 30, "backupCount": 2}),
            ("TimedRotatingFileHandler", logging.handlers.TimedRotatingFileHandler,
             {"when": "H", "backupCount": 1}),
            ("WatchedFileHandler", logging.handlers.WatchedFileHandler, {"encoding": "utf-8"}),
        ]
        for name, stdlib_class, kwargs in cases:
            snapshots = []
            for factory in (stdlib_class, getattr(ftools, name)):
                scratch.reset()
                handler = factory(scratch.path("log.txt"), **kwargs)
                try:
                    expect(isinstance(handler, stdlib_class), "%s: not an instance", name)
                    state = [("mode", handler.mode), ("encoding", handler.encoding),
                             ("stream", None if handler.stream is None else
                              handler.stream.__class__.__name__)]
                    for _ in range(3):
                        handler.emit(record)
                        if factory is not stdlib_class:
                            assert_not_inherited([handler.stream], "%s stream" % name)
                    if name == "WatchedFileHandler":
                        os.remove(scratch.path("log.txt"))
                        handler.emit(record)
                        if factory is not stdlib_class:
                            assert_not_inherited([handler.stream], "reopened %s stream" % name)
                    if name == "RotatingFileHandler":
                        handler.doRollover()
                        if factory is not stdlib_class:
                            assert_not_inherited([handler.stream], "rolled-over stream")
                    handler.flush()
                    state.append(("files", sorted(os.listdir(scratch.root))))
                    state.append(("log", _read_back(scratch.path("log.txt"))))
                    if name == "TimedRotatingFileHandler" and factory is not stdlib_class:
                        handler.doRollover()  # names carry the time: not in the snapshot
                        assert_not_inherited([handler.stream], "timed rolled-over stream")
                finally:
                    handler.close()
                snapshots.append(state)
            expect_equal(snapshots[1], snapshots[0], "%s(**%r)" % (name, kwargs))
    finally:
        scratch.close()


@check
def check_socket_handlers(ftools):
    require_linux()
    import logging
    import logging.handlers
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "message", (), None)
    server = _listener()
    udp = socket_module.socket(socket_module.AF_INET, socket_module.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    try:
        host, port = server.getsockname()
        results = []
        for factory in (logging.handlers.SocketHandler, ftools.SocketHandler):
            handler = factory(host, port)
            try:
                handler.emit(record)
                conn, _ = server.accept()
                if factory is ftools.SocketHandler:
                    assert_not_inherited([handler.sock], "SocketHandler socket")
                conn.settimeout(5)
                length = conn.recv(4)
                results.append((isinstance(handler, logging.handlers.SocketHandler), len(length),
                                stdlib_class_name(handler.sock), handler.sock.gettimeout()))
                conn.close()
            finally:
                handler.close()
        expect_equal(results[1], results[0], "SocketHandler")
        udp_host, udp_port = udp.getsockname()
        results = []
        for factory in (logging.handlers.DatagramHandler, ftools.DatagramHandler):
            handler = factory(udp_host, udp_port)
            try:
                handler.emit(record)
                if factory is ftools.DatagramHandler:
                    assert_not_inherited([handler.sock], "DatagramHandler socket")
                udp.settimeout(5)
                data = udp.recv(65536)
                results.append((len(data) > 4, int(handler.sock.type)))
            finally:
                handler.close()
        expect_equal(results[1], results[0], "DatagramHandler")
    finally:
        server.close()
        udp.close()


# ----------------------------------------------------------------------------------------
# Every creator, checked against a real child; and the check itself can fail
# ----------------------------------------------------------------------------------------

def make_every_handle(ftools, scratch, listener):
    """(what, handle-or-fd, closer) for one handle from every ftools creator."""
    made = []
    path = scratch.path("data.txt")
    made.append(("open", ftools.open(path)))
    made.append(("io_open", ftools.io_open(path, "rb")))
    made.append(("codecs_open", ftools.codecs_open(path, "r", "utf-8")))
    made.append(("os_open", ftools.os_open(path, os.O_RDONLY)))
    made.append(("socket", ftools.socket()))
    client = ftools.create_connection(listener.getsockname())
    made.append(("create_connection", client))
    conn, _ = listener.accept()
    made.append(("accept", conn))
    a, b = ftools.socketpair()
    made.extend([("socketpair[0]", a), ("socketpair[1]", b)])
    made.append(("fromfd", ftools.fromfd(a.fileno(), socket_module.AF_UNIX,
                                         socket_module.SOCK_STREAM)))
    r, w = ftools.pipe()
    made.extend([("pipe[0]", r), ("pipe[1]", w)])
    made.append(("dup", ftools.dup(r)))
    m, s = ftools.openpty()
    made.extend([("openpty[0]", m), ("openpty[1]", s)])
    made.append(("FileHandler", ftools.FileHandler(scratch.path("log.txt"))))
    return made


def close_handle(handle):
    if isinstance(handle, int):
        os.close(handle)
    else:
        handle.close()


@check
def check_every_creator_against_a_child(ftools):
    require_linux()
    scratch = Scratch()
    scratch.reset()
    listener = _listener(ftools)
    made = make_every_handle(ftools, scratch, listener)
    try:
        for spawn in (subprocess.Popen, ftools.Popen):
            for what, handle in made:
                assert_not_inherited([handle], what, spawn)
    finally:
        for _, handle in made:
            close_handle(handle)
        listener.close()
        scratch.close()


@check
def check_the_child_check_can_fail(ftools):
    """Control: an inheritable fd IS seen by a close_fds=False child."""
    require_linux()
    fd = os.open(os.devnull, os.O_RDONLY)
    try:
        fcntl.fcntl(fd, fcntl.F_SETFD, 0)
        try:
            assert_not_inherited([fd], "deliberately inheritable fd")
        except AssertionError:
            pass
        else:
            raise AssertionError("an inheritable fd went unnoticed")
        fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.FD_CLOEXEC)
        held = child_fds()
        expect(held.get(fd) != fd_target(fd), "child holds a close-on-exec fd")
    finally:
        os.close(fd)


@check
def check_fallback_paths(ftools):
    """Force the create-then-mark (spawn_lock) paths and check them on this platform."""
    require_linux()
    if PASS_THROUGH:
        raise Skip("Python >= 3.4 passes everything through; no fallback path exists")
    original = ftools.mechanisms()
    forced = ftools.choose_mechanisms(sys.platform, sys.version_info, {})
    expect_equal((forced.file_mode_letter, forced.open_flag, forced.socket, forced.socketpair,
                  forced.pipe, forced.dup),
                 (None, None, "locked", "locked", "locked", "locked"),
                 "forced fallback mechanisms")
    ftools._set_mechanisms(forced)
    scratch = Scratch()
    scratch.reset()
    listener = _listener(ftools)
    try:
        made = make_every_handle(ftools, scratch, listener)
        try:
            for what, handle in made:
                assert_not_inherited([handle], "fallback " + what, ftools.Popen)
            expect_equal(made[0][1].mode, "r", "fallback open().mode")
            expect(type(made[0][1]) is file, "fallback open() returns file")  # noqa: F821
        finally:
            for _, handle in made:
                close_handle(handle)
    finally:
        ftools._set_mechanisms(original)
        listener.close()
        scratch.close()


# ----------------------------------------------------------------------------------------
# Python >= 3.4: pass-through, looked up at call time
# ----------------------------------------------------------------------------------------

@check
def check_pass_throughs_are_the_stdlib_objects(ftools):
    """Python >= 3.4: ``ftools.NAME`` is the stdlib object, read at each access (so a
    ``mock.patch`` of the stdlib name is seen), and nothing takes spawn_lock on Linux;
    ``openpty``, which CPython makes in two steps, is ftools' own there."""
    if not PASS_THROUGH:
        raise Skip("Python < 3.4 uses ftools' own implementations")
    import importlib
    own = ftools._OWN
    if sys.platform.startswith("linux"):
        expect_equal(sorted(own), ["openpty"], "ftools' own names on Linux")
    for name, (module_name, attribute) in sorted(ftools.PASS_THROUGH_NAMES.items()):
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)
        unpatched = getattr(ftools, name)
        if name in own:
            expect(unpatched is not original and unpatched.__name__ == attribute,
                   "ftools.%s is ftools' own function", name)
            original_value = original
            original = unpatched
        elif sys.platform.startswith("linux"):
            expect(unpatched is original, "ftools.%s is not %s.%s", name,
                   module_name, attribute)
        sentinel = object()
        setattr(module, attribute, sentinel)
        try:
            expect(getattr(ftools, name) is sentinel, "ftools.%s does not see a patched %s.%s",
                   name, module_name, attribute)
        finally:
            setattr(module, attribute, original_value if name in own else original)
        expect(getattr(ftools, name) is original, "ftools.%s after the patch ended", name)
    locked = ftools.locked_pass_throughs
    expect_equal(locked("linux", (3, 6)), frozenset(), "locked on Linux")
    expect_equal(sorted(locked("linux", (3, 6), atomic_openpty=False)), ["Popen", "openpty"],
                 "locked on Linux without an atomic openpty (unknown ioctl numbering)")
    expect_equal(locked("win32", (3, 7)), frozenset(), "locked on Windows 3.7+")
    expect_equal(locked("win32", (3, 6, 8)), frozenset(["Popen"]),
                 "locked on Windows before 3.7 (redirected Popens, KB315939)")
    expect_equal(sorted(locked("darwin", (3, 13))),
                 ["Popen", "create_connection", "openpty", "pipe", "socket", "socketpair"],
                 "locked on macOS")
    expect(set(ftools.PASS_THROUGH_NAMES) <= set(ftools.__all__) and
           set(ftools.__all__) - set(ftools.PASS_THROUGH_NAMES) ==
           set(["spawn_lock", "O_CLOEXEC", "SOCK_CLOEXEC", "F_DUPFD_CLOEXEC"]),
           "__all__ and the pass-through table disagree")
    expect(set(ftools.PASS_THROUGH_NAMES) <= set(dir(ftools)), "dir(ftools) lacks names")
    # unittest.mock, as users' tests do: patching the stdlib name, and ftools' own
    from unittest import mock
    with mock.patch("builtins.open", mock.mock_open(read_data="mocked")) as opened:
        with ftools.open("/no/such/file") as f:
            expect_equal(f.read(), "mocked", "mock_open through ftools.open")
    opened.assert_called_once_with("/no/such/file")
    with mock.patch("socket.socket") as sock_class:
        ftools.socket(socket_module.AF_INET)
    sock_class.assert_called_once_with(socket_module.AF_INET)
    real_open = ftools.open
    with mock.patch.object(ftools, "open", return_value="patched ftools.open"):
        expect_equal(ftools.open("x"), "patched ftools.open", "mock.patch.object(ftools)")
    expect(ftools.open is real_open, "ftools.open after mock.patch.object ended")
    with mock.patch("builtins.open", return_value="seen again"):
        expect_equal(ftools.open("x"), "seen again", "call-time lookup after patch.object")


def _locked_names_for_test(ftools):
    """The objects ftools builds where CPython is not atomic (macOS), built here."""
    return dict((name, ftools._locked_object(name)) for name in
                sorted(ftools.locked_pass_throughs("darwin", (3, 13))))


@check
def check_locked_pass_throughs_simulated(ftools):
    """The macOS objects (built on this platform): they hold the lock, and are the stdlib
    class's subclasses or call the stdlib function looked up at call time."""
    if not PASS_THROUGH:
        raise Skip("Python < 3.4 uses ftools' own implementations")
    built = _locked_names_for_test(ftools)
    expect(issubclass(built["socket"], socket_module.socket), "macOS ftools.socket class")
    expect(issubclass(built["Popen"], subprocess.Popen), "macOS ftools.Popen class")
    held = []
    real_pipe = os.pipe

    def spy():
        held.append(sorted(s.kind for s in ftools.spawn_lock._readers))
        return real_pipe()

    os.pipe = spy
    try:
        fds = built["pipe"]()
    finally:
        os.pipe = real_pipe
    for fd in fds:
        os.close(fd)
    expect_equal(held, [["read"]], "macOS pipe holds the read side")
    sock = built["socket"]()
    expect(isinstance(sock, socket_module.socket) and sock.type == socket_module.SOCK_STREAM,
           "macOS socket instance")
    sock.close()
    child = built["Popen"]([sys.executable, "-c", "pass"])
    expect_equal(child.wait(), 0, "macOS Popen")


# ----------------------------------------------------------------------------------------
# spawn_lock and Popen
# ----------------------------------------------------------------------------------------

@check
def check_popen(ftools):
    child = ftools.Popen([sys.executable, "-c", "import sys; sys.stdout.write('hi')"],
                         stdout=subprocess.PIPE)
    out = child.communicate()[0]
    expect_equal((isinstance(child, subprocess.Popen), out, child.returncode),
                 (True, b"hi", 0), "ftools.Popen result")
    expect(issubclass(ftools.Popen, subprocess.Popen), "ftools.Popen is not a Popen class")
    outcomes = []
    for spawn in (subprocess.Popen, ftools.Popen):
        try:
            spawn(["/no/such/program"])
            outcomes.append("started")
        except Exception as e:  # noqa: B902
            outcomes.append((type(e).__name__, getattr(e, "errno", None)))
        try:
            spawn(["true"], no_such_keyword=1)
            outcomes.append("started")
        except TypeError as e:
            outcomes.append(str(e).replace("__init__() ", "").split(")")[-1])
    expect_equal(outcomes[2:], outcomes[:2], "Popen errors")


def _run_threads(*targets):
    threads = [threading.Thread(target=t) for t in targets]
    for t in threads:
        t.daemon = True
        t.start()
    return threads


@check
def check_spawn_lock_excludes_spawns_while_creating(ftools):
    lock = ftools.SpawnLock()
    events = []
    reader_holding = threading.Event()
    release_reader = threading.Event()

    def reader():
        with lock.reading():
            with lock.reading():  # nested reads are fine
                reader_holding.set()
                release_reader.wait(5)
                events.append("reader done")

    def writer():
        reader_holding.wait(5)
        with lock.writing():
            with lock.reading():  # the spawner may create handles itself
                events.append("writer in")
            with lock.writing():  # nested write
                pass

    threads = _run_threads(reader, writer)
    reader_holding.wait(5)
    time.sleep(0.1)
    expect_equal(events, [], "writer must wait while a reader holds the lock")
    release_reader.set()
    for t in threads:
        t.join(5)
    expect_equal(events, ["reader done", "writer in"], "order of read/write sides")
    with lock.reading():
        with lock.writing():  # a spawn from a reader (a signal handler): no wait
            events.append("write inside read")
    expect_equal(events[-1], "write inside read", "write inside read")
    expect_equal((lock._readers, lock._seat), ({}, {}), "lock state after use")


@check
def check_writers_are_not_starved(ftools):
    lock = ftools.SpawnLock()
    stop = threading.Event()

    def busy_reader():
        while not stop.is_set():
            with lock.reading():
                time.sleep(0.001)

    readers = _run_threads(*[busy_reader] * 3)
    try:
        start = time.time()
        for _ in range(20):
            with lock.writing():
                pass
        elapsed = time.time() - start
    finally:
        stop.set()
        for t in readers:
            t.join(5)
    expect(elapsed < 2.0, "20 write acquisitions took %.2fs with busy readers", elapsed)


@check
def check_abandoned_holdings_are_dropped(ftools):
    """A holding whose with-frame is gone (an exception between registering and the
    with body) does not block the other side."""
    lock = ftools.SpawnLock()

    def abandon(side):
        section = getattr(lock, side)()
        section.__enter__()  # never exited, like an exception right after __enter__

    for side in ("reading", "writing"):
        worker = threading.Thread(target=abandon, args=(side,))
        worker.start()
        worker.join(5)
        done = []

        def other():
            with getattr(lock, "writing" if side == "reading" else "reading")():
                done.append(True)

        start = time.time()
        t = _run_threads(other)[0]
        t.join(5)
        expect(done == [True], "a holding abandoned on the %s side blocked the other side",
               side)
        expect(time.time() - start < 2, "took %.2fs", time.time() - start)
    lock._readers.clear()

    def abandon_in_main_frame():
        lock.reading().__enter__()

    abandon_in_main_frame()  # this thread, frame gone
    t = _run_threads(lambda: lock.writing().__enter__().__exit__(None, None, None))[0]
    t.join(5)
    expect(not t.is_alive(), "writer blocked by this thread's abandoned read")


@check
def check_evicting_a_writer_that_just_left_keeps_the_next_writer(ftools):
    """A waiter judges the seat's writer while that writer leaves normally and another
    thread takes the seat: the new writer keeps it (it was evicted, or a KeyError was
    raised, when the seat was looked at before the verdict)."""
    lock = ftools.SpawnLock()
    leaving = lock.writing()
    leaving.__enter__()
    taking = lock.writing()
    judge = lock._abandoned

    def the_threads_switch_while_judging(sections):
        leaving.__exit__(None, None, None)  # the writer leaves normally...
        taking.__enter__()  # ...and the next one takes the seat
        return judge(sections)

    lock._abandoned = the_threads_switch_while_judging
    try:
        lock._evict_writer(leaving)
    finally:
        lock._abandoned = judge
    expect(lock._seat.get(ftools._WRITER) is taking, "the next writer lost the seat")
    taking.__exit__(None, None, None)
    expect_equal(lock._seat, {}, "seat after the next writer left")


@check
def check_lock_is_reset_in_a_forked_child(ftools):
    if not hasattr(os, "fork"):
        raise Skip("no os.fork")
    lock = ftools.SpawnLock()
    holding, release = threading.Event(), threading.Event()

    def holder():
        with lock.writing():
            holding.set()
            release.wait(10)

    t = _run_threads(holder)[0]
    holding.wait(5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12: fork with threads
        pid = os.fork()
    if pid == 0:
        try:
            with lock.reading():
                pass
            with lock.writing():
                pass
        finally:
            os._exit(0)
    try:
        status = exited_within(pid, 10)
        if status is None:
            raise AssertionError("the forked child hung on the lock held by another thread")
        expect_equal(status, 0, "child exit status")
    finally:
        release.set()
        t.join(5)


@check
def check_popen_in_a_child_forked_inside_the_stdlib_gc_section(ftools):
    """2.7.14+: subprocess.Popen holds the class-level ``_disabling_gc_lock`` around
    gc.isenabled()/gc.disable(); a fork by another thread then copies it held into the
    child.  There ftools.Popen must still start a child (and leave plain Popens working);
    the plain stdlib Popen, the control, waits forever."""
    if not hasattr(os, "fork"):
        raise Skip("no os.fork")
    if not hasattr(getattr(subprocess.Popen, "_disabling_gc_lock", None), "acquire"):
        raise Skip("subprocess.Popen has no _disabling_gc_lock here (Python 3, or 2.7 < 2.7.14)")
    outcomes = {}
    for name, spawn in (("ftools", ftools.Popen), ("stdlib", subprocess.Popen)):
        in_section, leave = threading.Event(), threading.Event()

        def inside_gc_section():
            with subprocess.Popen._disabling_gc_lock:  # what the stdlib holds there
                in_section.set()
                leave.wait(10)

        t = _run_threads(inside_gc_section)[0]
        in_section.wait(5)
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                if spawn(["true"]).wait() == 0 and subprocess.Popen(["true"]).wait() == 0:
                    status = 0
            finally:
                os._exit(status)
        outcomes[name] = exited_within(pid, 10 if name == "ftools" else 1)
        leave.set()
        t.join(5)
    expect(outcomes == {"ftools": 0, "stdlib": None},
           "child exit status (None: hung, killed): %r; expected ftools 0, stdlib None "
           "(the control must hang, or the check proves nothing)", outcomes)


# ----------------------------------------------------------------------------------------
# Mechanism choice for platforms that cannot run here (simulated)
# ----------------------------------------------------------------------------------------

class _Names(object):
    def __init__(self, **names):
        self.__dict__.update(names)


@check
def check_mechanism_choice_simulated(ftools):
    choose = ftools.choose_mechanisms
    win = choose("win32", (2, 7, 18), {"o_noinherit": 128})
    expect_equal((win.windows, win.file_mode_letter, win.file_letter_at_end, win.open_flag,
                  win.socket, win.socketpair, win.pipe, win.dup),
                 (True, "N", True, 128, "locked", "locked", "stdlib", "locked"), "Windows 2.7")
    mac = choose("darwin", (2, 7, 18), {"fopen_letter": False, "o_cloexec": 0x1000000,
                                        "sock_cloexec": None, "dupfd_cloexec": 67,
                                        "pipe2": False})
    expect_equal((mac.file_mode_letter, mac.open_flag, mac.socket, mac.socketpair, mac.dup,
                  mac.dup_command, mac.pipe, mac.openpty),
                 (None, 0x1000000, "locked", "locked", "flag", 67, "locked", "locked"),
                 "macOS 2.7")
    old_linux = choose("linux2", (2, 7, 18), {"fopen_letter": False, "o_cloexec": None,
                                              "sock_cloexec": None, "dupfd_cloexec": None,
                                              "pipe2": False})
    expect_equal((old_linux.file_mode_letter, old_linux.open_flag, old_linux.socket,
                  old_linux.socketpair, old_linux.pipe, old_linux.dup),
                 (None, None, "locked", "locked", "locked", "locked"), "Linux, probes rejected")
    linux = choose("linux2", (2, 7, 18), {"fopen_letter": True, "o_cloexec": 0o2000000,
                                          "sock_cloexec": 0o2000000, "dupfd_cloexec": 1030,
                                          "pipe2": True, "dup3": True, "accept4": True,
                                          "pty_opener": "ioctl"})
    expect_equal((linux.file_mode_letter, linux.file_letter_at_end, linux.open_flag,
                  linux.socket, linux.socket_flag, linux.socketpair, linux.dup, linux.pipe,
                  linux.accept, linux.adopt, linux.openpty),
                 ("e", False, 0o2000000, "flag", 0o2000000, "flag", "flag", "pipe2",
                  "accept4", "dup3", "flag"),
                 "Linux 2.7")
    expect_equal(old_linux.openpty, "locked", "openpty needs a verified O_CLOEXEC")
    unknown_pty = choose("linux2", (2, 7, 18), {"o_cloexec": 0o2000000, "pty_opener": None})
    expect_equal(unknown_pty.openpty, "locked", "openpty without known pty ioctls")
    opener = ftools.linux_pty_opener
    expect_equal([opener("linux2", machine, _Names()) for machine in
                  ("x86_64", "i686", "aarch64", "armv7l", "s390x", "riscv64", "ppc64le",
                   "mips", "sparc64", "alpha")],
                 ["ioctl"] * 6 + [None] * 4, "Linux pty opener by machine (ioctl numbering)")
    with_posix_openpt = _Names(posix_openpt=1, grantpt=1, unlockpt=1, ptsname=1)
    expect_equal((opener("linux", "ppc64le", with_posix_openpt),
                  opener("darwin", "x86_64", with_posix_openpt),
                  opener("win32", "AMD64", _Names())),
                 ("posix_openpt", None, None), "pty opener: posix_openpt (3.13+), not Linux")
    no_dup3 = choose("linux2", (2, 7, 18), {"o_cloexec": 0o2000000, "sock_cloexec": 0o2000000,
                                            "accept4": True, "dup3": False})
    expect_equal((no_dup3.socket, no_dup3.socketpair, no_dup3.accept, no_dup3.adopt),
                 ("flag", "locked", "locked", "locked"),
                 "Linux 2.7 without dup3: accepted/paired sockets cannot be adopted atomically")
    no_libc_pipe2 = choose("linux2", (2, 7, 18), {"o_cloexec": 0o2000000, "dup3": True,
                                                  "sock_cloexec": 0o2000000, "pipe2": False})
    expect_equal((no_libc_pipe2.socketpair, no_libc_pipe2.pipe), ("flag", "locked"),
                 "Linux 2.7 without a usable libc pipe2")
    pipe2_without_flag = choose("linux2", (2, 7, 18), {"o_cloexec": None, "pipe2": True})
    expect_equal(pipe2_without_flag.pipe, "locked", "pipe2 needs a verified O_CLOEXEC")
    freebsd = choose("freebsd10", (2, 7, 18), {"o_cloexec": 0x100000, "dup3": True,
                                               "sock_cloexec": 0x10000000, "pipe2": True})
    expect_equal((freebsd.socket, freebsd.socketpair, freebsd.pipe),
                 ("flag", "locked", "pipe2"), "FreeBSD 2.7 (socketpair flag: Linux only)")
    for platform in ("win32", "darwin", "linux", "freebsd13"):
        modern = choose(platform, (3, 4, 0), {})
        expect_equal((modern.socket, modern.socketpair, modern.pipe, modern.dup,
                      modern.openpty, modern.file_mode_letter, modern.open_flag),
                     ("stdlib",) * 5 + (None, None), "%s >= 3.4" % platform)
    non_atomic = ftools.cpython_non_atomic
    expect_equal(sorted(non_atomic("linux")), ["openpty"], "CPython non-atomic on Linux")
    expect_equal(sorted(non_atomic("darwin")),
                 ["create_connection", "openpty", "pipe", "socket", "socketpair"],
                 "CPython non-atomic on macOS")
    expect_equal(sorted(non_atomic("win32")), ["openpty", "socketpair"],
                 "CPython non-atomic on Windows")
    candidates = ftools.candidate_constants
    expect_equal(candidates("linux2", "x86_64"),
                 {"o_cloexec": 0o2000000, "sock_cloexec": 0o2000000, "dupfd_cloexec": 1030},
                 "Linux x86_64 candidates")
    expect_equal(candidates("linux2", "sparc64")["o_cloexec"], 0x400000, "Linux sparc64")
    expect_equal(candidates("linux2", "alpha")["sock_cloexec"], 0o10000000, "Linux alpha")
    expect_equal(candidates("darwin", "x86_64"),
                 {"o_cloexec": 0x1000000, "sock_cloexec": None, "dupfd_cloexec": 67}, "macOS")
    expect_equal(candidates("freebsd10", "amd64"),
                 {"o_cloexec": 0x100000, "sock_cloexec": 0x10000000, "dupfd_cloexec": 17},
                 "FreeBSD")
    expect_equal(candidates("win32", "AMD64"),
                 {"o_cloexec": None, "sock_cloexec": None, "dupfd_cloexec": None}, "Windows")
    named = candidates("linux", "x86_64", _Names(O_CLOEXEC=7), _Names(SOCK_CLOEXEC=8),
                       _Names(F_DUPFD_CLOEXEC=9))
    expect_equal(named, {"o_cloexec": 7, "sock_cloexec": 8, "dupfd_cloexec": 9},
                 "names exposed by the interpreter win")


@check
def check_windows_handle_marking_simulated(ftools):
    """Windows (simulated): fds go through msvcrt.get_osfhandle + SetHandleInformation,
    console handles are left alone (as CPython's _Py_dup does), sockets use their handle."""
    calls = []

    class FakeKernel32(object):
        def SetHandleInformation(self, handle, mask, flags):
            calls.append(("SetHandleInformation", handle, mask, flags))
            return 1

        def GetFileType(self, handle):
            return 2 if handle == 1002 else 1  # 2: FILE_TYPE_CHAR (console)

    class FakeMsvcrt(object):
        @staticmethod
        def get_osfhandle(fd):
            return 1000 + fd

    class FakeSocket(object):
        def fileno(self):
            return 4242

    saved = (ftools._WINDOWS, dict(ftools._lazy))
    ftools._WINDOWS = True
    ftools._lazy["kernel32"] = FakeKernel32()
    ftools._lazy["module:msvcrt"] = FakeMsvcrt()
    try:
        ftools._set_fd_noinherit(7)
        ftools._set_fd_noinherit(2)  # console
        ftools._set_socket_noinherit(FakeSocket())
    finally:
        ftools._WINDOWS = saved[0]
        ftools._lazy.clear()
        ftools._lazy.update(saved[1])
    expect_equal(calls, [("SetHandleInformation", 1007, 1, 0),
                         ("SetHandleInformation", 4242, 1, 0)], "Windows handle marking")


@check
def check_windows_mode_letter_is_hidden(ftools):
    """The 'N' letter (Windows) and 'e' letter (glibc) never show in .mode or repr."""
    if not PY2:
        raise Skip("the file subclass only exists on Python 2")
    original = ftools.mechanisms()
    for at_end, letter in ((True, "N"), (False, "e")):
        forced = ftools.choose_mechanisms("linux2", (2, 7, 18), {"fopen_letter": True})
        forced.file_mode_letter, forced.file_letter_at_end = letter, at_end
        ftools._set_mechanisms(forced)
        try:
            cls = ftools._noinherit_file_class()
        finally:
            ftools._set_mechanisms(original)
        # glibc ignores 'N' and accepts 'e', so both classes can be exercised here
        f = cls(os.devnull, "rb")  # the class adds the letter (glibc ignores 'N')
        try:
            raw = file.mode.__get__(f, file)  # noqa: F821
            expect_equal(raw, "rb" + letter if at_end else "r" + letter + "b",
                         "mode given to fopen")
            expect_equal(f.mode, "rb", "mode with %r letter" % letter)
            expect(", mode 'rb' at " in repr(f), "repr %r", repr(f))
            expect(isinstance(f, file), "not a file")  # noqa: F821
        finally:
            f.close()


@check
def check_probes_on_this_platform(ftools):
    require_linux()
    if PASS_THROUGH:
        raise Skip("Python >= 3.4 does not probe")
    probes = ftools.run_probes()
    expect_equal(probes, {"fopen_letter": True, "o_cloexec": 0o2000000,
                          "sock_cloexec": 0o2000000, "dupfd_cloexec": 1030, "pipe2": True,
                          "dup3": True, "accept4": True,
                          "pty_opener": "ioctl"},
                 "probes on Linux x86/ARM with glibc")
    expect_equal(ftools._probe_pipe2(0o4000), False, "pipe2 probe rejects O_NONBLOCK")
    expect_equal(ftools._probe_pipe2(None), False, "pipe2 probe without O_CLOEXEC")
    expect_equal(ftools._probe_open_flag(0o4000), None, "probe rejects a non-cloexec flag")
    expect_equal(ftools._probe_socket_flag(0o4000), None, "socket probe rejects O_NONBLOCK")
    expect_equal(ftools._probe_dupfd_command(0), None, "no dup command")


# ----------------------------------------------------------------------------------------
# Stress: concurrent creators, concurrent close_fds=False spawns
# ----------------------------------------------------------------------------------------

def stress_seconds():
    value = os.environ.get("FTOOLS_STRESS_SECONDS")
    if value:
        return float(value)
    return 3.0 if not PASS_THROUGH else 1.0


CREATOR_NAMES = ("open", "io_open", "codecs_open", "os_open", "copyfile", "socket",
                 "create_connection", "socketpair", "fromfd", "pipe", "dup", "openpty",
                 "FileHandler")


def creators(ftools, scratch, listener_address):
    """name -> function that creates one handle through ftools and closes it."""
    path = scratch.path("data.txt")

    def closing(make):
        def run():
            handle = make()
            close_handle(handle)
        return run

    def pair(make):
        def run():
            for handle in make():
                close_handle(handle)
        return run

    def copy():
        ftools.copyfile(path, scratch.path("copy-%d" % threading.current_thread().ident))

    def handler():
        h = ftools.FileHandler(scratch.path("log-%d" % threading.current_thread().ident))
        h.close()

    def fromfd():
        s = ftools.socket()
        try:
            ftools.fromfd(s.fileno(), socket_module.AF_INET, socket_module.SOCK_STREAM).close()
        finally:
            s.close()

    jobs = [
        ("open", closing(lambda: ftools.open(path))),
        ("io_open", closing(lambda: ftools.io_open(path, "rb"))),
        ("codecs_open", closing(lambda: ftools.codecs_open(path, "r", "utf-8"))),
        ("os_open", closing(lambda: ftools.os_open(path, os.O_RDONLY))),
        ("copyfile", copy),
        ("socket", closing(ftools.socket)),
        ("create_connection", closing(lambda: ftools.create_connection(listener_address))),
        ("socketpair", pair(ftools.socketpair)),
        ("fromfd", fromfd),
        ("pipe", pair(ftools.pipe)),
        ("dup", closing(lambda: ftools.dup(0))),
        ("openpty", pair(ftools.openpty)),
        ("FileHandler", handler),
    ]
    assert tuple(name for name, _ in jobs) == CREATOR_NAMES
    return jobs


def atomic_creator_names(ftools):
    """Creators that need no spawn_lock here, so even plain subprocess spawns are safe."""
    if PASS_THROUGH:
        # CPython >= 3.4: all atomic on Linux but os.openpty (openpty() then ioctl),
        # which ftools opens with O_CLOEXEC itself
        return set(CREATOR_NAMES) - (set() if "openpty" in ftools._OWN else set(["openpty"]))
    found = ftools.mechanisms()
    names = set()
    if found.file_mode_letter:
        names.update(["open", "codecs_open", "copyfile", "FileHandler"])
    if found.open_flag:
        names.update(["io_open", "os_open"])
    if found.socket == "flag":
        names.add("socket")
    if found.socketpair == "flag":
        names.add("socketpair")
    if found.pipe == "pipe2":
        names.add("pipe")
    if found.dup == "flag":
        names.add("dup")
    if found.openpty == "flag":
        names.add("openpty")
    return names


def leaky_creators(scratch):
    """Control: creators that DO leave an inheritable handle for a moment."""
    path = scratch.path("data.txt")

    def leaky_open():
        fd = os.open(path, os.O_RDONLY)
        if PASS_THROUGH:
            os.set_inheritable(fd, True)  # noqa: NIH202 -- the control must leak
        time.sleep(0.0005)
        os.close(fd)

    return [("leaky open", leaky_open)]


def run_stress(ftools, seconds, spawn, workers=3, only=None, jobs_factory=None,
               min_spawns=40):
    """Spawn for ``seconds`` and at least ``min_spawns`` times (a loaded machine gets
    more time, up to a hard limit).  Returns (spawns, leaking children, creations,
    errors, examples)."""
    scratch = Scratch()
    scratch.reset()
    listener = _listener(ftools)
    listener.settimeout(0.2)
    stop = threading.Event()
    errors = []
    created = [0]
    if jobs_factory is None:
        def jobs_factory(scratch):
            jobs = creators(ftools, scratch, listener.getsockname())
            return [job for job in jobs if only is None or job[0] in only]

    def acceptor():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                conn.close()
            except socket_module.timeout:
                continue
            except Exception as e:  # noqa: B902
                errors.append("accept: %r" % (e,))
                return

    def worker(offset):
        jobs = jobs_factory(scratch)
        index = offset
        while not stop.is_set():
            name, job = jobs[index % len(jobs)]
            index += 1
            try:
                job()
                created[0] += 1
            except Exception as e:  # noqa: B902
                errors.append("%s: %r" % (name, e))
                return

    baseline = child_fds(spawn)
    threads = [threading.Thread(target=acceptor)] if only is None else []
    threads += [threading.Thread(target=worker, args=(i * 4,)) for i in range(workers)]
    for t in threads:
        t.daemon = True
        t.start()
    spawns = leaks = 0
    examples = []
    start = time.time()
    deadline, hard_deadline = start + seconds, start + 10 * seconds + 20
    try:
        while not errors and time.time() < hard_deadline and (
                time.time() < deadline or spawns < min_spawns):
            held = child_fds(spawn)
            spawns += 1
            extra = dict((fd, t) for fd, t in held.items() if baseline.get(fd) != t)
            if extra:
                leaks += 1
                if len(examples) < 3:
                    examples.append(extra)
    finally:
        stop.set()
        for t in threads:
            t.join(5)
        listener.close()
        scratch.close()
    return spawns, leaks, created[0], errors, examples


@check
def check_stress_no_child_receives_an_ftools_handle(ftools):
    """Every API under ftools.Popen spawns; the atomic APIs also under subprocess.Popen;
    and a control run with a leaky creator must be caught."""
    require_linux()
    seconds = stress_seconds()
    # create_connection needs the acceptor thread, whose accept() takes spawn_lock on 2.7
    atomic = atomic_creator_names(ftools) - set(["create_connection"])
    phases = [("every API, ftools.Popen", ftools.Popen, None, seconds * 0.6),
              ("atomic APIs %s, subprocess.Popen" % ",".join(sorted(atomic)),
               subprocess.Popen, atomic, seconds * 0.4)]
    for label, spawn, only, phase_seconds in phases:
        spawns, leaks, created, errors, examples = run_stress(ftools, phase_seconds, spawn,
                                                              only=only)
        expect(not errors, "%s: creator threads failed: %s", label, errors[:3])
        expect(spawns >= 40 and created >= 100,
               "%s: too small to mean anything: %d spawns, %d handles", label, spawns, created)
        expect(leaks == 0, "%s: %d of %d children received ftools handles, e.g. %r",
               label, leaks, spawns, examples)
        print("    stress (%s): %.1fs, %d children, %d handles, 0 leaks" % (
            label, phase_seconds, spawns, created))
    spawns, leaks, created, errors, examples = run_stress(
        ftools, 0.5, subprocess.Popen, workers=2, only=set(), jobs_factory=leaky_creators,
        min_spawns=20)
    expect(leaks > 0, "control: a leaky creator went unnoticed in %d spawns", spawns)
    print("    stress control (leaky creator): %d of %d children leaked" % (leaks, spawns))


# ----------------------------------------------------------------------------------------
# Drop-ins: real classes, stdlib signatures, binding on a class, logging configuration
# ----------------------------------------------------------------------------------------

CLASS_NAMES = {"socket": ("socket", "socket"), "Popen": ("subprocess", "Popen"),
               "FileHandler": ("logging", "FileHandler")}
for _handler in ("RotatingFileHandler", "TimedRotatingFileHandler", "WatchedFileHandler",
                 "SocketHandler", "DatagramHandler"):
    CLASS_NAMES[_handler] = ("logging.handlers", _handler)


def stdlib_object(module_name, attribute):
    __import__(module_name)
    return getattr(sys.modules[module_name], attribute)


@check
def check_classes_are_stdlib_subclasses(ftools):
    """socket, Popen and the handlers are classes: subclasses of the stdlib's (or it),
    subclassable, isinstance-compatible."""
    scratch = Scratch()
    scratch.reset()
    try:
        for name, (module_name, attribute) in sorted(CLASS_NAMES.items()):
            base = stdlib_object(module_name, attribute)
            ours = getattr(ftools, name)
            expect(isinstance(ours, type) and issubclass(ours, base),
                   "ftools.%s is not a %s.%s class", name, module_name, attribute)
            mine = type("Mine" + name, (ours,), {"marker": name})
            if name == "socket":
                obj = mine(socket_module.AF_INET, socket_module.SOCK_STREAM)
            elif name == "Popen":
                obj = mine([sys.executable, "-c", "pass"])
                expect_equal(obj.wait(), 0, "subclassed Popen")
            elif name in ("SocketHandler", "DatagramHandler"):
                obj = mine("127.0.0.1", 9)
            else:
                obj = mine(scratch.path("log-%s.txt" % name))
            try:
                expect(isinstance(obj, base) and isinstance(obj, ours) and
                       obj.marker == name, "instance of a subclass of ftools.%s", name)
                if PY2 and name in ("FileHandler", "RotatingFileHandler",
                                    "TimedRotatingFileHandler", "WatchedFileHandler"):
                    expect(not fd_inheritable(obj.stream.fileno()),
                           "subclass of ftools.%s: inheritable stream", name)
            finally:
                if hasattr(obj, "close"):
                    obj.close()
    finally:
        scratch.close()


def _call_outcome(call):
    try:
        result = call()
    except Exception as e:  # noqa: B902
        text = str(e)
        for prefix in ("_os_open_legacy", "_dup_legacy", "_pipe_legacy", "_openpty_legacy",
                       "_socketpair_legacy", "_fromfd_legacy", "_open_legacy",
                       "_io_open_legacy", "_codecs_open_legacy", "_copyfile_legacy",
                       "_copy_legacy", "_copy2_legacy", "_create_connection_legacy"):
            text = text.replace(prefix + "()", "<f>()")
        return ("raises", type(e).__name__)
    for handle in result if isinstance(result, tuple) else [result]:
        if isinstance(handle, int):
            os.close(handle)
        elif hasattr(handle, "close"):
            handle.close()
    return ("returns", stdlib_class_name(result))


@check
def check_signatures_reject_what_the_stdlib_rejects(ftools):
    import codecs
    import io
    scratch = Scratch()
    scratch.reset()
    path = scratch.path("data.txt")
    copy_to = scratch.path("copy.txt")
    stdlib = {"open": open, "io_open": io.open, "codecs_open": codecs.open,
              "os_open": os.open, "copyfile": shutil.copyfile, "pipe": os.pipe,
              "dup": os.dup, "openpty": os.openpty, "socketpair": socket_module.socketpair,
              "fromfd": socket_module.fromfd, "socket": socket_module.socket,
              "create_connection": socket_module.create_connection}
    cases = [
        ("open", (path,), {"bogus": 1}), ("open", (), {}),
        ("open", (path, "r", 1, 2, 3, 4, 5, 6, 7, 8), {}),
        ("io_open", (path,), {"bogus": 1}), ("codecs_open", (path,), {"bogus": 1}),
        ("os_open", (), {"path": path, "flags": os.O_RDONLY}),
        ("os_open", (path,), {"flags": os.O_RDONLY}), ("os_open", (path,), {}),
        ("os_open", (path, os.O_RDONLY, 0o644, 1), {}),
        ("copyfile", (path, copy_to), {"bogus": 1}), ("copyfile", (path,), {}),
        ("pipe", (1,), {}), ("pipe", (), {"x": 1}), ("dup", (), {}), ("dup", (), {"fd": 0}),
        ("dup", (0, 1), {}), ("openpty", (1,), {}), ("socketpair", (), {"bogus": 1}),
        ("socketpair", (1, 1, 0, 0), {}), ("fromfd", (0,), {}), ("fromfd", (), {"fd": 0}),
        ("socket", (), {"bogus": 1}), ("socket", (2, 1, 0, None, 5), {}),
        ("create_connection", (("127.0.0.1", 9),), {"bogus": 1}),
    ]
    if sys.platform == "win32":
        cases = [c for c in cases if c[0] != "openpty"]
    try:
        for name, args, kwargs in cases:
            expected = _call_outcome(lambda: stdlib[name](*args, **kwargs))
            got = _call_outcome(lambda: getattr(ftools, name)(*args, **kwargs))
            expect_equal(got, expected, "ftools.%s(*%r, **%r)" % (name, args, kwargs))
    finally:
        scratch.close()


@check
def check_the_stdlib_names_may_be_patched_to_ftools(ftools):
    """``subprocess.Popen = ftools.Popen`` and ``socket.socket = ftools.socket`` (a
    program that patches once, at start) work: the classes do not call their base
    through the stdlib name (2.7 recursed until RecursionError)."""
    real_popen, real_socket = subprocess.Popen, socket_module.socket
    subprocess.Popen, socket_module.socket = ftools.Popen, ftools.socket
    try:
        child = ftools.Popen([sys.executable, "-c", "pass"])
        expect_equal(child.wait(), 0, "ftools.Popen with subprocess.Popen patched to it")
        expect_equal(subprocess.call([sys.executable, "-c", "pass"]), 0,
                     "subprocess.call with subprocess.Popen patched to ftools.Popen")
        sock = ftools.socket()
        sock.close()
    finally:
        subprocess.Popen, socket_module.socket = real_popen, real_socket


@check
def check_stored_on_a_class_like_the_stdlib(ftools):
    """A drop-in stored as a class attribute binds (or not) exactly like the stdlib
    callable it replaces (builtins do not bind; Python functions do)."""
    import codecs
    import io
    pairs = [("open", open), ("io_open", io.open), ("codecs_open", codecs.open),
             ("os_open", os.open), ("copyfile", shutil.copyfile), ("copy", shutil.copy),
             ("copy2", shutil.copy2), ("pipe", os.pipe), ("dup", os.dup),
             ("socketpair", socket_module.socketpair), ("fromfd", socket_module.fromfd),
             ("create_connection", socket_module.create_connection),
             ("openpty", os.openpty), ("socket", socket_module.socket),
             ("Popen", subprocess.Popen)]
    for name, _ in CLASS_NAMES.items():
        pairs.append((name, stdlib_object(*CLASS_NAMES[name])))
    for name, stdlib_callable in pairs:
        holders = [type("Holder", (object,), {"f": staticmethod(lambda: None)})]
        bound = []
        for value in (stdlib_callable, getattr(ftools, name)):
            holder = type("Holder", (object,), {"f": value})
            attribute = holder().f
            bound.append(getattr(attribute, "__self__", None) is not None and
                         not isinstance(attribute, type) and
                         type(getattr(attribute, "__self__", None)) is holder)
        del holders
        expect_equal(bound[1], bound[0], "ftools.%s binds as a method on a class" % name)


@check
def check_logging_configuration_names_ftools_handlers(ftools):
    require_linux()
    import logging
    import logging.config
    scratch = Scratch()
    scratch.reset()
    module_name = ftools.__name__
    logger_name = "ftools-config-%d" % os.getpid()
    try:
        logging.config.dictConfig({
            "version": 1, "disable_existing_loggers": False,
            "handlers": {"file": {"class": module_name + ".FileHandler",
                                  "filename": scratch.path("dict.log")},
                         "rotating": {"class": module_name + ".RotatingFileHandler",
                                      "filename": scratch.path("rot.log"), "maxBytes": 100}},
            "loggers": {logger_name: {"handlers": ["file", "rotating"], "level": "INFO"}},
        })
        logger = logging.getLogger(logger_name)
        logger.info("through dictConfig")
        handlers = list(logger.handlers)
        expect_equal(sorted(type(h).__name__ for h in handlers),
                     ["FileHandler", "RotatingFileHandler"], "dictConfig handler classes")
        for handler in handlers:
            expect(isinstance(handler, ftools.FileHandler if type(handler).__name__ ==
                              "FileHandler" else ftools.RotatingFileHandler),
                   "dictConfig made %r", handler)
            assert_not_inherited([handler.stream], "dictConfig %s" % type(handler).__name__)
            handler.close()
            logger.removeHandler(handler)
        ini = scratch.path("logging.ini")
        with open(ini, "w") as f:
            f.write("[loggers]\nkeys=root,app\n[handlers]\nkeys=file\n[formatters]\nkeys=\n"
                    "[logger_root]\nhandlers=\n[logger_app]\nhandlers=file\nqualname=%s\n"
                    "level=INFO\n[handler_file]\nclass=%s.WatchedFileHandler\nargs=(%r, 'a')\n"
                    % (logger_name + "-ini", module_name, scratch.path("ini.log")))
        logging.config.fileConfig(ini, disable_existing_loggers=False)
        logger = logging.getLogger(logger_name + "-ini")
        logger.info("through fileConfig")
        expect_equal([type(h).__name__ for h in logger.handlers], ["WatchedFileHandler"],
                     "fileConfig handler class")
        handler = logger.handlers[0]
        expect(isinstance(handler, ftools.WatchedFileHandler), "fileConfig made %r", handler)
        assert_not_inherited([handler.stream], "fileConfig WatchedFileHandler")
        handler.close()
        logger.removeHandler(handler)
        expect_equal(_read_back(scratch.path("ini.log")), b"through fileConfig\n",
                     "fileConfig log file")
    finally:
        scratch.close()


# ----------------------------------------------------------------------------------------
# Python 2.7 differences that used to exist (each compared with the stdlib)
# ----------------------------------------------------------------------------------------

def require_py2_linux():
    require_linux()
    if not PY2:
        raise Skip("Python >= 3.4: ftools' classes are the stdlib's own")


@check
def check_ssl_wrapped_listener_accepts_non_inheritable(ftools):
    require_linux()
    import ssl
    if not hasattr(ssl, "SSLContext"):
        raise Skip("no ssl.SSLContext")
    protocol = getattr(ssl, "PROTOCOL_TLS_SERVER", None) or getattr(ssl, "PROTOCOL_SSLv23")
    context = ssl.SSLContext(protocol)
    listener = context.wrap_socket(_listener(ftools), server_side=True,
                                   do_handshake_on_connect=False)
    client = socket_module.create_connection(listener.getsockname())
    try:
        conn, _ = listener.accept()
        try:
            expect(isinstance(conn, ssl.SSLSocket), "accepted %r", conn)
            assert_not_inherited([conn], "socket accepted by an SSL-wrapped ftools listener")
        finally:
            conn.close()
    finally:
        client.close()
        listener.close()


@check
def check_accept_interrupted_by_a_signal_like_the_stdlib(ftools):
    require_py2_linux()
    import signal
    outcomes = []
    calls = []

    class StillBlocked(Exception):
        pass

    def handler(signum, frame):
        calls.append(signum)
        if len(calls) > 1:  # the first signal did not end accept(): stop waiting
            raise StillBlocked()

    previous = signal.signal(signal.SIGALRM, handler)
    try:
        for make in (_listener, lambda: _listener(ftools)):
            for timeout in (None, 5.0):
                server = make()
                server.settimeout(timeout)
                del calls[:]
                signal.setitimer(signal.ITIMER_REAL, 0.05, 1.0)
                start = time.time()
                try:
                    server.accept()
                    outcomes.append("accepted")
                except Exception as e:  # noqa: B902
                    outcomes.append((type(e).__name__, e.args[:1], time.time() - start < 2))
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    server.close()
    finally:
        signal.signal(signal.SIGALRM, previous)
    expect_equal(outcomes[2:], outcomes[:2], "accept() when a signal handler returns")


@check
def check_reopening_a_file_with_init(ftools):
    require_py2_linux()
    scratch = Scratch()
    try:
        outcomes = []
        for opener in (open, ftools.open):
            scratch.reset()
            f = opener(scratch.path("data.txt"))
            f.__init__(scratch.path("new.txt"), "wb")
            f.write(b"reopened")
            outcomes.append((f.mode, f.name.replace(scratch.root, "<tmp>"),
                             repr(f).split(" at ")[0].replace(scratch.root, "<tmp>")))
            if opener is ftools.open:
                assert_not_inherited([f], "file reopened through f.__init__")
            f.close()
            outcomes[-1] += (_read_back(scratch.path("new.txt")),)
        expect_equal(outcomes[1], outcomes[0], "f.__init__(name, 'wb')")
    finally:
        scratch.close()


@check
def check_explicit_sock_cloexec_shows_in_type(ftools):
    require_linux()
    flag = getattr(socket_module, "SOCK_CLOEXEC", None) or ftools.SOCK_CLOEXEC
    if not flag:
        raise Skip("no SOCK_CLOEXEC here")
    outcomes = []
    for module in (socket_module, ftools):
        server = module.socket(socket_module.AF_INET, socket_module.SOCK_STREAM | flag)
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        client = socket_module.create_connection(server.getsockname())
        conn, _ = server.accept()
        pair = module.socketpair(socket_module.AF_UNIX, socket_module.SOCK_STREAM | flag)
        plain_pair = module.socketpair()
        outcomes.append((server.type, conn.type, [s.type for s in pair],
                         [s.type for s in plain_pair], conn.dup().type))
        for sock in [server, client, conn] + list(pair) + list(plain_pair):
            sock.close()
    expect_equal(outcomes[1], outcomes[0], "an explicit SOCK_CLOEXEC in .type")


@check
def check_without_fcntl_every_call_works(ftools):
    """A POSIX interpreter without the fcntl module: ftools makes the stdlib's handles
    (no ImportError)."""
    require_linux()
    script = (
        "import sys, os, socket, subprocess\n"  # 2.7's subprocess needs fcntl itself
        "sys.modules['fcntl'] = None\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "import ftools\n"
        "f = ftools.open(sys.argv[2]); f.close()\n"
        "ftools.io_open(sys.argv[2]).close(); ftools.codecs_open(sys.argv[2]).close()\n"
        "os.close(ftools.os_open(sys.argv[2], os.O_RDONLY))\n"
        "s = ftools.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)\n"
        "c = ftools.create_connection(s.getsockname()); a, _ = s.accept()\n"
        "for x in [s, c, a] + list(ftools.socketpair()): x.close()\n"
        "r, w = ftools.pipe(); d = ftools.dup(r); m, t = ftools.openpty()\n"
        "for fd in (r, w, d, m, t): os.close(fd)\n"
        "b = socket.socket(); ftools.fromfd(b.fileno(), b.family, b.type).close()\n"
        "ftools.FileHandler(sys.argv[3]).close()\n"
        "assert ftools.Popen([sys.executable, '-c', 'pass']).wait() == 0\n"
        "print('ok %s' % (ftools.O_CLOEXEC,))\n")
    scratch = Scratch()
    scratch.reset()
    try:
        child = subprocess.Popen([sys.executable, "-c", script, RUNTIME_DIR,
                                  scratch.path("data.txt"), scratch.path("log.txt")],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = child.communicate()
    finally:
        scratch.close()
    expect(child.returncode == 0, "without fcntl: %s", err.decode("utf-8", "replace")[-600:])
    expect_equal(out.strip(), b"ok 0", "without fcntl: no O_CLOEXEC can be verified")


# ----------------------------------------------------------------------------------------
# Constants for fixes that keep the caller's own callee
# ----------------------------------------------------------------------------------------

@check
def check_flag_constants(ftools):
    require_linux()
    expect_equal((ftools.O_CLOEXEC, ftools.SOCK_CLOEXEC),
                 (0, 0) if PASS_THROUGH else (0o2000000, 0o2000000),
                 "O_CLOEXEC and SOCK_CLOEXEC (0 where the stdlib is already atomic)")
    scratch = Scratch()
    scratch.reset()
    made = []
    try:
        made.append(os.open(scratch.path("data.txt"), os.O_RDONLY | ftools.O_CLOEXEC))
        made.append(socket_module.socket(socket_module.AF_INET,
                                         socket_module.SOCK_STREAM | ftools.SOCK_CLOEXEC))
        made.append(fcntl.fcntl(made[0], ftools.F_DUPFD_CLOEXEC, 0))
        assert_not_inherited(made, "handles made with the ftools flag constants")
        expect_equal(made[1].type, socket_module.SOCK_STREAM | ftools.SOCK_CLOEXEC,
                     "the caller's socket shows the flag it passed")
    finally:
        for handle in made:
            close_handle(handle)
        scratch.close()


# ----------------------------------------------------------------------------------------
# Warnings raised inside a drop-in name the caller
# ----------------------------------------------------------------------------------------

WARNING_CALLER = r'''
import warnings
import ftools


def run():
    warnings.simplefilter("ignore")
    warnings.filterwarnings("error", module="warning_caller")
    try:
        %s
    except Warning as e:
        print("raised %%s" %% type(e).__name__)
    else:
        print("not raised")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        %s
    print([(w.category.__name__, w.filename.endswith("warning_caller.py")) for w in caught])
'''
WARNING_DRIVER = ("import sys; sys.path[:0] = sys.argv[1:3]; import warning_caller; "
                  "warning_caller.run()")


@check
def check_warnings_point_at_the_caller(ftools):
    """EncodingWarning (3.10+, -X warn_default_encoding) and the 'U' mode
    DeprecationWarning (3.4-3.10) from ftools.open match a per-module filter of the
    caller and name the caller's file."""
    if PY2:
        raise Skip("no 2.7 drop-in raises a warning of its own")
    scratch = Scratch()
    scratch.reset()
    try:
        cases = []
        path = scratch.path("data.txt")
        if sys.version_info >= (3, 10):
            call = "ftools.open(%r).close()" % path
            cases.append((["-X", "warn_default_encoding"], call, "EncodingWarning"))
            call = "ftools.io_open(%r).close()" % path
            cases.append((["-X", "warn_default_encoding"], call, "EncodingWarning"))
        if sys.version_info < (3, 11):
            call = "ftools.open(%r, 'rU').close()" % path
            cases.append(([], call, "DeprecationWarning"))
        for options, call, category in cases:
            caller = scratch.path("warning_caller.py")
            with open(caller, "w") as f:
                f.write(WARNING_CALLER % (call, call))
            done = subprocess.Popen([sys.executable] + options + ["-c", WARNING_DRIVER,
                                                                  scratch.root, RUNTIME_DIR],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            out, err = done.communicate()
            lines = out.decode().splitlines()
            expect(done.returncode == 0, "%s: %s", call, err.decode()[-500:])
            expect_equal(lines, ["raised " + category, str([(category, True)])],
                         "%s: warning attributed to the caller" % call)
    finally:
        scratch.close()


# ----------------------------------------------------------------------------------------
# Runner
# ----------------------------------------------------------------------------------------

def run(ftools, selected=None, out=sys.stdout):
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    for function in CHECKS:
        name = function.__name__
        if selected and not any(s in name for s in selected):
            continue
        start = time.time()
        try:
            function(ftools)
        except Skip as e:
            status, detail = "SKIP", str(e)
        except Exception as e:  # noqa: B902 -- report every failure, keep going
            status, detail = "FAIL", "%s: %s" % (type(e).__name__, e)
        else:
            status, detail = "PASS", ""
        counts[status] += 1
        line = "%s %s (%.2fs)" % (status, name, time.time() - start)
        if detail:
            line += ": " + detail
        print(line, file=out)
        out.flush()
    print("python %s: %d passed, %d failed, %d skipped" % (
        sys.version.split()[0], counts["PASS"], counts["FAIL"], counts["SKIP"]), file=out)
    return counts


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    selected = []
    if argv[:1] == ["-k"]:
        selected = argv[1:]
    counts = run(load_ftools(), selected)
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
