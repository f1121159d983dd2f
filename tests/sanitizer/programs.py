"""Runnable programs built from the leaky calls of tests/integration/leaky_programs.py.

Every creating call of ``leaky_programs.CALLS`` becomes one function of a program (its
import line inside, so that ``from socket import socket`` shadows nothing), followed by
one of the spawning calls of ``CALLS``.  The program runs on Python 2.7 and 3.x and
records the ground truth itself:

* after each statement it lists its descriptors (number, ``st_dev``/``st_ino``,
  inheritable) and notes which statement made each one, or made it inheritable;
* right before the spawn it writes that manifest (``TRUTH``); the child (a real
  ``python child.py``, or the forked copy) writes the identities it holds (``OUT``).

A descriptor leaked at run time is one whose identity the child holds at the same
number.  A statement that fails on this interpreter (``os.set_inheritable`` on 2.7...)
is noted in the manifest and made nothing.

Two deliberate changes to the templates: ``os.dup2(fd, 9)`` targets 200 (9 is an
earlier statement's descriptor by then), and ``create_connection((host, 80))``
connects to a listener of the program instead of port 80.
"""

import json
import os
import re
from typing import Dict, List, Tuple

from tests.integration.leaky_programs import CALLS

SPAWNING_WORDS = ("subprocess", "sp.check_output", "os.system", "os.fork")
CREATORS = [(imports, call) for imports, call in CALLS
            if not any(word in call or word in imports for word in SPAWNING_WORDS)]
SPAWNERS = {
    "call-close_fds-False": [c for c in CALLS if "close_fds=False" in c[1]][0],
    "Popen-stdout-PIPE": [c for c in CALLS if "stdout=subprocess.PIPE" in c[1]][0],
    "check_output-shell": [c for c in CALLS if "shell=True" in c[1]][0],
    "os.system": [c for c in CALLS if c[1].startswith("os.system")][0],
    "os.fork": [c for c in CALLS if c[1] == "os.fork()"][0],
}


def kind_of(call: str) -> str:
    """The kind the sanitizer must report for what ``call`` makes."""
    if "socket" in call:
        return "socket"
    if "pipe" in call:
        return "pipe"
    if "openpty" in call:
        return "pty"
    return "file"  # files, logging handlers, dups of file descriptors


CHILD_REPORT = '''def child_report(path):
    found = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            st = os.fstat(int(name))
        except OSError:
            continue
        found[name] = [st.st_dev, st.st_ino]
    with open(path + ".tmp", "w") as f:
        json.dump(found, f)
    os.rename(path + ".tmp", path)
'''
CHILD = "import json, os, sys\n\n\n" + CHILD_REPORT + "\n\nchild_report(sys.argv[1])\n"

PRELUDE = '''from __future__ import print_function
import fcntl, os


def _fds():
    found = {}
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            st = os.fstat(fd)
            flags = fcntl.fcntl(fd, fcntl.F_GETFD)
        except (IOError, OSError):
            continue
        found[fd] = (st.st_dev, st.st_ino, not flags & fcntl.FD_CLOEXEC)
    return found


_start = _fds()  # before the prelude makes anything (2.7's random opens /dev/urandom)
import json, socket as _socket, sys, tempfile
OUT, TRUTH = sys.argv[1], sys.argv[2]
CHILD = os.path.join(os.getcwd(), "child.py")
child_argv = [sys.executable, CHILD, OUT]
child_cmd = '"%s" "%s" "%s"' % (sys.executable, CHILD, OUT)
keep = []
failed = {}
manifest = {}


def _step(index):
    global _before
    now = _fds()
    for fd, (dev, ino, inheritable) in now.items():
        old = _before.get(fd)
        if old is None or old[:2] != (dev, ino):
            manifest[fd] = {"dev": dev, "ino": ino, "created": index, "marked": None}
        elif inheritable and not old[2] and fd in manifest:
            manifest[fd]["marked"] = index
    for fd in list(manifest):
        if fd not in now:
            del manifest[fd]
    _before = now


_before = _start
_step(-1)


def _write_truth():
    with open(TRUTH, "w") as f:
        json.dump({"manifest": manifest, "failed": failed}, f)


''' + CHILD_REPORT + '''
'''


class Program(object):
    """The text of one program and what each statement index makes."""

    def __init__(self):
        self.lines: List[str] = PRELUDE.split("\n")
        self.statements: Dict[int, Dict] = {}  # index -> {"kind": ..., "call": ...}

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def _add(self, text: str) -> None:
        self.lines.extend(text.split("\n"))

    def global_statement(self, index: int, text: str, kind: str, call: str) -> None:
        self.statements[index] = {"kind": kind, "call": call}
        self._add(text + "\n_step(%d)" % index)

    def function_statement(self, index: int, imports: str, call: str, kind: str) -> None:
        self.statements[index] = {"kind": kind, "call": call}
        self._add("def s%d():" % index + ("\n    " + imports if imports else ""))
        self._add("    return " + call.replace("\n", "\n    "))
        self._add("\n\ntry:\n    keep.append(s%d())\nexcept Exception as exc:\n"
                  "    failed[%d] = repr(exc)\n_step(%d)\n" % (index, index, index))

    def spawn(self, name: str) -> None:
        imports, call = SPAWNERS[name]
        self._add("_write_truth()\n\n\ndef spawn():\n    " + imports)
        if name == "os.fork":
            self._add("    pid = " + call)
            self._add("\n    if pid == 0:\n        try:\n            child_report(OUT)\n"
                      "        finally:\n            os._exit(0)\n    os.waitpid(pid, 0)\n")
        else:
            argument = "child_argv" if name.startswith(("call", "Popen")) else "child_cmd"
            self._add("    child = " + call.replace("{a}", argument).replace("\n", "\n    "))
            self._add("\n    child.communicate()" if name == "Popen-stdout-PIPE" else "")
        self._add("\n\nspawn()\n")


_FUNCTION = re.compile(r"^def s(\d+)\(\):")
_GLOBAL = re.compile(r"^(?:fd_(\d+)|(listener)) = ")
_SPAWN = re.compile(r"^    (?:child|pid) = ")


def locate(text: str) -> Tuple[Dict[int, Tuple[int, int]], Tuple[int, int]]:
    """The 1-based (first, last) lines of each statement and of the spawn in ``text``
    (found again after ``noinherit-fix`` moved them)."""
    lines = text.split("\n")
    ranges, spawn = {}, (0, 0)

    def extent(start):  # a statement ends before a blank line or a line at its indent
        indent = len(lines[start]) - len(lines[start].lstrip())
        end = start
        while end + 1 < len(lines) and lines[end + 1].strip() and (
                len(lines[end + 1]) - len(lines[end + 1].lstrip()) > indent
                or lines[end + 1].lstrip().startswith(")")):
            end += 1
        return start + 1, end + 1

    for number, line in enumerate(lines):
        function, global_ = _FUNCTION.match(line), _GLOBAL.match(line)
        if function:
            start = number + 1
            while not lines[start].startswith("    return "):
                start += 1
            ranges[int(function.group(1))] = extent(start)
        elif global_:
            index = 0 if global_.group(2) else 100 + int(global_.group(1))
            ranges[index] = extent(number)
        elif _SPAWN.match(line):
            spawn = extent(number)
    return ranges, spawn


def placeholders(index: int, call: str) -> Dict[str, str]:
    values = {"p": "'f%02d.txt'" % index, "fd": "fd_%02d" % index,
              "a": "'src%02d.txt'" % index, "b": "'dst%02d.txt'" % index}
    if "copytree" in call:
        values.update(a="'srcdir%02d'" % index, b="'dstdir%02d'" % index)
    if "create_connection" in call:
        values["a"] = "'127.0.0.1'"
    return values


def build(spawner: str, creators=None) -> Program:
    """A program: a listener, every creator (and the descriptor it needs), the spawn."""
    program = Program()
    program.global_statement(
        0, "listener = _socket.socket(); listener.bind(('127.0.0.1', 0)); listener.listen(64)",
        "socket", "socket.socket")
    program._add("PORT = listener.getsockname()[1]")
    for index, (imports, call) in enumerate(creators or CREATORS, start=1):
        if "{fd}" in call:
            program.global_statement(
                100 + index, "fd_%02d = os.open('fd%02d.txt', os.O_RDWR | os.O_CREAT)"
                % (index, index), "file", "os.open")
        call = call.replace("{fd}, 9)", "{fd}, 200)").replace(", 80))", ", PORT))")
        program.function_statement(index, imports, call.format(**placeholders(index, call)),
                                   kind_of(call))
    program.spawn(spawner)
    return program


def prepare(folder: str, count: int = len(CREATORS) + 1) -> None:
    """The files and folders the creators read, and child.py."""
    for index in range(count + 1):
        for name in ("f%02d.txt", "src%02d.txt", "fd%02d.txt"):
            with open(os.path.join(folder, name % index), "w") as f:
                f.write("data\n")
        tree = os.path.join(folder, "srcdir%02d" % index)
        os.makedirs(tree, exist_ok=True)
        with open(os.path.join(tree, "inside.txt"), "w") as f:
            f.write("data\n")
    with open(os.path.join(folder, "child.py"), "w") as f:
        f.write(CHILD)


def ground_truth(folder: str, out: str = "out.json", truth: str = "truth.json"):
    """(manifest, failed, received): received = fds the child holds, same identity."""
    with open(os.path.join(folder, truth)) as f:
        data = json.load(f)
    with open(os.path.join(folder, out)) as f:
        child = json.load(f)
    manifest = {int(fd): entry for fd, entry in data["manifest"].items()}
    received = {fd for fd, entry in manifest.items()
                if child.get(str(fd)) == [entry["dev"], entry["ino"]]}
    return manifest, {int(k): v for k, v in data["failed"].items()}, received
