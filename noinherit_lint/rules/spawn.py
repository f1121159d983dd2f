"""NIH3xx: spawners that pass inheritable handles on to the child.

NIH301 and NIH303 read a subprocess call's arguments with the helpers of
`noinherit_lint.arguments` (``close_fds`` by keyword or position, redirected stdio), the same ones
NIH201 uses to see a module that spawns with ``close_fds=False``.
"""

from __future__ import annotations

import ast
from typing import Iterator, Optional

from noinherit_lint.analysis import bindings
from noinherit_lint.analysis.index import FunctionNode

from noinherit_lint.api import CallSite
from noinherit_lint.arguments import (
    SUBPROCESS_CALLS, is_none, mentions, passes_close_fds_false, popen_argument, stdio_redirected,
)
from noinherit_lint.findings import Finding, Fix, FixKind, Span, no_fix, safe, unsafe
from noinherit_lint.registry import FixAvailability, Rule, known_names, on_call, register

EXPLICIT_CLOSE_FDS_FALSE = unsafe(
    "an explicit `close_fds=False` becomes `close_fds=True`: the author asked for the child to get the "
    "inheritable handles, and it may use one (a descriptor passed by number, a log file it writes to)."
)
POPEN_DOC = "[`subprocess.Popen`](https://docs.python.org/3/library/subprocess.html#subprocess.Popen)"

known_names("os.POSIX_SPAWN_CLOSE", "os.POSIX_SPAWN_CLOSEFROM")

# --------------------------------------------------------------------------- NIH301

register(Rule(
    "NIH301", "popen-close-fds", "subprocess calls with close_fds=False (min-python < 3.2: without "
    "close_fds=True)", "all", FixAvailability.SOMETIMES,
    safe("`close_fds=True` is added where it is missing (min-python < 3.2): what every Python since 3.2 "
         "does by default, so code that also runs there already works with it (a child that uses a "
         "descriptor it was not given with `pass_fds=` works only on 2.x and 3.0-3.1).  No fix when "
         "(a) the platforms include windows, min-python <= 3.6 and stdin/stdout/stderr may be "
         "redirected: `close_fds=True` raises `ValueError` there; (b) the same module makes handles "
         "inheritable (a NIH201/NIH202 finding): the child may need them, so the fix is `pass_fds=` "
         "for those, which only the author can write; (c) `*args`/`**kwargs` may carry `close_fds`."),
    f"""
    ## What it does
    Flags `subprocess.Popen`, `call`, `check_call`, `check_output` and `run` with
    `close_fds=False` (keyword or 8th positional argument); and, when min-python < 3.2, any of them
    without `close_fds=True` (`close_fds` defaulted to False before 3.2).  A `close_fds` value that
    is not a literal is not judged; `pass_fds=` implies close_fds.  Stdio counts as redirected with
    `stdin=`, `stdout=`, `stderr=` (not None), `input=`, `capture_output=`, and always for
    `check_output`.

    ## Why is this bad?
    With `close_fds=False` the child gets every inheritable handle: standard streams, dup2 targets,
    handles made inheritable on purpose, and on Python < 3.4 every open file and socket.  A pipe
    reader then waits for an EOF that never comes, a port stays bound, a file on Windows cannot be
    renamed.

    ## Example
    ```python
    import subprocess

    subprocess.run(["make"], close_fds=False)
    ```

    ## Use instead
    ```python
    import subprocess

    subprocess.run(["make"], close_fds=True)
    ```

    ## Versions
    An explicit `close_fds=False` on every version; the default on < 3.2.

    ## References
    - {POPEN_DOC}
    - [PEP 446: Make newly created file descriptors non-inheritable](https://peps.python.org/pep-0446/)
    """,
    other_fix_safety=(EXPLICIT_CLOSE_FDS_FALSE,),
))



def _redirected(site: CallSite) -> Optional[bool]:
    """`arguments.stdio_redirected`, with a ``**kwargs`` built in the same function read through
    (`bindings.dict_keywords`): the one answer NIH301 and NIH303 both use."""
    spread = None
    starred = [k.value for k in site.node.keywords if k.arg is None]
    if len(starred) == 1 and isinstance(starred[0], ast.Name):
        index = site.facts.index
        function = index.enclosing(index.path_to(site.node), FunctionNode)
        spread = bindings.dict_keywords(function, starred[0].id)
    return stdio_redirected(site.node, site.qualname, spread)


@on_call(*SUBPROCESS_CALLS, reports="NIH301", deferred=True)
def _popen_close_fds(site: CallSite) -> Iterator[Finding]:
    close_fds = popen_argument(site.node, "close_fds")
    settings = site.settings
    if close_fds is not None:
        if not passes_close_fds_false(site.node):
            return  # True, or a value we cannot judge
        text = (f"{site.callee}(close_fds=False) passes every inheritable handle to the child "
                "(dup2 targets, set_inheritable handles; every open file and socket on Python < 3.4)")
        fix = Fix(FixKind.REPLACE, Span.of(close_fds), "True", EXPLICIT_CLOSE_FDS_FALSE)
        gated = False
    else:
        if not settings.before(3, 2) or site.keyword("pass_fds") is not None:
            return
        text = (f"{site.callee}() passes every open file and socket to the child on Python < 3.2 "
                "(close_fds defaults to False there)")
        fix = Fix(FixKind.ADD_KEYWORD, Span.of(site.node), "close_fds=True")
        gated = True
    redirected = _redirected(site)
    if "windows" in settings.platforms and settings.before(3, 7) and redirected is not False:
        advice = ("close_fds=True raises ValueError with redirected stdio on Windows before Python 3.7; "
                  "create the parent's handles non-inheritable instead (ftools)")
        fix = None
    elif site.has_starargs:
        advice = "pass close_fds=True (*args/**kwargs may already set it)"
        fix = None
    elif site.facts.reported("NIH201", "NIH202"):
        advice = ("this module makes handles inheritable (dup2/set_inheritable): pass the ones the "
                  "child needs with pass_fds= and use close_fds=True")
        fix = None
    else:
        advice = "use close_fds=True, or pass_fds= for the descriptors the child needs"
    yield site.report("NIH301", f"{text}; {advice}", fix, version_gated=gated)


# --------------------------------------------------------------------------- NIH302

register(Rule(
    "NIH302", "spawn-without-close", "os.system, os.spawn*, os.posix_spawn*, pty.spawn, commands, popen2, "
    "platform.popen (os.popen < 3.0)", "< 3.4, or with NIH2xx", FixAvailability.NEVER,
    no_fix("the replacement, `subprocess.run(args, close_fds=True)` (with `pass_fds=` for what the "
           "child needs), runs without a shell and reports errors differently."),
    f"""
    ## What it does
    Flags `os.system`, `os.spawn*`, `os.posix_spawn`/`posix_spawnp` without a
    `POSIX_SPAWN_CLOSE`/`POSIX_SPAWN_CLOSEFROM` file action (an opaque `file_actions=` value is not
    judged), `pty.spawn`, `commands.*`, `popen2.*`, `platform.popen`, and
    `os.popen`/`popen2`/`popen3`/`popen4` when min-python < 3.0 (3.x `os.popen` is
    `subprocess.Popen` with `close_fds=True`).  Fires when min-python < 3.4 (every file and socket
    is inheritable there) or when the same module makes a handle inheritable (a NIH2xx finding);
    otherwise the inheritable set is only the standard streams and there is nothing to report.

    What it cannot know: which handles the process holds when it spawns -- a script that opens
    nothing but its standard streams (supervisor's `pidproxy`) still loads modules that may -- and
    whether the code runs at all (a test method disabled by its name).

    ## Why is this bad?
    None of them closes descriptors: the child (and the shell) gets every inheritable handle.

    ## Example
    ```python
    import os

    os.system("make")
    ```

    ## Use instead
    ```python
    import subprocess

    subprocess.run(["make"], close_fds=True)
    ```

    ## Versions
    Python < 3.4, or any version in a module with a NIH2xx finding.

    ## References
    - [`os.system()`](https://docs.python.org/3/library/os.html#os.system)
    - [`os.posix_spawn()`](https://docs.python.org/3/library/os.html#os.posix_spawn)
    - {POPEN_DOC}
    """,
))


OS_SPAWNS = tuple(f"os.spawn{suffix}" for suffix in ("l", "le", "lp", "lpe", "v", "ve", "vp", "vpe"))
NON_CLOSING_SPAWNERS = (
    ("os.system", "pty.spawn", "platform.popen")
    + OS_SPAWNS
    + tuple(f"commands.{name}" for name in ("getoutput", "getstatusoutput", "getstatus"))
    + tuple(f"popen2.{name}" for name in ("popen2", "popen3", "popen4", "Popen3", "Popen4"))
)
POSIX_SPAWNS = ("os.posix_spawn", "os.posix_spawnp")
PY2_OS_POPENS = ("os.popen", "os.popen2", "os.popen3", "os.popen4")


def _closes_fds(site: CallSite) -> bool:
    """posix_spawn with a close file action, or with file actions we cannot see into."""
    if any(k.arg is None for k in site.node.keywords):
        return True
    actions = site.keyword("file_actions")
    if actions is None or is_none(actions.value):
        return False
    if not isinstance(actions.value, (ast.List, ast.Tuple)):
        return True
    return mentions(actions.value, "POSIX_SPAWN_CLOSE") or mentions(actions.value, "POSIX_SPAWN_CLOSEFROM")


@on_call(*NON_CLOSING_SPAWNERS, *POSIX_SPAWNS, *PY2_OS_POPENS, reports="NIH302", deferred=True)
def _non_closing_spawner(site: CallSite) -> Iterator[Finding]:
    settings = site.settings
    if site.qualname in PY2_OS_POPENS and not settings.before(3, 0):
        return
    if site.qualname in POSIX_SPAWNS and _closes_fds(site):
        return
    advice = "use subprocess.run(..., close_fds=True), with pass_fds= for what the child needs"
    if settings.before(3, 4):
        yield site.report(
            "NIH302",
            f"{site.callee}() gives the child every inheritable handle of this process, which on "
            f"Python < 3.4 is every open file and socket; {advice}",
            version_gated=True,
        )
    elif site.facts.reported("NIH20"):
        yield site.report(
            "NIH302",
            f"{site.callee}() gives the child every inheritable handle, including the ones this module "
            f"makes inheritable (NIH2xx); {advice}",
        )


# --------------------------------------------------------------------------- NIH303

register(Rule(
    "NIH303", "windows-popen-race", "Windows <= 3.6: subprocess with redirected stdio in a threaded module",
    "<= 3.6 (Windows)", FixAvailability.NEVER,
    no_fix("the remedies, `ftools.Popen` (a process-wide spawn lock) or requiring Python 3.7+, change "
           "how every spawn of the program is made."),
    f"""
    ## What it does
    With windows among the platforms and min-python <= 3.6, flags a `subprocess` call that
    redirects stdin/stdout/stderr (as NIH301 reads it, `**kwargs` built as `dict(stdin=PIPE, ...)`
    in the same function included) in a module that starts a thread whose code spawns
    (`threading.Thread(target=f)`, a `Thread` subclass's `run`, a pool's `submit(f)`, a threading
    server's handler, `target=server.serve_forever` with the module's request-handler class, where
    `f` is the module's own code that starts a child, itself or through a function of another
    module of the same project: the message then names it).  Using threads is
    not enough: `threading.Event()` or a server thread that never spawns cannot race.

    What it cannot know: threads started in another module, and thread code in an installed
    package or the standard library; those count as not spawning.

    ## Why is this bad?
    On Windows before 3.7 a redirected `Popen` duplicates its pipe ends as inheritable handles and
    starts the child with `bInheritHandles=TRUE`; a `Popen` running at the same time in another
    thread gives its child those handles too (MS KB315939, bpo-19764), so pipes do not reach EOF
    until the wrong child exits.

    ## Example
    ```python
    import subprocess
    import threading


    def worker():
        subprocess.call(["ping", "localhost"], close_fds=True)


    threading.Thread(target=worker).start()
    subprocess.Popen(["tool"], stdout=subprocess.PIPE)
    ```

    ## Use instead
    ```python
    import subprocess
    import threading
    from noinherit_ftools import ftools


    def worker():
        ftools.Popen(["ping", "localhost"], close_fds=True).wait()


    threading.Thread(target=worker).start()
    ftools.Popen(["tool"], stdout=subprocess.PIPE)
    ```

    ## Versions
    Windows, Python 2.7 and 3.2-3.6.

    ## References
    - [bpo-19764: subprocess: use PROC_THREAD_ATTRIBUTE_HANDLE_LIST](https://bugs.python.org/issue19764)
    - {POPEN_DOC}
    """,
))



@on_call(*SUBPROCESS_CALLS, reports="NIH303")
def _windows_popen_race(site: CallSite) -> Iterator[Finding]:
    settings = site.settings
    if "windows" not in settings.platforms or not settings.before(3, 7):
        return
    if _redirected(site) and site.facts.threads.threads_spawn:
        remote = site.facts.threads.remote
        via = f" (thread code of this module calls {remote.text}, which may start one)" if remote is not None else ""
        yield site.report(
            "NIH303",
            f"{site.callee}() with redirected stdio on Windows lets a child spawned at the same time by "
            f"another thread{via} inherit this call's pipe handles (Python < 3.7); use ftools.Popen, which "
            "holds a spawn lock",
            version_gated=True,
        )
