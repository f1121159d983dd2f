"""The cache of `noinherit-lint check`: a file whose bytes, settings and tool are unchanged is not
parsed again.

An entry holds one file's reported findings (`reported.Reported`) under the key

    blake2b(file bytes) + the file's `Settings` (canonical JSON) + `fingerprint()`

where the fingerprint is the tool's version, the Python that runs it (ast differs between
versions) and the size and modification time of every module of this package (an edited rule in
a development install invalidates the cache as a new release does).  ruff keys on mtime and
permissions; the content is the safer key (a ``git checkout`` restoring an old mtime, or a
copied tree, cannot serve stale results), and hashing is cheap next to parsing.

Layout: ``.noinherit_cache/`` in the working folder (``--cache-dir``), holding ``.gitignore``
(``*``: git never sees the cache), ``CACHEDIR.TAG`` (backup tools skip it) and one JSON file per
entry, ``<fingerprint>/<2 hex>/<key>.json``, content-addressed: writers never conflict, so any
number of processes (``-j`` workers, parallel pre-commit batches) may share the folder.  Each
entry is written to a temporary file and renamed into place; an entry that cannot be read or does
not hold a valid result (truncated, edited, another format) is a miss and is written again.  A
folder that cannot be created or written turns the cache off for the run with one warning.
An old version's entries stay in their own ``<fingerprint>`` folder; delete the folder to reclaim
the space.
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
from noinherit_lint.reported import Reported
from noinherit_lint.settings import Settings

DEFAULT_DIRECTORY = ".noinherit_cache"
FORMAT = 1
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by noinherit-lint.\n"
        "# For information about cache directory tags see https://bford.info/cachedir/\n")


def _canonical(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot key {type(value).__name__}")


def content_digest(raw: bytes) -> str:
    """The digest of a file's bytes: of the checked file (in its key) and of the files its findings
    depended on (an entry's ``depends``)."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


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


class Cache:
    """One run's view of the cache folder."""

    def __init__(self, directory: str = DEFAULT_DIRECTORY) -> None:
        self.directory = directory
        self.fingerprint = fingerprint()
        self.folder = os.path.join(directory, self.fingerprint)
        self.problem: Optional[str] = None  # why the cache is off, once it is
        self._folders: Set[str] = set()  # the entry folders known to exist
        self._digests: Dict[str, Tuple[Tuple[int, int, int], str]] = {}  # dependency path -> (stat, digest)

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
    def key(raw: bytes, settings: Settings) -> str:
        digest = content_digest(raw)
        return hashlib.blake2b(f"{digest}\0{settings_key(settings)}".encode(), digest_size=20).hexdigest()

    def _path(self, key: str) -> str:
        return os.path.join(self.folder, key[:2], key + ".json")

    def get(self, key: str) -> Optional[List[Reported]]:
        """The cached findings, or None for a miss (absent, unreadable or damaged entry)."""
        try:
            with open(self._path(key), "rb") as handle:
                data = json.loads(handle.read())
            if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("findings"), list):
                return None
            if not all(self._unchanged(path, digest) for path, digest in data.get("depends", ())):
                return None
            return [Reported.from_list(item) for item in data["findings"]]
        except (OSError, ValueError, TypeError, RecursionError):
            return None

    def _unchanged(self, path: str, digest: str) -> bool:
        """The file an entry depended on still holds bytes of `digest` (memoized by its stat)."""
        try:
            st = os.stat(path)
            stat = (st.st_mtime_ns, st.st_size, st.st_ino)
            known = self._digests.get(path)
            if known is None or known[0] != stat:
                with open(path, "rb") as handle:
                    known = self._digests[path] = (stat, content_digest(handle.read()))
        except OSError:
            return False  # a dependency that is gone or unreadable: a miss
        return known[1] == digest

    def put(self, key: str, findings: List[Reported], depends: Sequence[Tuple[str, str]] = ()) -> None:
        """`depends`: (absolute path, `content_digest`) of the other files the findings depended on;
        the entry is a hit only while each still has that digest."""
        if self.problem is not None:
            return
        entry = {"key": key, "findings": [f.as_list() for f in findings]}
        if depends:
            entry["depends"] = [list(pair) for pair in depends]
        data = json.dumps(entry, separators=(",", ":"))
        path = self._path(key)
        folder = os.path.dirname(path)
        try:
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            try:
                _write(path, data.encode())
            except FileNotFoundError:  # the folder was deleted since
                os.makedirs(folder, exist_ok=True)
                _write(path, data.encode())
        except OSError as exc:
            self.problem = f"cannot write to the cache folder {self.directory} ({exc.strerror or exc}); caching is off"


def _write(path: str, data: bytes) -> None:
    """Atomically: a reader sees the old entry, no entry, or the whole new one.  The temporary
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
