"""Reading a Python file to text, and writing new bytes over exactly the file that was read.

Reading: only a regular file is opened (a FIFO, a device or a socket named ``*.py`` is refused
without being opened, and the open itself is non-blocking and checked with `fstat`), up to a size
limit; a UTF-8 BOM and a PEP 263 coding cookie (``# -*- coding: latin-1 -*-``) are honoured the
way Python does (`tokenize.detect_encoding`); the text keeps its line endings because it is
decoded from bytes.  What was read is remembered as a `Snapshot`: the file's identity (device,
inode, size, mtime, ctime) and a digest of its bytes.

Encoding the new text refuses encodings whose round trip is not byte-exact (cp932 has two byte
forms for some characters, iso2022_jp and utf-7 several forms of the same text): the unchanged
parts of the file could come back as different bytes.

Writing (`write_atomic`): a temporary file in the same folder gets the new bytes, then the owner,
extended attributes (ACLs included) and mode of the original (`metadata.give`, or a refusal when
one cannot be kept); just before the `os.replace` the original is compared with the snapshot
again, bytes included, so a save by an editor in the meantime is never overwritten.  A kill at
any moment leaves the old or the new file.  A file with several hard links is refused (a
replacement would leave the old code under the other names), or with ``in_place`` written
through its inode.  Temporary files are named ``.noinherit-fix-<pid>-<random>.tmp`` (short, so
a 255-byte name can still be fixed; never ``*.py``); `remove_stale_temp_files` deletes those of
processes that are gone.  There is no fsync for replacements: it guards against power loss, not
against a killed process, and costs ~50 ms per file.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import secrets
import signal
import stat
import threading
import tokenize
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Optional

from noinherit_lint.fixes.metadata import KeepError, Metadata, give, read_metadata

TEMP_MARKER = ".noinherit-fix-"
# Older versions put the file's name in front (".name.py.noinherit-fix-..."): those are matched too.
_TEMP_NAME = re.compile(r"\.(?:.+\.)?noinherit-fix-(?P<pid>\d+)-[^/]*\.tmp")
DEFAULT_MAX_SIZE = 10 * 2 ** 20
_CHUNK = 1 << 20


class FileError(Exception):
    """A file cannot be read, decoded or written; the message is meant for the user, `os_error`
    is the error of the system call when there is one (``noinherit-lint check`` prints it as
    flake8 does)."""

    def __init__(self, message: str, os_error: Optional[OSError] = None) -> None:
        super().__init__(message)
        self.os_error = os_error


class WrittenInPlaceError(FileError):
    """The new bytes were written in place, but something the user owns could not be restored."""


@dataclass(frozen=True)
class Identity:
    """Which file, in which version: any write, rename over it, chmod or new link changes it."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> "Identity":
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@dataclass(frozen=True)
class Snapshot:
    """What was read (small and picklable: a worker reads, the main process writes)."""

    path: str
    identity: Identity
    digest: bytes


@dataclass(frozen=True)
class SourceFile:
    path: str
    encoding: str  # as tokenize names it: "utf-8", "utf-8-sig" (BOM), "iso-8859-1", ...
    text: str
    raw: bytes
    identity: Optional[Identity]  # None: not read from a file (standard input)

    def snapshot(self) -> Snapshot:
        if self.identity is None:
            raise ValueError(f"{self.path} was not read from a file")
        return Snapshot(self.path, self.identity, _digest(self.raw))


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


_KINDS = [(stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]


def _require_regular(info: os.stat_result) -> None:
    if stat.S_ISREG(info.st_mode):
        return
    if stat.S_ISDIR(info.st_mode):
        raise FileError("is a directory")
    kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
    raise FileError(f"is {kind}, not a regular file; skipped")


def _size_text(size: int) -> str:
    return f"{size / 2 ** 20:.1f} MB" if size >= 2 ** 20 else f"{size} bytes"


def read_source(path: str, max_size: Optional[int] = DEFAULT_MAX_SIZE) -> SourceFile:
    raw, identity = _read_regular(path, max_size)
    return decode_source(path, raw, identity)


def decode_source(path: str, raw: bytes, identity: Optional[Identity] = None) -> SourceFile:
    """The text of `raw` (a file's bytes, or standard input's: no `identity`, no snapshot)."""
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
    return SourceFile(path, encoding, text, raw, identity)


def read_bytes(path: str, max_size: Optional[int] = DEFAULT_MAX_SIZE) -> bytes:
    """The bytes of a regular file (a FIFO or device is refused unopened); `FileError` if not."""
    return _read_regular(path, max_size)[0]


def _too_large(size: int, max_size: int) -> FileError:
    return FileError(f"is larger than the size limit ({_size_text(size)} > {_size_text(max_size)}, "
                     "see --max-size); not changed")


def _read_regular(path: str, max_size: Optional[int]):
    """(bytes, identity) of a regular file; a FIFO or device is never opened, nor read if it
    takes the place of the file between the `stat` and the `open`."""
    try:
        info = os.stat(path)
        _require_regular(info)
        if max_size is not None and info.st_size > max_size:
            raise _too_large(info.st_size, max_size)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        try:
            opened = os.fstat(fd)
            _require_regular(opened)
            if max_size is not None and opened.st_size > max_size:
                raise _too_large(opened.st_size, max_size)
            with open(fd, "rb", closefd=False) as handle:
                raw = handle.read(opened.st_size + 1)
            after = os.fstat(fd)
        finally:
            os.close(fd)
    except IsADirectoryError:
        raise FileError("is a directory") from None
    except OSError as exc:
        raise FileError(f"cannot read ({_reason(exc)})", exc) from None
    identity = Identity.of(after)
    if len(raw) != opened.st_size or identity != Identity.of(opened):
        raise FileError("changed while being read; not changed")
    return raw, identity


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _round_trips(source: SourceFile) -> bool:
    try:
        return source.text.encode(source.encoding) == source.raw
    except UnicodeEncodeError:
        return False


def encode(source: SourceFile, text: str) -> bytes:
    """The bytes of `text` in the file's encoding; refuses encodings that would change other bytes."""
    if not _round_trips(source):
        raise FileError(f"cannot be rewritten byte for byte as {source.encoding} (decoding and encoding "
                        "its text again gives other bytes); not changed")
    try:
        data = text.encode(source.encoding)
    except UnicodeEncodeError as exc:
        raise FileError(f"the new text cannot be encoded as {source.encoding} ({exc.reason})") from None
    if data.decode(source.encoding) != text:  # pragma: no cover - a codec that is not a bijection
        raise FileError(f"the new text does not survive a round trip through {source.encoding}; not changed")
    return data


# --------------------------------------------------------------------------- temporary files

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


def remove_stale_temp_files(directory: str) -> int:
    """Delete the temporary files that killed runs left in `directory`; how many were deleted."""
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMP_NAME.fullmatch(entry.name)
        if not match or not _process_gone(int(match.group("pid"))):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


def _create_temp(directory: str):
    for _ in range(100):
        path = os.path.join(directory, f"{TEMP_MARKER}{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name")  # pragma: no cover


def _write_all(fd: int, data: bytes, offset: Optional[int] = None) -> None:
    view = memoryview(data)
    done = 0
    while done < len(view):
        piece = view[done:done + _CHUNK]
        if offset is not None and not hasattr(os, "pwrite"):  # Windows
            os.lseek(fd, offset + done, os.SEEK_SET)
            offset = None
        done += os.write(fd, piece) if offset is None else os.pwrite(fd, piece, offset + done)


# --------------------------------------------------------------------------- writing

def _unchanged_since(path: str, read: Snapshot, fd: Optional[int] = None) -> None:
    """Raise unless the file at `path` (or open as `fd`) is still exactly what was read."""
    info = os.fstat(fd) if fd is not None else os.stat(path)
    if Identity.of(info) != read.identity:
        raise FileError("changed while being fixed; not changed")
    digest = hashlib.blake2b(digest_size=20)
    with open(os.dup(fd) if fd is not None else path, "rb") as handle:
        handle.seek(0)
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    if digest.digest() != read.digest:
        raise FileError("changed while being fixed; not changed")


def write_atomic(read: Snapshot, data: bytes, *, in_place_if_linked: bool = False) -> None:
    """Replace the file `read` was taken from with `data`, keeping what the user owns."""
    real = os.path.realpath(read.path)
    try:
        info = os.stat(real)
        _require_regular(info)
        if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise FileError("is read-only; not changed")
        if Identity.of(info) != read.identity:
            raise FileError("changed while being fixed; not changed")
        if info.st_nlink > 1:
            if not in_place_if_linked:
                raise FileError(f"has {info.st_nlink} hard links, which a replacement would split (the "
                                "other names would keep the old code; --hard-links in-place writes "
                                "through them); not changed")
            _write_in_place(real, read, data)
            return
        _replace_through_temp(real, data, read_metadata(real), read)
    except KeepError as exc:
        raise FileError(f"{exc}; not changed") from None
    except OSError as exc:
        raise FileError(f"cannot write ({_reason(exc)}); not changed") from None


def write_new(path: str, data: bytes, mode: int = 0o644) -> None:
    """Create or replace `path` with `data` atomically (used for the vendored runtime)."""
    target = os.path.abspath(path)
    _replace_through_temp(target, data, Metadata(mode, -1, -1, ()), None)


def _replace_through_temp(target: str, data: bytes, keep: Metadata, read: Optional[Snapshot]) -> None:
    """Write `data` to a temporary file beside `target`, give it `keep` (owner -1: this process's),
    check that `target` is still what was `read`, then `os.replace`: a kill at any moment leaves
    `target` old or new.  The temporary file is removed on any error."""
    fd, temp = _create_temp(os.path.dirname(target))
    try:
        try:
            _write_all(fd, data)
            if keep.uid == -1:
                if hasattr(os, "fchmod"):
                    os.fchmod(fd, keep.mode)
            else:
                give(fd, keep)
        finally:
            os.close(fd)
        if read is not None:
            _unchanged_since(target, read)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


_DEFERRED_SIGNALS = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and termination signals until the block is done (delivered right after)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _write_in_place(real: str, read: Snapshot, data: bytes) -> None:
    """Write `data` through the file's inode, so that every hard link sees it.

    Not atomic: the bytes are written at offset 0 and the file is truncated, with Ctrl-C and
    termination signals held and an fsync; only a SIGKILL or a crash in that moment can leave a
    mix.  A write drops setuid/setgid (for non-root writers) and file capabilities: those are
    given back."""
    fd = os.open(real, os.O_RDWR | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        _require_regular(os.fstat(fd))
        _unchanged_since(real, read, fd)
        keep = read_metadata(fd)
        with _signals_held():
            _write_all(fd, data, offset=0)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
            try:
                give(fd, keep)
            except KeepError as exc:
                raise WrittenInPlaceError(f"was rewritten in place, but {exc}") from None
    finally:
        os.close(fd)
