"""Is a handle that a creation call makes (inheritable on Python < 3.4) a hazard here, and why?

The one policy NIH1xx apply (issue 10), built from the other analyses.  `creation_hazard` is
None -- stay silent -- when

- the call runs in a fork child before it execs (`noinherit_lint.fork_child`): the handle is for
  the program the child execs, or dies with it;
- it gets descriptor 0, 1 or 2 because standard descriptors were closed just before
  (`std_streams.creates_std_fd`): children are meant to share those;
- every spawn of the module closes every descriptor in the child (`closes_all`);
- FD_CLOEXEC is set on it by the next statements (`cloexec`) and no thread of the module spawns;
- its lifetime is short (`lifetime`): closed before anything this module starts can see it, in a
  module whose threads do not spawn.

Otherwise it is a `Hazard` whose `text` says which case it is, for the message:

- ``spawn``: "a child started while it is open (subprocess.call() at line 30) gets it"; through
  another module of the project: "`run_git_or_fail` (dulwich/tests/compat/utils.py), called at
  line 30, may start a child while it is open"; code run by ``exec`` (`spawn_reach`): "... runs
  arbitrary code while it is open, and this module starts children (os.execv() at line 220)";
- ``escapes``: "it outlives this function (stored in self.sock), so a child started later gets it"
  (the lifetime analysis's UNKNOWN -- code it does not follow -- counts as this: it may outlive);
- ``threads``: "another thread of this module may start a child while it is open";
- ``cloexec-race``: "another thread may start a child between os.pipe() and setting FD_CLOEXEC"
  (the non-atomic pattern, where a thread of the module spawns).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Optional

from noinherit_lint.analysis import closes_all, cloexec, lifetime, std_streams
from noinherit_lint.analysis.index import FunctionNode, ModuleIndex
from noinherit_lint.analysis.project_modules import SPAWNS
from noinherit_lint.analysis.threads import thread_facts
from noinherit_lint.fork_child import in_child


@dataclass(frozen=True)
class Hazard:
    case: str  # "spawn", "escapes", "threads" or "cloexec-race"
    text: str


def creation_hazard(index: ModuleIndex, call: ast.Call, callee: str, close_fds_default: bool) -> Optional[Hazard]:
    """Why the handle `call` makes can reach a child, or None when no child of this module can get it.

    `callee` is the name the message uses (``os.pipe``); `close_fds_default` is true when every
    supported Python closes descriptors in subprocess children by default (min-python >= 3.2)."""
    # The lifetime first: SHORT_LIVED (only given when no thread of the module spawns) is silent
    # whatever the other analyses say, and it is the most common answer, so they are skipped then.
    verdict = lifetime.classify(index, call)
    kind = verdict.lifetime
    if kind is lifetime.Lifetime.SHORT_LIVED:
        return None
    if in_child(index, call) or std_streams.creates_std_fd(index, call):
        return None
    facts = thread_facts(index)
    elsewhere = (verdict.effect is not None and verdict.effect.kind == SPAWNS) or (
        kind is lifetime.Lifetime.THREADS and facts.remote is not None)
    if not elsewhere and closes_all.every_spawn_closes_all(index, close_fds_default):
        return None  # (a child started by another module's code is not one of the module's spawns)
    threads_spawn = facts.threads_spawn
    if cloexec.cloexec_after(index, call):
        if not threads_spawn:
            return None
        return Hazard("cloexec-race", f"another thread may start a child between {callee}() and setting FD_CLOEXEC")
    if kind is lifetime.Lifetime.SPAWN_IN_LIFETIME:
        return Hazard("spawn", _spawn_text(index, verdict))
    if kind is lifetime.Lifetime.THREADS:
        via = f" (its code calls {facts.remote.text}, which may start one)" if facts.remote is not None else ""
        return Hazard("threads", f"another thread of this module may start a child while it is open{via}")
    where = "this function" if _in_function(index, call) else "the module code"
    if kind is lifetime.Lifetime.UNKNOWN:
        return Hazard("escapes", f"it may outlive {where} ({verdict.how}), so a child started later may get it")
    return Hazard("escapes", f"it outlives {where} ({verdict.how}), so a child started later gets it")


def _spawn_text(index: ModuleIndex, verdict: lifetime.Verdict) -> str:
    effect, spawn = verdict.effect, verdict.spawn
    if effect is None or spawn is None:
        return f"a child started while it is open ({verdict.how}) gets it"
    if effect.kind == SPAWNS:
        return f"{effect.text}, called at line {spawn.lineno}, may start a child while it is open"
    own = min(index.spawn_calls.values(), key=lambda c: (c.lineno, c.col_offset))
    who = f"`{effect.name}()` at line {spawn.lineno}" if effect.where == "this module" else \
        f"{effect.text}, called at line {spawn.lineno},"
    return (f"{who} runs arbitrary code while it is open, and this module starts children "
            f"({lifetime.callee_text(own)} at line {own.lineno})")


def _in_function(index: ModuleIndex, call: ast.Call) -> bool:
    return index.enclosing(index.path_to(call), FunctionNode) is not None
