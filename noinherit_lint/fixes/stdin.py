"""`noinherit-fix -`: fix standard input and write the result to standard output (for editors).

The bytes are decoded like a file's (`files.decode_source`: BOM, coding cookie; line endings and
every byte outside the fixes are kept), and fixed like a file (`source.fix_source`: Python 3 with
libcst, Python 2 with text edits).  ``--stdin-filename PATH`` says where the text belongs: its
settings (the nearest project's ``[tool.noinherit]``, requires-python, flake8's per-file-ignores)
are found from it, and a name that ``--exclude`` matches is passed through unchanged.

What goes to standard output:

* fixing: the fixed bytes; the input unchanged when there is nothing to fix, the name is
  excluded, or the input cannot be fixed (as ``ruff check --fix -`` does, and unlike ``black -``,
  which prints nothing: an editor that replaces its buffer with the output never loses it);
* ``--diff``: the diff (`diffs`), nothing on an error; ``--check``: nothing.

An error is one line on standard error naming the file (``--stdin-filename``, else ``-``), exit 2.
A rewrite's notes go to standard error as in a file run (`consequences`: lines grown too long,
tests patching a swapped name, the runtime dependency; only ever noted, the project not edited).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import List, Optional

from noinherit_lint.configuration import Configuration
from noinherit_lint.fixes.consequences import Consequences, consequences
from noinherit_lint.fixes.diffs import unified_diff, unsafe_diff
from noinherit_lint.fixes.files import FileError, decode_source, encode
from noinherit_lint.fixes.source import SourceError, describe, fix_source
from noinherit_lint.fixes.walk import excluded
from noinherit_lint.settings import SettingsError

EXIT_CLEAN, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2
STDIN_NAME = "-"


@dataclass
class StdinResult:
    output: bytes  # for standard output
    status: int
    messages: List[str] = field(default_factory=list)  # for standard error
    fixed: int = 0
    held_back: int = 0
    consequences: Optional[Consequences] = None  # of a rewrite: what the caller notes besides


def fix_stdin(raw: bytes, filename: Optional[str], label: str, configuration: Configuration, *,
              diff: bool, check: bool, max_size: Optional[int]) -> StdinResult:
    """Fix `raw` as the file `filename` (None: no name; settings from the working folder).
    `label` names it in messages and diffs (escaped by the caller)."""
    echo = b"" if diff or check else raw
    if filename and excluded(filename, configuration.exclude):
        return StdinResult(echo, EXIT_CLEAN)
    if max_size is not None and len(raw) > max_size:
        return StdinResult(echo, EXIT_ERROR, [f"{label}: is larger than the size limit ({len(raw)} bytes, "
                                              "see --max-size); not changed"])
    try:
        source = decode_source(filename or STDIN_NAME, raw)
        settings = configuration.settings_for(filename)
        result = fix_source(source.text, settings, filename or "<stdin>")
        data = encode(source, result.source) if result.changed else raw
        everything = None
        if diff and result.held_back:
            everything = fix_source(source.text, replace(settings, unsafe_fixes=True), filename or "<stdin>")
    except (FileError, SourceError, SettingsError) as exc:
        return StdinResult(echo, EXIT_ERROR, [f"{label}: {exc}"])
    except (RecursionError, MemoryError) as exc:
        return StdinResult(echo, EXIT_ERROR, [f"{label}: {describe(exc)}; not changed"])
    except Exception as exc:  # a bug: one line, and the editor keeps its text
        return StdinResult(echo, EXIT_ERROR, [f"{label}: internal error ({type(exc).__name__}: {exc}); not changed"])
    messages = [f"{label}:{problem}" for problem in result.not_fixed]
    status = EXIT_ERROR if messages else (EXIT_CHANGED if result.changed else EXIT_CLEAN)
    outcome = StdinResult(echo, status, messages, len(result.fixed), len(result.held_back))
    if result.changed:
        try:
            outcome.consequences = consequences(filename or STDIN_NAME, label, source.text, result, settings,
                                                vendored=False)
        except Exception as exc:  # a bug: one line and exit 2; the rewritten text still goes out
            messages.append(f"{label}: internal error ({type(exc).__name__}: {exc})")
            outcome.status = EXIT_ERROR
        else:
            messages.extend(outcome.consequences.long_lines)
    if diff:
        text = unified_diff(label, source.text, result.source) if result.changed else ""
        if everything is not None:
            text += unsafe_diff(label, result.source, everything.source, (f.code for f in result.held_back))
        outcome.output = text.encode("utf-8", "backslashreplace")
    elif not check:
        outcome.output = data
    return outcome
