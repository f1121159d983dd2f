"""How `flake8_python2` and `flake8_unreadable` put their wrappers into flake8's file checking.

flake8 offers no hook for a file it cannot read or parse, so each wraps a few methods of
``flake8.checker.FileChecker`` / ``flake8.processor.FileProcessor`` and keeps what they do.
`wrap_methods` does it once per process (a mark on each wrapper makes it idempotent: the plugin's
``parse_options`` runs again in every ``-j`` worker that is not forked), and when this flake8
lacks one of the methods it changes nothing and warns once.
"""

from __future__ import annotations

import functools
import warnings
from typing import Callable, Sequence, Tuple

Wrapping = Tuple[str, str, Callable[[Callable], Callable]]  # (class name, method name, make(original))


def wrap_methods(mark: str, missing: str, wrappings: Sequence[Wrapping]) -> bool:
    """Replace each flake8 method by ``make(original)``; True if they are all in place.  `missing`
    is the warning when flake8 lacks one of them."""
    try:
        from flake8.checker import FileChecker
        from flake8.processor import FileProcessor
    except ImportError:  # pragma: no cover - flake8 is a dependency
        return False
    classes = {"FileChecker": FileChecker, "FileProcessor": FileProcessor}
    originals = [getattr(classes[owner], name, None) for owner, name, _ in wrappings]
    if any(original is None for original in originals):
        warnings.warn(f"noinherit-lint: {missing}")
        return False
    for (owner, name, make), original in zip(wrappings, originals):
        if getattr(original, mark, False):
            continue  # already ours
        wrapper = functools.wraps(original)(make(original))
        setattr(wrapper, mark, True)
        setattr(classes[owner], name, wrapper)
    return True
