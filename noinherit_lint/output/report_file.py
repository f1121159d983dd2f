"""``--output-file FILE``: the report written to FILE whole or not at all.

The text goes to a new file next to FILE that then replaces it (`os.replace`), so a reader never
sees half a report and an error (a full disk, a Ctrl-C) leaves FILE as it was; the file replaced
keeps its permission bits, and a link is written through (the file it leads to is replaced).
FILE is replaced, not appended to as flake8's ``--output-file`` does (ruff replaces it too).  A
FILE that exists and is not a regular file (``/dev/stdout``, ``/dev/null``, a FIFO) cannot be
replaced and is written to.  The text is UTF-8; a file name's undecodable bytes are written as
backslash escapes, as on stdout."""

from __future__ import annotations

import os
import stat
import tempfile

from noinherit_lint.escape import display


class ReportFileError(Exception):
    """FILE cannot be written; the message names it and says why."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def write_report(path: str, text: str) -> None:
    data = text.encode("utf-8", "backslashreplace")
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ReportFileError(f"cannot write {display(path)} ({_reason(exc)})") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise ReportFileError(f"cannot write {display(path)} (it is a folder)")
    try:
        if info is not None and not stat.S_ISREG(info.st_mode):
            with open(target, "wb") as stream:
                stream.write(data)
            return
        _replace(target, data, None if info is None else stat.S_IMODE(info.st_mode))
    except OSError as exc:
        raise ReportFileError(f"cannot write {display(path)} ({_reason(exc)})") from None


def _new_file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _replace(target: str, data: bytes, mode) -> None:
    folder, name = os.path.split(target)
    fd, temporary = tempfile.mkstemp(dir=folder or ".", prefix=f".{name}.", suffix=".tmp")
    try:
        try:
            if hasattr(os, "fchmod"):  # mkstemp's file is 0o600: give it the mode FILE has, or would get
                os.fchmod(fd, _new_file_mode() if mode is None else mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
