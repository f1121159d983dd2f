"""Reading a Python file to text and writing text back byte-exactly and atomically.

Reading honours a UTF-8 BOM and a PEP 263 coding cookie (``# -*- coding: latin-1 -*-``) the way
Python does (`tokenize.detect_encoding`); the text keeps its line endings (CRLF stays CRLF) because
it is decoded from bytes, never read in text mode.  Writing encodes with the same encoding (BOM
included), writes a temporary file in the same folder, copies the file mode and `os.replace`s it
over the original: a kill at any moment leaves either the old or the new file.  (There is no
fsync: it guards against power loss, not against a killed process, and costs ~50 ms per file.)  Temporary files
are named ``.<name>.noinherit-fix-<pid>-<random>.tmp``; they never end in ``.py`` so the walker
ignores them, and writing a file removes leftovers of earlier runs whose process is gone.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tempfile
import tokenize
from dataclasses import dataclass

TEMP_MARKER = ".noinherit-fix-"
_TEMP_NAME = re.compile(r"^\.(?P<base>.+)" + re.escape(TEMP_MARKER) + r"(?P<pid>\d+)-[^/]*\.tmp$")


class FileError(Exception):
    """A file cannot be read, decoded or written; the message is meant for the user."""


@dataclass(frozen=True)
class SourceFile:
    path: str
    encoding: str  # as tokenize names it: "utf-8", "utf-8-sig" (BOM), "iso-8859-1", ...
    text: str
    mtime_ns: int
    size: int


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_source(path: str) -> SourceFile:
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise FileError("is a directory")
            raw = handle.read()
    except IsADirectoryError:
        raise FileError("is a directory") from None
    except OSError as exc:
        raise FileError(f"cannot read ({_reason(exc)})") from None
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as exc:  # a bad cookie, or undecodable bytes in the first two lines
        encoding = "utf-8"  # undecodable bytes: say where, below
        if _decodes(raw, encoding):  # so it is the cookie
            raise FileError(f"cannot decode ({exc.msg})") from None
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        detail = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)
        where = f" at byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""
        raise FileError(f"cannot decode as {encoding}{where} ({detail})") from None
    return SourceFile(path, encoding, text, info.st_mtime_ns, info.st_size)


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def encode(source: SourceFile, text: str) -> bytes:
    try:
        return text.encode(source.encoding)
    except UnicodeEncodeError as exc:
        raise FileError(f"the new text cannot be encoded as {source.encoding} ({exc.reason})") from None


def _process_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A killed process that nobody has reaped yet (Linux): it still has a pid, but it is gone.

    A -j worker killed with its parent stays a zombie until init reaps it; a run started right
    after the kill would otherwise keep that worker's temporary file forever."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat_line = handle.read()
    except OSError:
        return False
    return stat_line[stat_line.rfind(b")") + 2:][:1] == b"Z"


def remove_stale_temp_files(directory: str, base: str) -> None:
    """Delete temporary files that an earlier, killed run left next to `base`."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        match = _TEMP_NAME.match(name)
        if match and match.group("base") == base and _process_gone(int(match.group("pid"))):
            try:
                os.unlink(os.path.join(directory, name))
            except OSError:
                pass


def write_atomic(source: SourceFile, data: bytes) -> None:
    """Replace the file `source` was read from with `data`, keeping its mode."""
    real = os.path.realpath(source.path)
    try:
        info = os.stat(real)
    except OSError as exc:
        raise FileError(f"cannot write ({_reason(exc)})") from None
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise FileError("is read-only; not changed")
    if (info.st_mtime_ns, info.st_size) != (source.mtime_ns, source.size):
        raise FileError("changed while being fixed; not changed")
    directory, base = os.path.split(real)
    remove_stale_temp_files(directory, base)
    try:
        _replace_through_temp(real, data, stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid))
    except OSError as exc:
        raise FileError(f"cannot write ({_reason(exc)}); not changed") from None


def write_new(path: str, data: bytes, mode: int = 0o644) -> None:
    """Create or replace `path` with `data` atomically (used for the vendored runtime)."""
    _replace_through_temp(os.path.abspath(path), data, mode, None)


def _replace_through_temp(target: str, data: bytes, mode: int, owner) -> None:
    """Write `data` to a temporary file beside `target`, then `os.replace` it: a kill at any moment
    leaves `target` old or new.  The temporary file is removed on any error."""
    directory, base = os.path.split(target)
    handle, temp = tempfile.mkstemp(prefix=f".{base}{TEMP_MARKER}{os.getpid()}-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, mode)
        if owner is not None and hasattr(os, "chown") and owner != (os.getuid(), os.getgid()):
            try:
                os.chown(temp, *owner)
            except OSError:
                pass
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
