"""May a call of the linted module start a child -- itself, through the module's functions, or
through a function of another module of the same project (`project_modules`)?

The lifetime and thread analyses ask here instead of `ModuleIndex` alone.  A `Reach` is the call
in question and, when the child is started elsewhere, the `Effect` that says by whom
(```run_git_or_fail` (dulwich/tests/compat/utils.py)``), for the message.

Code that runs arbitrary code -- ``exec``/``eval`` of something other than a literal, ``execfile``,
``runpy.run_path``/``run_module``, or a project function whose summary is "executes code" -- counts
as a possible spawn only where `executes` is asked (a handle's lifetime, not thread code) and only
in a module that itself starts children: the code it runs is the program (a script, a plugin)
and it runs with this module's callbacks and reload hooks, which do start them
(``tornado.autoreload`` runs the script inside ``with open(script)`` and ``execv``s on reload).

All of it is lazy: other files are read only when a call in question resolves to a module of the
project (`Project.claims`), and a module that imports nothing of its project never asks.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Dict, Iterable, Optional, Tuple

from noinherit_lint.analysis.index import FunctionNode, ModuleIndex
from noinherit_lint.analysis.nodes import calls_in
from noinherit_lint.analysis.project_modules import (_RUN_CODE_LEAVES, EXECUTES, SPAWNS, Effect, Project, _root_name,
                                                     _runs_code, relative_imports)

PROJECT = "project_modules.project"  # index.memo key: the linted file's `Project` (set by `api`)
_IMPORTS = "spawn_reach.imports"
_FUNCTIONS = "spawn_reach.functions"
_DEPTH = "spawn_reach.depth"  # functions being walked now by `function_reach`
MAX_CALL_DEPTH = 100  # nested local calls followed (deeper: no answer, as for a call of unknown code)


@dataclass(frozen=True)
class Reach:
    call: ast.Call  # the call of this module that may start the child
    effect: Optional[Effect] = None  # None: a spawn of this module; else who starts it, elsewhere


def attach(index: ModuleIndex, path: Optional[str]) -> None:
    """Let `index`'s analyses follow calls into the project of the file at `path`."""
    if path and path not in ("-", "<unknown>", "<stdin>", "stdin"):
        index.memo[PROJECT] = path  # the `Project` is made on the first question (`project_of`)


def dependencies(index: ModuleIndex) -> Tuple[Tuple[str, str], ...]:
    """(absolute path, digest) of the project's files the answers so far read (none asked: ())."""
    project = index.memo.get(PROJECT)
    return tuple(sorted(project.read.items())) if isinstance(project, Project) else ()


def project_of(index: ModuleIndex) -> Optional[Project]:
    project = index.memo.get(PROJECT)
    if isinstance(project, str):
        project = index.memo[PROJECT] = Project(project)
    return project  # type: ignore[return-value]


def _imports(index: ModuleIndex, project: Project) -> Tuple[bool, Dict[str, Tuple[int, str]]]:
    """(does the module import anything of its project, its module-level relative imports)."""
    known = index.memo.get(_IMPORTS)
    if known is None:
        relative = relative_imports(index.tree) if isinstance(index.tree, ast.Module) else {}
        names = index.names
        any_import = bool(relative) or any(project.claims(m) for m in names.imported_modules)
        known = index.memo[_IMPORTS] = (any_import, relative)
    return known  # type: ignore[return-value]


def _remote(index: ModuleIndex, call: ast.Call) -> Optional[Effect]:
    """What a call into another module of the project may do."""
    project = project_of(index)
    if project is None or not project.usable:
        return None
    any_import, relative = _imports(index, project)
    if not any_import:
        return None
    callee = index.callee(call)
    if not callee and relative:
        root = _root_name(call.func)
        if root is not None and root[0] in relative:
            dotted = project.absolute(project.path, *relative[root[0]])
            callee = (".".join((dotted,) + root[1]),) if dotted else ()
    found = None
    for dotted in callee:
        if project.claims(dotted):
            effect = project.effect(dotted, _name(call))
            if effect is not None and (found is None or effect.kind == SPAWNS):
                found = effect
    return found


def _counts(index: ModuleIndex, effect: Optional[Effect], executes: bool) -> bool:
    if effect is None:
        return False
    if effect.kind == SPAWNS:
        return True
    return executes and bool(index.spawn_calls)


def call_reach(index: ModuleIndex, call: ast.Call, enclosing_class: Optional[str],
               executes: bool = True) -> Optional[Reach]:
    """The call may start a child (or run arbitrary code, see the module docs)."""
    if index.spawning_call(call, enclosing_class):
        return Reach(call)
    if not _asks(index, executes):
        return None
    effect = _remote(index, call)
    if _counts(index, effect, executes):
        return Reach(call, effect)
    if executes and index.spawn_calls and _runs_code(index, call):
        return Reach(call, Effect(EXECUTES, _name(call), "this module"))
    for target in index.local_targets(call, enclosing_class):
        if isinstance(target, FunctionNode):
            inner = function_reach(index, target, executes)
            if inner is not None:
                return Reach(call, inner.effect)
    return None


def _name(call: ast.Call) -> str:
    try:
        return ast.unparse(call.func)
    except Exception:  # pragma: no cover
        return "a call"


def _asks(index: ModuleIndex, executes: bool) -> bool:
    """Can anything beyond `ModuleIndex.first_spawn` answer here?"""
    project = project_of(index)
    if project is not None and project.usable and _imports(index, project)[0]:
        return True
    return executes and bool(index.spawn_calls) and not _RUN_CODE_LEAVES.isdisjoint(index.names.calls_by_leaf)


def first_reach(index: ModuleIndex, nodes: Iterable[ast.AST], enclosing_class: Optional[str],
                executes: bool = True) -> Optional[Reach]:
    """The first call among `nodes` (and below them) that may start a child."""
    nodes = list(nodes)
    local = index.first_spawn(nodes, enclosing_class)
    if not _asks(index, executes):
        return Reach(local) if local is not None else None
    limit = (local.lineno, local.col_offset) if local is not None else None
    calls = sorted((c for c in calls_in(nodes) if limit is None or (c.lineno, c.col_offset) < limit),
                   key=lambda c: (c.lineno, c.col_offset))
    for call in calls:
        reach = call_reach(index, call, enclosing_class, executes)
        if reach is not None:
            return reach
    return Reach(local) if local is not None else None


def function_reach(index: ModuleIndex, function: ast.AST, executes: bool = True) -> Optional[Reach]:
    """Does a function of this module start a child (directly, through the module's functions or
    through the project's)?  The call in it that does; memoised, a cycle counts as no, and so does
    a chain of local calls deeper than `MAX_CALL_DEPTH`."""
    if id(function) in index.spawning_functions():
        local = index.first_spawn(function.body, index.class_of(function))  # type: ignore[attr-defined]
        if local is not None:
            return Reach(local)
    memo: Dict[Tuple[int, bool], Optional[Reach]] = index.memo.setdefault(_FUNCTIONS, {})  # type: ignore[assignment]
    key = (id(function), executes)
    if key in memo:
        return memo[key]
    depth = index.memo.get(_DEPTH, 0)
    if depth >= MAX_CALL_DEPTH:
        return None  # not memoised: asked from a shallower call, the answer may be found
    memo[key] = None  # in progress: a recursive call finds nothing
    index.memo[_DEPTH] = depth + 1
    try:
        found = first_reach(index, function.body, index.class_of(function), executes)  # type: ignore[attr-defined]
    finally:
        index.memo[_DEPTH] = depth
    memo[key] = found
    return found
