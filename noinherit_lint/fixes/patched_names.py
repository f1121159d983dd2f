"""Tests that patch a name a callee swap took away: such a mock silently stops intercepting.

After ``subprocess.Popen(...)`` became ``ftools.Popen(...)`` in ``pkg/mod.py``, a test's
``mock.patch("pkg.mod.subprocess")`` or ``patch.object(mod, "subprocess")`` no longer sees that
call, and on Python < 3.4 (where ftools makes its own handles) neither does
``mock.patch("subprocess.Popen")``.  `swaps_in` lists a rewritten module's swaps; `warnings`
reads the project's test files (``test_*.py``, ``*_test.py``, ``conftest.py`` and any file in a
``test``/``tests``/``testing`` folder; read with `ast`, never imported) for ``patch("a.b")``,
``patch.object(x, "b")`` and ``monkeypatch.setattr`` calls whose target is such a name, and
returns one line per patch: ``tests/test_m.py:14: warning: ...``.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional

from noinherit_lint import parsing
from noinherit_lint.findings import Finding, FixKind
from noinherit_lint.fixes.sections import import_root
from noinherit_lint.fixes.walk import python_files
from noinherit_lint.projects import root_of
from noinherit_lint.settings import display_path

TEST_FOLDERS = frozenset({"test", "tests", "testing"})
BUILTIN_MODULES = ("builtins", "__builtin__")


@dataclass(frozen=True)
class Swap:
    path: str  # the rewritten module
    module: str  # its dotted name ("pkg.mod")
    line: int
    written: str  # the callee as the module wrote it ("subprocess.Popen", "open", "sp.Popen")
    qualified: str  # what it named ("subprocess.Popen", "builtins.open")
    new: str  # "ftools.Popen"


def _module_name(path: str) -> str:
    relative = os.path.relpath(os.path.abspath(path), import_root(path))
    dotted = os.path.splitext(relative)[0].replace(os.sep, ".")
    return dotted[: -len(".__init__")] if dotted.endswith(".__init__") else dotted


def _imports(tree: ast.AST) -> Dict[str, str]:
    """Local name -> dotted name it is bound to by an import (anywhere in the module)."""
    names: Dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _qualify(dotted: str, imports: Dict[str, str], builtin: bool = True) -> Optional[str]:
    first, _, rest = dotted.partition(".")
    if first in imports:
        return imports[first] + (f".{rest}" if rest else "")
    return f"builtins.{dotted}" if builtin and not rest else None


def swaps_in(path: str, source: str, tree: ast.AST, fixed: Iterable[Finding], alias: str = "ftools") -> List[Swap]:
    """The callee swaps among `fixed` (findings of `source`, whose tree is `tree`)."""
    lines = source.splitlines()
    imports = _imports(tree)
    module = _module_name(path)
    swaps = []
    for finding in fixed:
        fix = finding.fix
        if fix.kind is not FixKind.RUNTIME_CALLEE or fix.span.line != fix.span.end_line:
            continue
        raw = lines[fix.span.line - 1].encode("utf-8")
        written = raw[fix.span.col:fix.span.end_col].decode("utf-8", "replace").replace(" ", "")
        qualified = _qualify(written, imports) or written
        swaps.append(Swap(path, module, fix.span.line, written, qualified, f"{alias}.{fix.text}"))
    return swaps


def is_test_file(path: str) -> bool:
    name = os.path.basename(path)
    if name.startswith("test_") or name.endswith("_test.py") or name in ("conftest.py", "tests.py"):
        return True
    return any(part in TEST_FOLDERS for part in os.path.normpath(path).split(os.sep)[:-1])


def _dotted(node: ast.AST) -> Optional[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _string(node: ast.AST) -> Optional[str]:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def patch_targets(tree: ast.AST):
    """(line, dotted target) of each patch in a test module."""
    imports = _imports(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = _dotted(node.func) or ""
        last = func.rsplit(".", 1)[-1]
        first = _string(node.args[0])
        if last == "patch" and first:  # mock.patch("a.b"), @patch("a.b")
            yield node.lineno, first
        elif last in ("object", "setattr") and len(node.args) >= 2:
            if last == "setattr" and first and len(node.args) == 2:  # monkeypatch.setattr("a.b", value)
                yield node.lineno, first
                continue
            owner, attribute = _dotted(node.args[0]), _string(node.args[1])
            if owner and attribute and (last == "setattr" or func.endswith("patch.object")):
                qualified = _qualify(owner, imports, builtin=False) or owner
                yield node.lineno, f"{qualified}.{attribute}"


def _suffixes(module: str) -> List[str]:
    parts = module.split(".")
    return [".".join(parts[i:]) for i in range(len(parts))]


def _hit(target: str, swap: Swap) -> Optional[str]:
    """Why patching `target` misses `swap`, or None."""
    for prefix in _suffixes(swap.module):
        written = swap.written.split(".")
        for count in range(1, len(written) + 1):
            if target == f"{prefix}.{'.'.join(written[:count])}":
                return "the mock no longer intercepts it"
    stdlib = swap.qualified
    if target == stdlib or (stdlib.startswith("builtins.") and target == "__builtin__." + stdlib[9:]):
        return "on Python < 3.4 the mock no longer intercepts it"
    return None


def tests_root(path: str) -> str:
    """Where the tests that may patch `path`'s names are looked for: its project, else its import root."""
    return root_of(path) or import_root(path)


def test_files(root: str) -> List[str]:
    return [path for path in python_files(root) if is_test_file(os.path.relpath(path, root))]


def warnings(root: str, swaps: List[Swap]) -> List[str]:
    if not swaps:
        return []
    found = []
    for path in test_files(root):
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            if b"patch" not in data and b"setattr" not in data:
                continue
            tree = parsing.parse(data, path).tree
        except (OSError, parsing.Unparsable, ValueError, RecursionError, MemoryError):
            continue  # not our file to judge; the fix itself reports its own files
        for line, target in sorted(patch_targets(tree)):
            for swap in swaps:
                why = _hit(target, swap)
                if why:
                    found.append(f"{display_path(path)}:{line}: warning: patches {target!r}, but "
                                 f"{display_path(swap.path)}:{swap.line} now calls {swap.new} instead of "
                                 f"{swap.written}: {why}")
                    break
    return found
