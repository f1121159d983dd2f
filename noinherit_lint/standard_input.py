"""Standard input's bytes for the commands that read ``-`` (``noinherit-fix -``,
``noinherit-lint check -``), and the one line that says why there are none: a closed descriptor
(``<&-``: Python's ``sys.stdin`` is None) or a failed read."""

from __future__ import annotations

import sys


class StdinError(Exception):
    """Standard input cannot be read; the message is the line to print after the program's name."""


def read_stdin() -> bytes:
    """All of standard input's bytes (`StdinError` if there are none to read)."""
    stdin = getattr(sys.stdin, "buffer", None)
    try:
        raw = stdin.read() if stdin is not None else None
    except (OSError, ValueError) as exc:
        raise StdinError(f"cannot read standard input ({getattr(exc, 'strerror', None) or exc})") from None
    if raw is None:
        raise StdinError("cannot read standard input (it is closed)")
    return raw
