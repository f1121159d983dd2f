"""flake8 runs no plugin on a file it cannot open; this makes the plugin report it (NIH002).

``FileChecker.__init__`` builds the file's ``FileProcessor``, which reads the file; an OSError
there (missing, a broken link, permission denied) becomes an ``E902`` result in
``FileChecker._make_processor``, the processor is None, and ``FileChecker.run_checks`` returns
at once without running any plugin.  So ``flake8 --select NIH missing.py`` printed nothing and
exited 0, and the ``noinherit-check`` hook passed a file it never read.

`install` wraps ``FileChecker.run_checks`` (the method both flake8's serial loop and its ``-j``
workers call) and keeps what it does; when the checker has no processor it adds, next to flake8's
E902, one ``NIH002 cannot read (<flake8's E902 text>)`` at line 1, through ``FileChecker.report``
so that ``--select``/``--ignore``/``per-file-ignores`` treat it as any finding, and only when the
plugin runs in this process with NIH selected.  flake8 offers no hook for a file it cannot read
(E902 is reported before any plugin is chosen); reading the E902 text from the checker's
results keeps flake8's own wording of the error.  Installed from the plugin's ``parse_options``
like `flake8_python2`, idempotent; if a future flake8 lacks ``run_checks`` it warns once.

Not covered (flake8 never returns from reading them, before any plugin runs): a FIFO named
``*.py`` blocks flake8 itself; ``noinherit-lint check`` refuses it (exit 2).
"""

from __future__ import annotations

from typing import Any, Optional, Type

from noinherit_lint.flake8_wrap import wrap_methods
from noinherit_lint.tool_codes import NIH002

_INSTALLED = "_noinherit_lint_unreadable"


def install(plugin_class: Type[Any]) -> bool:
    """Make flake8 report NIH002 for a file it cannot open; True if it could."""

    def make(run_checks):
        def run_checks_then_unreadable(checker):
            if getattr(checker, "processor", True) is None:
                report_unreadable(checker, plugin_class)
            return run_checks(checker)
        return run_checks_then_unreadable

    return wrap_methods(_INSTALLED, "this flake8 has no FileChecker.run_checks; a file flake8 cannot read "
                        "gets E902 only", [("FileChecker", "run_checks", make)])


def report_unreadable(checker, plugin_class: Type[Any]) -> None:
    """One NIH002 for the file `checker` could not open (its processor is None)."""
    if not any(plugin.obj is plugin_class for plugin in checker.plugins.tree):
        return
    if not plugin_class.reports_file_code(NIH002, checker.filename):
        return
    why = _flake8_error(checker) or "the file cannot be opened"
    checker.report(None, 1, 0, f"{NIH002} cannot read ({why})")


def _flake8_error(checker) -> Optional[str]:
    """The text of the E902 that flake8 reported for this file (``PermissionError: ...``)."""
    for result in getattr(checker, "results", ()):
        if isinstance(result, tuple) and len(result) >= 4 and result[0] == "E902":
            return str(result[3])
    return None
