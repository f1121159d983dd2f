# Type information for ftools.py (noinherit_ftools.ftools, or a vendored ftools.py: copy
# this file next to it).  On the Python versions type checkers run (3.x), every drop-in
# *is* the standard-library object, so it has the stdlib's own types.
import codecs as _codecs
import io as _io
import os as _os
import sys
from types import TracebackType
from typing import Any, Dict, FrozenSet, Mapping, Optional, Tuple, Type

from builtins import open as open
from logging import FileHandler as FileHandler
from logging.handlers import (
    DatagramHandler as DatagramHandler,
    RotatingFileHandler as RotatingFileHandler,
    SocketHandler as SocketHandler,
    TimedRotatingFileHandler as TimedRotatingFileHandler,
    WatchedFileHandler as WatchedFileHandler,
)
from os import dup as dup, pipe as pipe
from shutil import copy as copy, copy2 as copy2, copyfile as copyfile
from socket import (
    create_connection as create_connection,
    fromfd as fromfd,
    socket as socket,
    socketpair as socketpair,
)
from subprocess import Popen as Popen

if sys.platform != "win32":
    from os import openpty as openpty

io_open = _io.open
codecs_open = _codecs.open  # pyright: ignore[reportDeprecated]  (3.14; the stdlib name)
os_open = _os.open

__version__: str
__all__: list[str]

PASS_THROUGH: bool
PASS_THROUGH_NAMES: Dict[str, Tuple[str, str]]
O_CLOEXEC: int
SOCK_CLOEXEC: int
F_DUPFD_CLOEXEC: Optional[int]

class _Section:
    def __enter__(self) -> "_Section": ...
    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> bool: ...

class SpawnLock:
    def __init__(self) -> None: ...
    def reading(self) -> _Section: ...
    def writing(self) -> _Section: ...

spawn_lock: SpawnLock

class Mechanisms:
    windows: bool
    file_mode_letter: Optional[str]
    file_letter_at_end: bool
    open_flag: Optional[int]
    socket: str
    socket_flag: Optional[int]
    socketpair: str
    pipe: str
    dup: str
    dup_command: Optional[int]
    openpty: str
    accept: str
    adopt: str
    def __init__(self, **values: Any) -> None: ...

def cpython_non_atomic(platform: str) -> FrozenSet[str]: ...
def locked_pass_throughs(
    platform: str, version_info: Tuple[int, ...] = ...
) -> FrozenSet[str]: ...
def candidate_constants(
    platform: str,
    machine: str,
    os_module: Any = ...,
    socket_module: Any = ...,
    fcntl_module: Any = ...,
) -> Dict[str, Optional[int]]: ...
def choose_mechanisms(
    platform: str, version_info: Tuple[int, ...], probes: Mapping[str, Any]
) -> Mechanisms: ...
def mechanisms() -> Mechanisms: ...
def run_probes() -> Dict[str, Any]: ...
