"""Leak counts: how many children receive a handle that another thread is creating.

    python bench/leak_stress.py                          # this interpreter, every API
    python bench/leak_stress.py --python 2.7 3.12        # pyenv interpreters
    python bench/leak_stress.py --spawns 2000 --threads 3 --apis open socket pipe

For every API and every way of creating the handle, ``--threads`` threads create and
close handles in a loop while the main thread starts ``--spawns`` children with
``close_fds=False`` (Linux; the child is ``ls -l /proc/self/fd``).  A child *leaked* if it
holds any descriptor the process did not already have before the threads started.

APIs ``accept`` and ``ssl_accept``: the threads accept connections (a plain or an
ssl-wrapped listener) that another thread makes with ``ftools.create_connection``.

Ways of creating the handle (columns):
* builtin    -- the standard-library call (``open``, ``socket.socket``, ...);
* prototype  -- the 2007 ``ftools`` recipe: the stdlib call, then ``fcntl(F_SETFD,
  FD_CLOEXEC)`` on each new descriptor right away (for ``open``: ``os.open`` + fcntl +
  ``os.fdopen``, exactly as posted to python-dev);
* ftools     -- ``runtime/ftools.py``, with children started by ``subprocess.Popen``;
* ftools+lock -- ``runtime/ftools.py``, with children started by ``ftools.Popen`` (which
  holds the write side of ``ftools.spawn_lock``).

Output: one markdown table per interpreter, cells "leaking children / children".
Runs on Python 2.7 and 3.x.
"""

from __future__ import print_function

import argparse
import json
import os
import shutil
import socket as socket_module
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME_DIR = os.path.join(HERE, os.pardir, "runtime")
METHODS = ["builtin", "prototype", "ftools", "ftools+lock"]
APIS = ["open", "io_open", "codecs_open", "os_open", "copyfile", "socket",
        "create_connection", "accept", "ssl_accept", "socketpair", "fromfd", "pipe", "dup",
        "openpty", "FileHandler"]
#: APIs whose handles come from a listener: the threads accept() while a connector thread
#: connects with ftools.create_connection (non-inheritable everywhere, so only the accepted
#: socket can leak).  ssl_accept: the listener is wrapped by ssl (do_handshake_on_connect
#: False), whose accept() calls the raw socket's.
LISTENER_APIS = ("accept", "ssl_accept")


def set_cloexec(fd):
    import fcntl
    fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.fcntl(fd, fcntl.F_GETFD) | fcntl.FD_CLOEXEC)


def close(handle):
    if isinstance(handle, int):
        os.close(handle)
    else:
        handle.close()


def prototype_open(path, mode="r"):
    """The 2007 python-dev ftools.open for POSIX: os.open, then fcntl, then fdopen."""
    flags = {"r": os.O_RDONLY, "rb": os.O_RDONLY,
             "wb": os.O_WRONLY | os.O_CREAT | os.O_TRUNC}[mode]
    fd = os.open(path, flags, 0o666)
    set_cloexec(fd)
    return os.fdopen(fd, mode)


def accepting(listener):
    def accept():
        try:
            return [listener.accept()[0]]
        except socket_module.timeout:
            return []
    return accept


def stdlib_makers(path, workdir, address, listener=None):
    """API -> function creating (and returning) handles with the standard library."""
    import codecs
    import io
    import logging

    def copyfile():
        shutil.copyfile(path, os.path.join(workdir, "copy-%d" % threading.current_thread().ident))
        return []

    def fromfd():
        base = socket_module.socket()
        try:
            return [socket_module.fromfd(base.fileno(), socket_module.AF_INET,
                                         socket_module.SOCK_STREAM)]
        finally:
            base.close()

    def handler():
        h = logging.FileHandler(os.path.join(workdir, "log-%d" % threading.current_thread().ident))
        return [h]

    return {
        "accept": accepting(listener),
        "ssl_accept": accepting(listener),
        "open": lambda: [open(path)],
        "io_open": lambda: [io.open(path, "rb")],
        "codecs_open": lambda: [codecs.open(path, "r", "utf-8")],
        "os_open": lambda: [os.open(path, os.O_RDONLY)],
        "copyfile": copyfile,
        "socket": lambda: [socket_module.socket()],
        "create_connection": lambda: [socket_module.create_connection(address)],
        "socketpair": lambda: list(socket_module.socketpair()),
        "fromfd": fromfd,
        "pipe": lambda: list(os.pipe()),
        "dup": lambda: [os.dup(0)],
        "openpty": lambda: list(os.openpty()),
        "FileHandler": handler,
    }


def fileno(handle):
    if isinstance(handle, int):
        return handle
    if hasattr(handle, "stream"):
        return handle.stream.fileno()
    return handle.fileno()


def prototype_makers(path, workdir, address, listener=None):
    """The stdlib call, then FD_CLOEXEC on each new descriptor (the 2007 recipe)."""
    stdlib = stdlib_makers(path, workdir, address, listener)

    def marked(make):
        def run():
            handles = make()
            for h in handles:
                set_cloexec(fileno(h))
            return handles
        return run

    def copyfile():
        with prototype_open(path, "rb") as fsrc:
            with prototype_open(os.path.join(
                    workdir, "copy-%d" % threading.current_thread().ident), "wb") as fdst:
                shutil.copyfileobj(fsrc, fdst)
        return []

    makers = dict((api, marked(make)) for api, make in stdlib.items())
    makers["open"] = lambda: [prototype_open(path)]
    makers["copyfile"] = copyfile
    return makers


def ftools_makers(ftools, path, workdir, address, listener=None):
    def copyfile():
        ftools.copyfile(path, os.path.join(workdir, "copy-%d" % threading.current_thread().ident))
        return []

    def fromfd():
        base = ftools.socket()
        try:
            return [ftools.fromfd(base.fileno(), socket_module.AF_INET, socket_module.SOCK_STREAM)]
        finally:
            base.close()

    def handler():
        return [ftools.FileHandler(os.path.join(
            workdir, "log-%d" % threading.current_thread().ident))]

    return {
        "accept": accepting(listener),
        "ssl_accept": accepting(listener),
        "open": lambda: [ftools.open(path)],
        "io_open": lambda: [ftools.io_open(path, "rb")],
        "codecs_open": lambda: [ftools.codecs_open(path, "r", "utf-8")],
        "os_open": lambda: [ftools.os_open(path, os.O_RDONLY)],
        "copyfile": copyfile,
        "socket": lambda: [ftools.socket()],
        "create_connection": lambda: [ftools.create_connection(address)],
        "socketpair": lambda: list(ftools.socketpair()),
        "fromfd": fromfd,
        "pipe": lambda: list(ftools.pipe()),
        "dup": lambda: [ftools.dup(0)],
        "openpty": lambda: list(ftools.openpty()),
        "FileHandler": handler,
    }


def child_fds(spawn):
    child = spawn(["ls", "-l", "/proc/self/fd"], stdout=subprocess.PIPE, close_fds=False)
    out = child.communicate()[0].decode("utf-8", "replace")
    found = set()
    for line in out.splitlines():
        if " -> " in line:
            left, target = line.split(" -> ", 1)
            fd = int(left.split()[-1])
            if fd > 2 and not target.startswith("/proc/"):
                found.add((fd, target))
    return found


def run_cell(ftools, api, method, spawns, threads):
    """Returns (leaking children, children, creating calls)."""
    workdir = tempfile.mkdtemp(prefix="ftools-leak-")
    path = os.path.join(workdir, "data.txt")
    with open(path, "wb") as f:
        f.write(b"data\n" * 100)
    if method.startswith("ftools"):
        listener = ftools.socket()
    else:
        listener = socket_module.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.1)
    address = listener.getsockname()
    if api == "ssl_accept":
        import ssl
        protocol = getattr(ssl, "PROTOCOL_TLS_SERVER", None) or ssl.PROTOCOL_SSLv23
        listener = ssl.SSLContext(protocol).wrap_socket(
            listener, server_side=True, do_handshake_on_connect=False)
    if method == "builtin":
        make = stdlib_makers(path, workdir, address, listener)[api]
    elif method == "prototype":
        make = prototype_makers(path, workdir, address, listener)[api]
    else:
        make = ftools_makers(ftools, path, workdir, address, listener)[api]
    spawn = ftools.Popen if method == "ftools+lock" else subprocess.Popen
    stop = threading.Event()
    created = [0]
    errors = []

    def acceptor():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except socket_module.timeout:
                continue
            except Exception as e:  # noqa: B902
                errors.append(e)
                return
            if method == "prototype":
                set_cloexec(conn.fileno())
            conn.close()

    def connector():
        while not stop.is_set():
            try:
                ftools.create_connection(address).close()
            except socket_module.error:
                time.sleep(0.001)

    def worker():
        while not stop.is_set():
            try:
                handles = make()
            except Exception as e:  # noqa: B902
                errors.append(e)
                return
            created[0] += 1
            for h in handles:
                close(h)

    baseline = child_fds(spawn)
    workers = [threading.Thread(target=worker) for _ in range(threads)]
    if api == "create_connection":
        workers.append(threading.Thread(target=acceptor))
    if api in LISTENER_APIS:
        workers.append(threading.Thread(target=connector))
    for t in workers:
        t.daemon = True
        t.start()
    leaks = done = 0
    try:
        while done < spawns and not errors:
            if child_fds(spawn) - baseline:
                leaks += 1
            done += 1
    finally:
        stop.set()
        for t in workers:
            t.join(5)
        listener.close()
        shutil.rmtree(workdir, ignore_errors=True)
    if errors:
        raise SystemExit("bench/leak_stress.py: %s/%s failed: %r" % (api, method, errors[0]))
    return leaks, done, created[0]


def measure(apis, methods, spawns, threads):
    sys.path.insert(0, RUNTIME_DIR)
    import ftools
    cells = {}
    start = time.time()
    for api in apis:
        for method in methods:
            cell = run_cell(ftools, api, method, spawns, threads)
            cells["%s %s" % (api, method)] = cell
            sys.stderr.write("%s %s %s: %d / %d\n" % (
                sys.version.split()[0], api, method, cell[0], cell[1]))
            sys.stderr.flush()
    return {"python": sys.version.split()[0], "cells": cells, "seconds": time.time() - start,
            "mechanisms": repr(ftools.mechanisms())}


def pyenv_python(version):
    root = subprocess.check_output(["pyenv", "root"]).decode().strip()
    listed = subprocess.check_output(["pyenv", "versions", "--bare"]).decode().split()
    matches = [v for v in listed if v == version or v.startswith(version + ".")]
    if not matches:
        raise SystemExit("bench/leak_stress.py: no pyenv interpreter for Python %s" % version)
    return os.path.join(root, "versions", matches[-1], "bin", "python")


def table(result, apis, methods):
    lines = ["Python %s (%.0fs): leaking children / children" % (
        result["python"], result["seconds"]), "",
        "| API | " + " | ".join(methods) + " |",
        "|---|" + "---|" * len(methods)]
    for api in apis:
        cells = []
        for method in methods:
            leaks, done, _ = result["cells"]["%s %s" % (api, method)]
            cells.append("%d / %d" % (leaks, done))
        lines.append("| %s | %s |" % (api, " | ".join(cells)))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", nargs="*", default=[],
                        help="pyenv versions to run under (default: this interpreter)")
    parser.add_argument("--spawns", type=int, default=2000, help="children per cell")
    parser.add_argument("--threads", type=int, default=3, help="creating threads")
    parser.add_argument("--apis", nargs="*", default=APIS, choices=APIS)
    parser.add_argument("--methods", nargs="*", default=METHODS, choices=METHODS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        raise SystemExit("bench/leak_stress.py: needs Linux (/proc/self/fd)")
    if args.json:
        print(json.dumps(measure(args.apis, args.methods, args.spawns, args.threads)))
        return 0
    if not args.python:
        results = [measure(args.apis, args.methods, args.spawns, args.threads)]
    else:
        results = []
        for version in args.python:
            command = [pyenv_python(version), os.path.abspath(__file__), "--json",
                       "--spawns", str(args.spawns), "--threads", str(args.threads),
                       "--apis"] + args.apis + ["--methods"] + args.methods
            results.append(json.loads(subprocess.check_output(command).decode()))
    for result in results:
        print(table(result, args.apis, args.methods))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
