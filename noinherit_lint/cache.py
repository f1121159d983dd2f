"""The cache of `noinherit-lint check`: a file whose bytes, settings and tool are unchanged is not
parsed again.

An entry holds one file's reported findings (`reported.Reported`) under the key

    content_digest(file bytes) + the file's `Settings` (canonical JSON)

in the folder of `fingerprint()`: the tool's version, the Python that runs it (ast differs between
versions) and the size and modification time of every module of this package (an edited rule in
a development install invalidates the cache as a new release does).  ruff keys on mtime and
permissions; the content is the safer key (a ``git checkout`` restoring an old mtime, or a
copied tree, cannot serve stale results), and hashing is cheap next to parsing.  An entry may also
name the other files its findings were read from (``depends``: ``(absolute path, content_digest)``
pairs): it is a hit only while each of them still has that content (a missing or unreadable one is
a miss); a dependency whose digest is `ABSENT` is a file that was looked for and missing (a module
an import names, the ``__init__.py`` above the top package), and the entry is a hit only while
nothing is there.  Each dependency is read at most once per run (`Cache` is one run's view).

Layout: ``.noinherit_cache/`` in the working folder (``--cache-dir``), holding ``.gitignore``
(``*``: git never sees the cache), ``CACHEDIR.TAG`` (backup tools skip it) and one *pack* per
source folder, ``<fingerprint>/<digest of the folder's absolute path>.json``, mapping the names of
the folder's files to their entries (as ruff keeps one cache file per package): the last
`VERSIONS` entries of each file, the oldest dropped first, so that a branch switched back, or a
run with other settings in between, is still a hit.  A run lists the fingerprint folder once,
reads a pack the first time it looks up a file of that folder, and writes the packs it added
entries to once, at its end (`Cache.flush`): a cold run over 626 files in 47 folders writes 47
files rather than creating 626 entries and their folders, a warm one opens 47.  With ``-j N`` the
main process does all of this; the workers only compute.

Writes are atomic: a pack is written to a temporary file and renamed into place, so a reader sees
the old pack or the whole new one, never a torn one.  Before writing, a run reads the pack again
if another process replaced it since (parallel pre-commit batches over one folder do) and adds
its entries to that one's; the names of files no longer in the folder are dropped.
Two runs writing one pack at the same instant can still lose one's new entries: those files are
misses the next time, never wrong, because every entry is checked against its key (and its
dependencies) when read.  A pack or entry that cannot be read or does not hold a valid result
(truncated, edited, another format, another folder's) is a miss and is written again.  A folder
that cannot be created or written turns the cache off for the run with one warning.  An old
version's packs stay in their own ``<fingerprint>`` folder; delete the folder to reclaim the space.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import tempfile
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Set, Tuple

import noinherit_lint
from noinherit_lint.fixes.files import FileError, read_bytes
from noinherit_lint.reported import Reported
from noinherit_lint.settings import Settings

DEFAULT_DIRECTORY = ".noinherit_cache"
FORMAT = 2  # 2: one pack per source folder (1: one file per entry)
PACK_SUFFIX = ".json"
VERSIONS = 4  # entries kept per file: a branch switched back, or two runs' settings, are still hits
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by noinherit-lint.\n"
        "# For information about cache directory tags see https://bford.info/cachedir/\n")

Dependency = Tuple[str, str]  # (absolute path, content_digest of the bytes read, or ABSENT)
ABSENT = "absent"  # a dependency's digest for a file looked for and not found: unchanged while it is missing


def content_digest(raw: bytes) -> str:
    """The digest that names a file's content: of the checked file (its key) and of each dependency."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def _canonical(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot key {type(value).__name__}")


@lru_cache(maxsize=256)
def settings_key(settings: Settings) -> str:
    """The settings as canonical JSON (sets sorted: string hashing differs between runs).
    Memoized: the files of a project have equal settings (`Settings` is frozen, so hashable)."""
    return json.dumps(dataclasses.asdict(settings), sort_keys=True, default=_canonical)


@lru_cache(maxsize=None)
def _code_stamp(version: str) -> str:
    package = os.path.dirname(os.path.abspath(noinherit_lint.__file__))
    stamp = hashlib.blake2b(digest_size=16)
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                stamp.update(f"{os.path.relpath(path, package)}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return stamp.hexdigest()


def fingerprint() -> str:
    """What, besides a file and its settings, decides its findings: this tool and the Python running it."""
    return _fingerprint(noinherit_lint.__version__)


@lru_cache(maxsize=None)
def _fingerprint(version: str) -> str:
    python = ".".join(map(str, sys.version_info[:3]))
    digest = hashlib.blake2b(f"{FORMAT}\0{version}\0{python}\0{_code_stamp(version)}".encode(), digest_size=8)
    return f"{version}-py{python}-{digest.hexdigest()}"


@dataclasses.dataclass(frozen=True)
class EntryKey:
    """Where a file's entry lives (its absolute path: the pack of its folder, its name there) and
    what it must hold to be a hit (the digest of its content and settings).  Picklable: a ``-j``
    worker computes it from the bytes it checked and returns it with the findings."""

    path: str
    digest: str


def _pack_name(folder: str) -> str:
    return hashlib.blake2b(os.fsencode(folder), digest_size=12).hexdigest() + PACK_SUFFIX


def _stamp(info: os.stat_result) -> Tuple[int, int, int]:
    return info.st_ino, info.st_size, info.st_mtime_ns


class Cache:
    """One run's view of the cache folder."""

    def __init__(self, directory: str = DEFAULT_DIRECTORY) -> None:
        self.directory = directory
        self.fingerprint = fingerprint()
        self.folder = os.path.join(directory, self.fingerprint)
        self.problem: Optional[str] = None  # why the cache is off, once it is
        self._listed: Optional[Set[str]] = None  # the pack names in `folder`, listed once
        self._packs: Dict[str, dict] = {}  # source folder -> its entries, as read
        self._stamps: Dict[str, Optional[Tuple[int, int, int]]] = {}  # source folder -> its pack as read
        self._added: Dict[str, dict] = {}  # source folder -> the entries this run put
        self._digests: Dict[str, Optional[str]] = {}  # dependency path -> its content_digest (None: unreadable)
        self._present: Dict[str, bool] = {}  # absent dependency path -> does it exist now

    def prepare(self) -> bool:
        """Create the folder with its .gitignore and tag; False (and `problem`) if impossible."""
        try:
            os.makedirs(self.folder, exist_ok=True)
            for name, text in ((".gitignore", "# Created by noinherit-lint: the cache is not for git.\n*\n"),
                               ("CACHEDIR.TAG", _TAG)):
                path = os.path.join(self.directory, name)
                if not os.path.isfile(path):
                    _write(path, text.encode())
        except OSError as exc:
            self.problem = f"cannot use the cache folder {self.directory} ({exc.strerror or exc}); caching is off"
            return False
        return True

    @staticmethod
    def key(raw: bytes, settings: Settings, path: str) -> EntryKey:
        """The key of the file `path` holding `raw`, checked with `settings`."""
        combined = f"{content_digest(raw)}\0{settings_key(settings)}".encode()
        return EntryKey(os.path.abspath(path), hashlib.blake2b(combined, digest_size=20).hexdigest())

    def get(self, key: EntryKey) -> Optional[List[Reported]]:
        """The cached findings, or None for a miss (absent, unreadable, damaged or stale entry)."""
        source_folder, name = os.path.split(key.path)
        for entry in reversed(_versions(self._entries(source_folder).get(name))):
            if entry[0] == key.digest:
                return self._findings(entry)
        return None

    def _findings(self, entry: list) -> Optional[List[Reported]]:
        """The findings of a ``[digest, findings, depends]`` entry, None if it is damaged or a
        dependency changed."""
        findings, depends = entry[1], entry[2]
        if not isinstance(findings, list) or not isinstance(depends, list):
            return None
        try:
            for dependency in depends:
                if not (isinstance(dependency, list) and len(dependency) == 2):
                    return None
                path, digest = dependency
                if not isinstance(path, str) or not isinstance(digest, str):
                    return None
                if (self._exists(path) if digest == ABSENT else self.digest_of(path) != digest):
                    return None
            return [Reported.from_list(item) for item in findings]
        except (ValueError, TypeError):
            return None

    def put(self, key: EntryKey, findings: List[Reported], depends: Sequence[Dependency] = ()) -> None:
        """Record the findings of the file `key` names (written by `flush`); `depends`: the
        ``(absolute path, content_digest)`` of every other file they were read from."""
        if self.problem is not None:
            return
        source_folder, name = os.path.split(key.path)
        entry = [key.digest, [f.as_list() for f in findings], [[path, digest] for path, digest in depends]]
        added = self._added.setdefault(source_folder, {})
        added[name] = _with(added.get(name), [entry])
        entries = self._entries(source_folder)
        entries[name] = _with(entries.get(name), [entry])

    def _exists(self, path: str) -> bool:
        """Is there something at `path` now (a file looked for and absent when the entry was put)?"""
        if path not in self._present:
            self._present[path] = os.path.lexists(path)
        return self._present[path]

    def digest_of(self, path: str) -> Optional[str]:
        """The content_digest of the file `path` now (None: missing or unreadable), read once per run."""
        if path not in self._digests:
            try:
                self._digests[path] = content_digest(read_bytes(path, max_size=None))
            except (FileError, OSError, ValueError):
                self._digests[path] = None
        return self._digests[path]

    def flush(self) -> Optional[str]:
        """Write the packs this run added entries to; the `problem` that turned the cache off, if any."""
        added, self._added = self._added, {}
        if self.problem is None:
            try:
                for source_folder, entries in added.items():
                    self._write_pack(source_folder, entries)
            except OSError as exc:
                self.problem = (f"cannot write to the cache folder {self.directory} ({exc.strerror or exc}); "
                                "caching is off")
        return self.problem

    def _pack_path(self, source_folder: str) -> str:
        return os.path.join(self.folder, _pack_name(source_folder))

    def _entries(self, source_folder: str) -> dict:
        """The entries of the pack of `source_folder` ({} if it has none or it is damaged)."""
        entries = self._packs.get(source_folder)
        if entries is None:
            if self._listed is None:
                try:
                    self._listed = {name for name in os.listdir(self.folder) if name.endswith(PACK_SUFFIX)}
                except OSError:
                    self._listed = set()
            name = _pack_name(source_folder)
            entries, self._stamps[source_folder] = ({}, None)
            if name in self._listed:
                entries, self._stamps[source_folder] = _read_pack(os.path.join(self.folder, name), source_folder)
            self._packs[source_folder] = entries
        return entries

    def _write_pack(self, source_folder: str, added: dict) -> None:
        path = self._pack_path(source_folder)
        try:
            now: Optional[Tuple[int, int, int]] = _stamp(os.stat(path))
        except FileNotFoundError:
            now = None
        merged = dict(self._packs.get(source_folder, {}))  # what this run read, with what it put
        if now is not None and now != self._stamps.get(source_folder):  # another process wrote it since
            merged = dict(_read_pack(path, source_folder)[0])
            for name, entries in added.items():
                merged[name] = _with(merged.get(name), entries)
        try:
            present = set(os.listdir(source_folder))
        except OSError:
            present = None
        if present is not None:
            merged = {name: entry for name, entry in merged.items() if name in present or name in added}
        data = json.dumps({"folder": source_folder, "entries": merged}, separators=(",", ":")).encode()
        try:
            _write(path, data)
        except FileNotFoundError:  # the folder was deleted since the run began
            os.makedirs(self.folder, exist_ok=True)
            _write(path, data)


def _versions(value) -> list:
    """The well-formed ``[digest, findings, depends]`` entries of a name, oldest first."""
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)]


def _with(versions, newest: list) -> list:
    """`versions` with the entries `newest` (oldest first) as the newest ones, at most `VERSIONS`."""
    replaced = {entry[0] for entry in newest}
    return ([entry for entry in _versions(versions) if entry[0] not in replaced] + newest)[-VERSIONS:]


def _read_pack(path: str, source_folder: str) -> Tuple[dict, Optional[Tuple[int, int, int]]]:
    """(entries, stamp) of the pack at `path`: ({}, stamp) if it is damaged or another folder's."""
    try:
        with open(path, "rb") as handle:
            stamp = _stamp(os.fstat(handle.fileno()))
            data = json.loads(handle.read())
    except (OSError, ValueError, RecursionError):
        return {}, None
    if not isinstance(data, dict) or data.get("folder") != source_folder or not isinstance(data.get("entries"), dict):
        return {}, stamp
    return data["entries"], stamp


def _write(path: str, data: bytes) -> None:
    """Atomically: a reader sees the old file, no file, or the whole new one.  The temporary
    file is named after the process (cheaper than `tempfile`'s random names, and no two live
    processes of one machine share an id); a name taken anyway (a crashed run's leftover, a
    process of another pid namespace) falls back to `tempfile.mkstemp`."""
    temporary = f"{path}.{os.getpid()}.part"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-", suffix=".part")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
