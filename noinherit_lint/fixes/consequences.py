"""What a rewrite means outside its module, said on stderr by `noinherit-fix PATH` and
`noinherit-fix -` alike: lines grown past the line length (`long_lines`), whether the fixed code
imports the installed runtime (its project's dependencies should list it, `dependency`), and the
callee swaps that tests' mocks may patch (`patched_names`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from noinherit_lint import parsing
from noinherit_lint.findings import FixKind
from noinherit_lint.fixes import long_lines, patched_names
from noinherit_lint.projects import root_of


@dataclass
class Consequences:
    long_lines: List[str] = field(default_factory=list)  # one line each, for stderr
    # the fixed code imports the installed runtime: its project root (None: no project file,
    # nothing declares dependencies), and whether to declare it
    runtime_root: Optional[str] = None
    imports_runtime: bool = False
    add_dependency: bool = False
    swaps: List[patched_names.Swap] = field(default_factory=list)


def consequences(path: str, label: str, old: str, result, settings, *, vendored: bool) -> Consequences:
    """Of `result` (`fix_source` of `old`, the text of `path`; `label` names it in messages)."""
    found = Consequences(long_lines=long_lines.messages(label, old, result.source, settings.line_length))
    if (not vendored and settings.runtime_module.split(".")[0] == "noinherit_ftools"
            and any(f.fix.kind.needs_runtime for f in result.fixed)):
        found.imports_runtime, found.runtime_root = True, root_of(path)
        found.add_dependency = settings.add_dependency
    if any(f.fix.kind is FixKind.RUNTIME_CALLEE for f in result.fixed):
        found.swaps = patched_names.swaps_in(path, old, parsing.parse(old, path).tree, result.fixed)
    return found
