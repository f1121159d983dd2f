"""What a user owns on a file besides its bytes, and giving it to the file that replaces it.

That is the mode (setuid, setgid and sticky bits included), the owner and group, and every
extended attribute: ``user.*``, ``security.*`` (SELinux labels, file capabilities), ``trusted.*``
and, on Linux, the ACLs (``system.posix_acl_access`` is an extended attribute).  `give` applies
them in the only order that keeps them all: owner first (a change of owner clears setuid/setgid
and file capabilities), then the attributes (an ACL sets the group bits), then the mode; then it
checks the result, and raises `KeepError` if anything could not be kept.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import Dict, Tuple, Union

_NO_XATTRS = {errno.ENOTSUP, errno.EOPNOTSUPP, getattr(errno, "ENOSYS", errno.ENOTSUP)}

Target = Union[str, int]  # a path or an open file descriptor


class KeepError(Exception):
    """Something the user owns cannot be given to the new file; the message says what."""


@dataclass(frozen=True)
class Metadata:
    mode: int  # stat.S_IMODE: permissions plus setuid/setgid/sticky
    uid: int
    gid: int
    xattrs: Tuple[Tuple[str, bytes], ...]  # sorted by name


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_xattrs(target: Target) -> Dict[str, bytes]:
    """Every extended attribute of `target` ({} where the system or file system has none)."""
    if not hasattr(os, "listxattr"):
        return {}
    try:
        names = os.listxattr(target)
    except OSError as exc:
        if exc.errno in _NO_XATTRS:
            return {}
        raise
    values = {}
    for name in names:
        try:
            values[name] = os.getxattr(target, name)
        except OSError as exc:
            if exc.errno != errno.ENODATA:  # removed since it was listed
                raise
    return values


def read_metadata(target: Target) -> Metadata:
    info = os.stat(target)
    return Metadata(stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid,
                    tuple(sorted(read_xattrs(target).items())))


def give(fd: int, wanted: Metadata) -> None:
    """Make the file open as `fd` carry `wanted`, or raise `KeepError`."""
    if not hasattr(os, "fchmod"):  # Windows: no owners, attributes or permission bits to keep
        return
    info = os.fstat(fd)
    if (info.st_uid, info.st_gid) != (wanted.uid, wanted.gid):
        try:
            os.fchown(fd, wanted.uid, wanted.gid)
        except OSError as exc:
            raise KeepError(f"cannot keep its owner {wanted.uid}:{wanted.gid} ({_reason(exc)})") from None
    _give_xattrs(fd, dict(wanted.xattrs))
    os.fchmod(fd, wanted.mode)
    now = stat.S_IMODE(os.fstat(fd).st_mode)
    if now != wanted.mode:  # e.g. setgid for a group the runner is not in is silently dropped
        raise KeepError(f"cannot keep its mode {wanted.mode:o} (it would be {now:o})")


def _give_xattrs(fd: int, wanted: Dict[str, bytes]) -> None:
    try:
        present = read_xattrs(fd)
    except OSError as exc:
        raise KeepError(f"cannot read the extended attributes of the new file ({_reason(exc)})") from None
    for name in sorted(set(present) - set(wanted)):  # inherited: a folder's default ACL, a label
        try:
            os.removexattr(fd, name)
        except OSError as exc:
            raise KeepError(f"cannot keep it without the extended attribute {name} "
                            f"({_reason(exc)})") from None
    for name, value in sorted(wanted.items()):
        if present.get(name) == value:
            continue
        try:
            os.setxattr(fd, name, value)
        except OSError as exc:
            raise KeepError(f"cannot keep its extended attribute {name} ({_reason(exc)})") from None
    if wanted and read_xattrs(fd) != wanted:
        raise KeepError("cannot keep its extended attributes (they read back differently)")
