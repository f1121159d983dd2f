"""The linted file's own project: which file defines a name it imports, and may calling it start a
child process or run arbitrary code?  (Cross-module callee summaries, issue 10.)

A `Project` is made for one linted file (its path; for standard input, the ``--stdin-filename``).
It answers `effect(module, parts)` -- ``("dulwich.tests.compat.utils", ("run_git_or_fail",))`` --
with an `Effect` (``SPAWNS`` or ``EXECUTES``) or None, reading only files of the same project:

- absolute imports whose first component is the linted file's top package (the last folder met
  walking up while ``__init__.py`` exists), resolved from the folder above it;
- relative imports (``from .utils import f``), from the importing file's package;
- for a script (a file whose folder has no ``__init__.py``), a module next to it in the same folder
  (``import helpers``), unless a standard library module has that name.

The standard library and site-packages are never read, nor a file outside the project's folder
(a module that is a symlink is judged by the file it names).  A file that cannot be read or parsed, a
name it does not define, a chain deeper than `MAX_DEPTH` modules or `MAX_CALL_DEPTH` nested calls, or a
cycle give None ("unknown"),
which is what a call into another module meant before: not a finding by itself.

A module is parsed once per process (`_summary`, memoised by path and its stat); each answer is
memoised with the files it read (path, stat, digest) and used again only while none of them
changed.  `Project.read` collects, for the linted file, the ``(absolute_path, digest)`` of every
file an answer depended on, of the ``__init__.py`` files that made its package, and, with the digest
``cache.ABSENT``, of every file looked for and missing (a module an import names, the
``__init__.py`` above the top package): `noinherit-lint check`'s cache keeps them (a finding
changes when a dependency does, or when a missing one appears).

A function's effect: ``SPAWNS`` when it starts a child (`ModuleIndex.spawning_functions`: directly
or through its module's functions) or calls a function of the project that does; else
``EXECUTES`` when it runs code it is given (``exec``/``eval`` of something other than a literal,
``execfile``, ``runpy.run_path``/``run_module``) or calls a project function that does.  A class's
effect is its ``__init__``'s (``__new__``'s).
"""

from __future__ import annotations

import ast
import hashlib
import os
import sysconfig
from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple

SPAWNS = "spawns"
EXECUTES = "executes code"
MAX_DEPTH = 4  # modules followed from the linted file (a call chain through more is unknown)
EXEC_CALLS = frozenset({"builtins.exec", "builtins.eval", "builtins.execfile"})
RUN_CODE_PREFIXES = ("runpy.run_path", "runpy.run_module")
_RUN_CODE_LEAVES = frozenset({"exec", "eval", "execfile", "run_path", "run_module"})
MAX_FILE_SIZE = 4 * 1024 * 1024  # a module bigger than this is not read (unknown)
MAX_CALL_DEPTH = 150  # nested local calls followed in one question (deeper: unknown, not a RecursionError)


@dataclass(frozen=True)
class Effect:
    kind: str  # SPAWNS or EXECUTES
    name: str  # the callee as the linted module names it: ``run_git_or_fail``, ``utils.run``
    where: str  # the file that defines it, relative to the project's folder, for messages

    @property
    def text(self) -> str:
        """```run_git_or_fail` (dulwich/tests/compat/utils.py)``"""
        return f"`{self.name}` ({self.where})"


def content_digest(raw: bytes) -> str:
    """The digest `noinherit-lint check`'s cache compares (COORD: blake2b, 20 bytes)."""
    try:
        from noinherit_lint.cache import content_digest as digest  # one definition, when the cache has it
    except ImportError:  # pragma: no cover - the cache module without it
        return hashlib.blake2b(raw, digest_size=20).hexdigest()
    return digest(raw)


StatKey = Tuple[int, int, int]
Dependency = Tuple[str, Optional[StatKey], str]  # absolute path, stat key, digest (None, ABSENT: looked for, missing)


def _absent(path: str) -> Dependency:
    from noinherit_lint.cache import ABSENT

    return (path, None, ABSENT)


def _stat_key(path: str) -> Optional[StatKey]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _forbidden_roots() -> Tuple[str, ...]:
    paths = sysconfig.get_paths()
    return tuple(os.path.join(os.path.realpath(paths[k]), "") for k in ("stdlib", "platstdlib", "purelib", "platlib")
                 if paths.get(k))


_FORBIDDEN: Optional[Tuple[str, ...]] = None


_READABLE_FOLDERS: Dict[str, bool] = {}


def _readable_location(path: str) -> bool:
    """Neither the file nor, a symlink followed, the file it names is in the standard library or an
    installed package's folder."""
    return _readable_folder(os.path.dirname(path)) and _readable_folder(os.path.dirname(os.path.realpath(path)))


def _readable_folder(folder: str) -> bool:
    """Not the standard library or an installed package's folder (memoised per folder)."""
    global _FORBIDDEN
    known = _READABLE_FOLDERS.get(folder)
    if known is None:
        if _FORBIDDEN is None:
            _FORBIDDEN = _forbidden_roots()
        real = os.path.join(os.path.realpath(folder), "")
        parts = real.split(os.sep)
        known = not ("site-packages" in parts or "dist-packages" in parts or real.startswith(_FORBIDDEN))
        _READABLE_FOLDERS[folder] = known
    return known


def _package_files(linted: str, root: str) -> Tuple[Dependency, ...]:
    """The ``__init__.py`` files that made `root` the project's folder: each package's, and the
    one missing above the top package (one added or removed changes what imports resolve to)."""
    found: List[Dependency] = []
    folder = os.path.dirname(linted)
    while True:
        init = os.path.join(folder, "__init__.py")
        if folder == root:
            if not os.path.lexists(init):
                found.append(_absent(init))
            return tuple(found)
        try:
            with open(init, "rb") as handle:
                found.append((init, _stat_key(init), content_digest(handle.read())))
        except OSError:
            pass
        folder = os.path.dirname(folder)


class ModuleSummary:
    """One parsed module of the project (memoised per process by path and stat)."""

    def __init__(self, path: str, stat: StatKey, digest: str, tree: Optional[ast.Module]) -> None:
        self.path = path
        self.stat = stat
        self.digest = digest
        self.tree = tree  # None: it did not parse
        self._index = None
        # parts -> (effect kind or None, the files the answer read besides this one)
        self.answers: Dict[Tuple[str, ...], Tuple[Optional[str], Tuple[Dependency, ...], None]] = {}

    @property
    def index(self):
        if self._index is None:
            from noinherit_lint import registry
            from noinherit_lint.analysis.index import ModuleIndex
            from noinherit_lint.names import ModuleNames
            self._index = ModuleIndex(self.tree, ModuleNames(self.tree, registry.star_exports()))
        return self._index

    @property
    def dependency(self) -> Dependency:
        return (self.path, self.stat, self.digest)


_SUMMARIES: Dict[str, ModuleSummary] = {}


def _summary(path: str) -> Optional[ModuleSummary]:
    """The module at `path` (absolute), parsed once while its stat stays the same; None when it
    cannot be read.  A file that does not parse is a summary without a tree (its digest still
    counts: when it is fixed, the answer changes)."""
    stat = _stat_key(path)
    if stat is None:
        return None
    known = _SUMMARIES.get(path)
    if known is not None and known.stat == stat:
        return known
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_SIZE + 1)
    except OSError:
        return None
    if len(raw) > MAX_FILE_SIZE:
        return None
    try:
        tree: Optional[ast.Module] = ast.parse(raw, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        tree = None
    summary = _SUMMARIES[path] = ModuleSummary(path, stat, content_digest(raw), tree)
    return summary


def _fresh(dependencies: Tuple[Dependency, ...]) -> bool:
    return all(_stat_key(path) == stat for path, stat, _ in dependencies)


def _runs_code(index, call: ast.Call) -> bool:
    """``exec``/``eval`` of something other than a literal, ``execfile``, ``runpy.run_*``."""
    func = call.func
    leaf = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if leaf not in _RUN_CODE_LEAVES:
        return False
    callee = index.callee(call)
    if any(q.startswith(RUN_CODE_PREFIXES) for q in callee):
        return True
    if not any(q in EXEC_CALLS for q in callee):
        return False
    source = call.args[0] if call.args else None
    return source is not None and not isinstance(source, ast.Constant)


def relative_imports(tree: ast.Module) -> Dict[str, Tuple[int, str]]:
    """Module-level ``from .mod import name [as local]``: local -> (level, "mod.name")."""
    from noinherit_lint.names import module_level_statements

    found: Dict[str, Tuple[int, str]] = {}
    for statement in module_level_statements(tree.body):
        if isinstance(statement, ast.ImportFrom) and statement.level:
            for alias in statement.names:
                if alias.name != "*":
                    dotted = f"{statement.module}.{alias.name}" if statement.module else alias.name
                    found[alias.asname or alias.name] = (statement.level, dotted)
    return found


_Known = Dict[int, Tuple[Optional[str], bool]]  # id(function) -> (its effect, cut short)


class _Walk:
    """One question's state: the answers in progress (a cycle) and whether one was cut short."""

    def __init__(self) -> None:
        self.active: Set[Tuple[str, object]] = set()
        self.cut = False
        self.calls = 0  # functions being walked now (the call chain's depth)


class Project:
    """The project of one linted file, and what its calls into the project's modules do."""

    def __init__(self, linted_path: str) -> None:
        self.path = os.path.abspath(linted_path)
        folder = os.path.dirname(self.path)
        packages: List[str] = []
        while os.path.isfile(os.path.join(folder, "__init__.py")):
            packages.append(os.path.basename(folder))
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        self.root = folder  # the folder above the top package, or the script's own folder
        self.top: Optional[str] = packages[-1] if packages else None
        self.usable = _readable_location(self.path)
        # absolute path -> digest, of every file an answer used and every file looked for and missing
        # (ABSENT): the ``__init__.py`` that ends the package, a module an import names
        self.read: Dict[str, str] = {}
        self._files: Dict[str, Tuple[Optional[str], Tuple[Dependency, ...]]] = {}
        self._claimed: Dict[str, bool] = {}
        self._real_root: Optional[str] = None
        self._sinks: List[Dict[str, Dependency]] = []  # the dependencies of the answers being computed
        self._note(_package_files(self.path, folder))

    # ------------------------------------------------------------------ where modules are

    def claims(self, dotted: str) -> bool:
        """Could `dotted` (``pkg.mod.func``) name something of this project?  (No file is read.)"""
        head = dotted.partition(".")[0]
        known = self._claimed.get(head)
        if known is None:
            from noinherit_lint.names import stdlib_top_level_names

            if not self.usable or head in stdlib_top_level_names():
                known = False
            elif self.top is not None:
                known = head == self.top
            else:  # a script: a module next to it (looked up again below, to note what is missing)
                known = True
            self._claimed[head] = known
        if known and self.top is None:
            return self._module_file(head) is not None
        return known

    def _module_file(self, module: str) -> Optional[str]:
        """The file of `module` in the project, or None; the candidates looked for before it and
        missing are dependencies of the answers being computed (a module added later changes them)."""
        if module not in self._files:
            base = os.path.join(self.root, *module.split("."))
            found = None
            missing: List[Dependency] = []
            for candidate in (base + ".py", os.path.join(base, "__init__.py")):
                if os.path.isfile(candidate) and _readable_location(candidate) and self._inside(candidate):
                    found = candidate
                    break
                if not os.path.lexists(candidate):
                    missing.append(_absent(candidate))
            self._files[module] = (found, tuple(missing))
        found, missing = self._files[module]
        self._note(missing)
        return found

    def _inside(self, path: str) -> bool:
        """The file `path` names (symlinks followed) is in the project's folder."""
        if self._real_root is None:
            self._real_root = os.path.join(os.path.realpath(self.root), "")
        return os.path.realpath(path).startswith(self._real_root)

    def _note(self, dependencies) -> None:
        for dependency in dependencies:
            self.read[dependency[0]] = dependency[2]
            for sink in self._sinks:
                sink[dependency[0]] = dependency

    def absolute(self, importer: str, level: int, dotted: str) -> Optional[str]:
        """``from .x import y`` in the file `importer` as an absolute dotted name."""
        if self.top is None:
            return None  # a script has no package: a relative import fails there
        relative = os.path.relpath(os.path.dirname(importer), self.root)
        package = [] if relative == os.curdir else relative.split(os.sep)
        if not package or package[0] == os.pardir or level - 1 > len(package) - 1:
            return None
        package = package[:len(package) - (level - 1)]
        return ".".join(package + [dotted])

    def locate(self, dotted: str) -> Optional[Tuple[str, Tuple[str, ...]]]:
        """(file, names inside it) for ``pkg.mod.func`` / ``pkg.mod.Class.method``."""
        if not self.claims(dotted):
            return None
        parts = dotted.split(".")
        for inside in (1, 2):
            if len(parts) > inside:
                found = self._module_file(".".join(parts[:-inside]))
                if found is not None:
                    return found, tuple(parts[-inside:])
        return None

    # ------------------------------------------------------------------ what calls do

    def effect(self, dotted: str, name: str) -> Optional[Effect]:
        """What calling `dotted` (named `name` in the linted file) may do; None: nothing we know."""
        located = self.locate(dotted)
        if located is None:
            return None
        path, parts = located
        summary = _summary(path)
        if summary is None:
            return None
        kind, dependencies = self._answer(summary, parts, 1, _Walk())
        for dependency_path, _, digest in dependencies:
            self.read[dependency_path] = digest
        if kind is None:
            return None
        return Effect(kind, name, os.path.relpath(path, self.root).replace(os.sep, "/"))

    def _answer(self, summary: ModuleSummary, parts: Tuple[str, ...], depth: int,
                walk: _Walk) -> Tuple[Optional[str], Tuple[Dependency, ...]]:
        known = summary.answers.get(parts)
        if known is not None and _fresh(known[1]):
            return known[0], known[1]
        key = (summary.path, parts)
        if key in walk.active or depth > MAX_DEPTH:
            walk.cut = True
            return None, (summary.dependency,)
        walk.active.add(key)
        cut_before, walk.cut = walk.cut, False
        dependencies: Dict[str, Dependency] = {summary.path: summary.dependency}
        kind = None
        if summary.tree is not None:
            self._sinks.append(dependencies)
            try:
                kind = self._effect_in(summary, parts, depth, walk, dependencies, {})
            finally:
                self._sinks.pop()
        walk.active.discard(key)
        result = (kind, tuple(sorted(dependencies.values())))
        if not walk.cut:
            summary.answers[parts] = (kind, result[1], None)
        walk.cut = walk.cut or cut_before
        return result

    def _effect_in(self, summary: ModuleSummary, parts: Tuple[str, ...], depth: int, walk: _Walk,
                   dependencies: Dict[str, Dependency], known: _Known) -> Optional[str]:
        index = summary.index
        if len(parts) == 1 and parts[0] in index.functions:
            functions = list(index.functions[parts[0]])
        elif len(parts) == 1:
            functions = [index.methods[(parts[0], m)] for m in ("__init__", "__new__")
                         if (parts[0], m) in index.methods]
        else:
            method = index.methods.get((parts[0], parts[1]))
            functions = [method] if method is not None else []
        if not functions:  # re-exported: ``from .utils import run`` in a package's __init__
            dotted = self._imported(summary, parts[0])
            if dotted is None:
                return None
            return self._follow(".".join((dotted,) + parts[1:]), depth, walk, dependencies)
        kind = None
        for function in functions:
            found = self._function_effect(summary, function, depth, walk, dependencies, known)
            if found == SPAWNS:
                return SPAWNS
            kind = kind or found
        return kind

    def _imported(self, summary: ModuleSummary, name: str) -> Optional[str]:
        index = summary.index
        bound = index.names.lookup(name, index.names.module_scope)
        if bound and all(q is not None for q in bound) and len(bound) == 1:
            return bound[0]
        relative = relative_imports(summary.tree).get(name)
        if relative is not None:
            return self.absolute(summary.path, *relative)
        return None

    def _follow(self, dotted: str, depth: int, walk: _Walk, dependencies: Dict[str, Dependency]) -> Optional[str]:
        located = self.locate(dotted)
        if located is None:
            return None
        summary = _summary(located[0])
        if summary is None:
            return None
        kind, read = self._answer(summary, located[1], depth + 1, walk)
        dependencies.update((path, dependency) for dependency in read for path in (dependency[0],))
        return kind

    def _function_effect(self, summary: ModuleSummary, function: ast.AST, depth: int, walk: _Walk,
                         dependencies: Dict[str, Dependency], known: _Known) -> Optional[str]:
        """The effect of one function of `summary`, memoised in `known` (this answer's functions:
        they share its `dependencies`), so a function reached by many paths is walked once.  An
        effect cut short by a cycle or a depth limit is remembered as cut: using it again marks
        the walk cut too, so no answer built on it is kept beyond this question."""
        if id(function) in summary.index.spawning_functions():
            return SPAWNS
        remembered = known.get(id(function))
        if remembered is not None:
            walk.cut = walk.cut or remembered[1]
            return remembered[0]
        key = (summary.path, id(function))
        if key in walk.active or walk.calls >= MAX_CALL_DEPTH:
            walk.cut = True
            return None
        walk.active.add(key)
        walk.calls += 1
        cut_before, walk.cut = walk.cut, False
        try:
            kind = self._calls_effect(summary, function, depth, walk, dependencies, known)
        finally:
            walk.active.discard(key)
            walk.calls -= 1
        known[id(function)] = (kind, walk.cut)
        walk.cut = walk.cut or cut_before
        return kind

    def _calls_effect(self, summary: ModuleSummary, function: ast.AST, depth: int, walk: _Walk,
                      dependencies: Dict[str, Dependency], known: _Known) -> Optional[str]:
        from noinherit_lint.analysis.index import FunctionNode
        from noinherit_lint.analysis.nodes import calls_in

        index = summary.index
        kind = None
        enclosing_class = index.class_of(function)
        relative = None
        for call in calls_in(function.body):  # type: ignore[attr-defined]
            found = None
            if _runs_code(index, call):
                found = EXECUTES
            for target in index.local_targets(call, enclosing_class):
                if isinstance(target, FunctionNode):
                    found = _stronger(found, self._function_effect(summary, target, depth, walk, dependencies, known))
            callee = index.callee(call)
            if not callee:
                if relative is None:
                    relative = relative_imports(summary.tree)
                root = _root_name(call.func)
                if root is not None and root[0] in relative:
                    dotted = self.absolute(summary.path, *relative[root[0]])
                    callee = (".".join((dotted,) + root[1]),) if dotted else ()
            for dotted in callee:
                if self.claims(dotted):
                    found = _stronger(found, self._follow(dotted, depth, walk, dependencies))
            if found == SPAWNS:
                return SPAWNS
            kind = _stronger(kind, found)
        return kind


def _stronger(a: Optional[str], b: Optional[str]) -> Optional[str]:
    if SPAWNS in (a, b):
        return SPAWNS
    return a or b


def _root_name(func: ast.AST) -> Optional[Tuple[str, Tuple[str, ...]]]:
    """``a.b.c`` -> ("a", ("b", "c")); None for anything but a dotted name."""
    attributes: List[str] = []
    while isinstance(func, ast.Attribute):
        attributes.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return None
    return func.id, tuple(reversed(attributes))
