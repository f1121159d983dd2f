"""The sanitizer's findings: one record (a JSON-able dict) per spawn, and its text block.

A record::

    {"sanitizer": "noinherit", "pid": 4242, "python": "3.12.1", "platform": "linux",
     "call": "subprocess.Popen", "kind": "subprocess", "close_fds": false, "pass_fds": [],
     "site": ["app.py", 14, "main"], "stack": [["app.py", 14, "main"], ...],
     "threads": null,                     # fork: {"count": 1, "names": ["worker"]}
     "context": null,                     # the pytest plugin: the test's node id
     "descriptors": [{"fd": 5, "kind": "file", "description": "/tmp/log (write)",
                      "path": "/tmp/log",
                      "created": {"call": "open", "how": "path", "site": [...], "stack": [...]},
                      "made_inheritable": null}]}

Runs unchanged on CPython 2.7 and 3.6+.
"""

import json
import os
import sys

from .sanitizer_decide import cloexec_constants
from .sanitizer_track import is_library

SHOWN_SPAWN_FRAMES = 4


def _where(frame):
    if not frame:
        return "an unknown place"
    filename, line, function = frame
    try:
        relative = os.path.relpath(filename)
        if not relative.startswith(os.pardir):
            filename = relative
    except ValueError:  # another drive (Windows)
        pass
    return "%s:%s in %s" % (filename, line, function)


def _made_by(creation):
    if not creation:
        return "made by a call the sanitizer does not see (C code, ctypes, inherited)"
    text = "made by %s() at %s" % (creation["call"], _where(creation["site"]))
    if creation.get("how") == "path":
        text += " (the latest open of that path)"
    return text


def _plural(count, word):
    return "%d %s%s" % (count, word, "" if count == 1 else "s")


def headline(record):
    """``subprocess.Popen(close_fds=False) at app.py:14 in main passes 2 descriptors...``"""
    call = record["call"]
    if record["kind"] == "subprocess":
        value = record["close_fds"]
        call += "(close_fds=%s)" % ("unknown" if value is None else value)
    else:
        call += "()"
    count = len(record["descriptors"])
    text = "%s at %s" % (call, _where(record["site"]))
    if record["kind"] == "fork":
        threads = record.get("threads") or {}
        if count:
            text += " gives the child %s (no exec follows: it gets every descriptor)" % (
                _plural(count, "descriptor"))
        else:
            text += " forks with no exec following"
        if threads.get("count"):
            names = ", ".join(threads.get("names") or []) or "not started by threading"
            text += "; %s alive in the parent (%s)" % (
                _plural(threads["count"], "other thread"), names)
    else:
        text += " passes %s to the child" % _plural(count, "descriptor")
    return text


def block(record):
    """The compact text that ``warn`` prints and ``raise`` puts in its exception."""
    lines = ["noinherit sanitizer: " + headline(record)]
    for entry in record["descriptors"]:
        text = "  fd %d: %s, %s" % (entry["fd"], entry["description"],
                                    _made_by(entry["created"]))
        if entry.get("made_inheritable"):
            marked = entry["made_inheritable"]
            text += "; made inheritable by %s() at %s" % (marked["call"],
                                                          _where(marked["site"]))
        lines.append(text)
    frames = _shown_frames(record["stack"])
    shown = " < ".join(_where(f) for f in frames[:SHOWN_SPAWN_FRAMES])
    if len(frames) > SHOWN_SPAWN_FRAMES:
        shown += " < ..."
    lines.append("  spawned from: " + shown)
    return "\n".join(lines) + "\n"


_RUNNER_PARTS = ("site-packages", "dist-packages", "_pytest", "pluggy")


def _installed(filename):
    """An installed package's file, or a test runner's (pytest installed anywhere)."""
    parts = filename.replace("\\", "/").split("/")
    return any(part in parts for part in _RUNNER_PARTS)


def _shown_frames(stack):
    """The spawn's frames outside the standard library, from the spawning line outwards;
    for a spawn in the project's own code, up to the first installed package's frame (a
    test runner's, say)."""
    frames = [frame for frame in stack if not is_library(frame[0])] or stack[:1]
    if frames and not _installed(frames[0][0]):
        for index, frame in enumerate(frames):
            if _installed(frame[0]):
                return frames[:index]
    return frames


def to_json_line(record):
    return json.dumps(record, sort_keys=True) + "\n"


def _encode(text):
    if isinstance(text, bytes):
        return text
    return text.encode("utf-8", "replace")


def write_all(fd, text):
    """Write ``text`` to the descriptor ``fd`` in full (no Python file object involved)."""
    data = _encode(text)
    while data:
        written = os.write(fd, data)
        data = data[written:]


_O_CLOEXEC = cloexec_constants(sys.platform, os, None)[0]


def append_line(path, text):
    """Append one line to ``path`` in a single write (O_APPEND keeps lines whole when a
    forked child and its parent both write)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _O_CLOEXEC | getattr(os, "O_NOINHERIT", 0)
    fd = os.open(path, flags, 0o644)
    try:
        write_all(fd, text)
    finally:
        os.close(fd)
