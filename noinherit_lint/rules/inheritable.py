"""NIH2xx: handles that are inheritable on every Python version.

PEP 446 (3.4) made new handles non-inheritable, but a few calls still create or turn handles
inheritable, on every version.  These rules have no module gating: the handle leaks into every
child started without ``close_fds`` (``os.system``, ``os.spawn*``, ``posix_spawn``, ``exec*``,
``Popen(close_fds=False)``) and into every child on Python < 3.2.
"""

from __future__ import annotations

import ast
from typing import Iterator, Optional

from noinherit_lint.analysis import std_streams
from noinherit_lint.api import CallSite
from noinherit_lint.arguments import is_int_literal, is_true, mentions
from noinherit_lint.findings import Finding, Fix, FixKind, Span, no_fix, safe, unsafe
from noinherit_lint.registry import FixAvailability, Rule, known_names, on_call, on_method, register

PEP_446 = "[PEP 446: Make newly created file descriptors non-inheritable](https://peps.python.org/pep-0446/)"
FD_INHERITANCE = ("[Inheritance of file descriptors](https://docs.python.org/3/library/os.html"
                  "#inheritance-of-file-descriptors)")
PASS_FDS_DOC = ("[`subprocess.Popen`: `pass_fds`](https://docs.python.org/3/library/subprocess.html"
                "#subprocess.Popen)")

known_names(
    "fcntl.F_SETFD", "fcntl.F_GETFD", "fcntl.FD_CLOEXEC", "fcntl.F_DUPFD", "fcntl.F_DUPFD_CLOEXEC",
    "os.O_CLOEXEC", "os.O_NONBLOCK", "os.O_DIRECT",
    "os.MFD_CLOEXEC", "os.MFD_ALLOW_SEALING", "os.MFD_HUGETLB",
    "os.EFD_CLOEXEC", "os.EFD_NONBLOCK", "os.EFD_SEMAPHORE",
    "socket.SCM_RIGHTS", "socket.MSG_CMSG_CLOEXEC", "socket.MSG_PEEK", "socket.MSG_DONTWAIT",
    "socket.MSG_WAITALL",
    "sys.stdin", "sys.stdout", "sys.stderr", "sys.__stdin__", "sys.__stdout__", "sys.__stderr__",
    "pty.STDIN_FILENO", "pty.STDOUT_FILENO", "pty.STDERR_FILENO",
)

# The other safety of NIH203/NIH204/NIH205's fixes: the descriptor may be meant for a child.
MAY_BE_FOR_A_CHILD = unsafe(
    "the module also starts programs that get every inheritable descriptor (`os.exec*`, `os.spawn*`, "
    "`os.posix_spawn*`, `os.system`, `pty.spawn`, a subprocess call with `close_fds=False`), or the "
    "call is in the child branch of `os.fork()`: the new descriptor may be meant for such a program, "
    "and the fix would take it away."
)
# NIH201's: the same, for the calls whose target the check leaves fixable.
DUP2_TARGET_FOR_EXEC = unsafe(
    "the module also calls `os.exec*`, `os.spawn*`, `os.posix_spawn*`, `os.system` or `pty.spawn`, "
    "whose program gets every inheritable descriptor: `os.dup2(fd, 3)` before `os.execv` is how a "
    "descriptor is handed to the next program, and `inheritable=False` would close it there."
)

PASS_FDS_HINT = "pass it to the one child that needs it with pass_fds= (POSIX) or STARTUPINFO handle_list (Windows)"


# --------------------------------------------------------------------------- shared helpers


def _receiver_text(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        receiver = ast.unparse(func.value)
        if len(receiver) <= 30:
            return f"{receiver}.{func.attr}"
        return func.attr
    return ast.unparse(func)


def _flag_leaves(site: CallSite, expr: ast.expr):
    """The leaves of a ``|``/``+`` combination, or None when a part is not a known constant.

    Each leaf is ``(node, qualname)``; qualname is None for an int literal.
    """
    leaves = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitOr, ast.Add)):
            stack.extend((node.left, node.right))
        elif is_int_literal(node):
            leaves.append((node, None))
        elif isinstance(node, (ast.Name, ast.Attribute)):
            qualnames = site.resolve(node)
            if len(qualnames) != 1:
                return None
            leaves.append((node, qualnames[0]))
        else:
            return None
    return leaves


def _child_may_need(site: CallSite):
    """`MAY_BE_FOR_A_CHILD` where a new descriptor may be meant for a child, else the rule's default."""
    facts = site.facts
    return MAY_BE_FOR_A_CHILD if facts.starts_programs_that_inherit or facts.in_fork_child(site.node) else None


# --------------------------------------------------------------------------- NIH201

register(Rule(
    "NIH201", "dup2-inheritable", "os.dup2(fd, fd2) without inheritable=False, fd2 not a standard stream",
    "all", FixAvailability.SOMETIMES,
    safe("`inheritable=False` is added only when min-python >= 3.4 (2.7 has no such parameter: "
         "`TypeError`), the target is an integer literal (a target held in a variable may be a standard "
         "stream, and a non-inheritable stdout would be closed in every child), and the module starts no subprocess with `close_fds=False` (the target is then most "
         "likely meant for that child, and NIH301 is report-only there, so one codemod run is final)."),
    f"""
    ## What it does
    Flags `os.dup2(fd, fd2)` without `inheritable=False`, unless `fd2` is a standard stream: a
    literal `0`/`1`/`2`, `sys.stdin/stdout/stderr.fileno()`,
    `sys.__stdin__/__stdout__/__stderr__.fileno()` or `pty.STDIN/STDOUT/STDERR_FILENO`
    (redirecting a standard stream is what dup2 is for, and children are meant to share them), a
    name that holds one of those in the same function, or a parameter to which every call of the
    function in the module passes a standard stream (`redirect(sys.stdout, fd)`).  Calls in fork-child
    code before exec are not flagged either: the branch of `if os.fork() == 0:` (and its
    variants), the rest of a block after `if pid: os._exit(0)` when it execs, a function of the
    module called only from such code, and a `preexec_fn=` function -- the descriptor is meant for
    the program the child execs.  An explicit `inheritable=True` (or positional `True`) is reported
    too.

    What it cannot know: a target computed elsewhere that happens to be 0-2, and children forked in
    another module that call into this one.

    ## Why is this bad?
    `dup2` makes `fd2` inheritable by default (3.4+; always on 2.x), so every child gets a copy of
    whatever was duplicated there.

    ## Example
    ```python
    import os

    os.dup2(log_fd, 10)
    ```

    ## Use instead
    ```python
    import os
    import sys

    os.dup2(log_fd, 10, inheritable=False)
    os.dup2(log_fd, sys.stdout.fileno())  # a standard stream: meant for children
    ```

    ## Versions
    Every version.

    ## References
    - [`os.dup2()`](https://docs.python.org/3/library/os.html#os.dup2)
    - {FD_INHERITANCE}
    """,
    other_fix_safety=(DUP2_TARGET_FOR_EXEC,),
))



STD_STREAMS = ("sys.stdin", "sys.stdout", "sys.stderr", "sys.__stdin__", "sys.__stdout__", "sys.__stderr__")
STD_FILENOS = ("pty.STDIN_FILENO", "pty.STDOUT_FILENO", "pty.STDERR_FILENO")


def _is_std_stream(site: CallSite, expr: ast.expr) -> bool:
    if is_int_literal(expr) and expr.value in (0, 1, 2):
        return True
    if (isinstance(expr, ast.Call) and not expr.args and not expr.keywords
            and isinstance(expr.func, ast.Attribute) and expr.func.attr == "fileno"):
        return site.refers_to(expr.func.value, *STD_STREAMS)
    return site.refers_to(expr, *STD_FILENOS)


def _meant_for_children(site: CallSite, fd: Optional[ast.expr]) -> bool:
    """Fork-child code before exec (`noinherit_lint.fork_child`), or a descriptor that is 0, 1 or 2
    (`noinherit_lint.analysis.std_streams`): children are meant to get it."""
    if site.facts.in_fork_child(site.node):
        return True
    return fd is not None and (_is_std_stream(site, fd) or std_streams.holds_std_fd(site.facts.index, fd, site.node))


@on_call("os.dup2", reports="NIH201")
def _dup2(site: CallSite) -> Iterator[Finding]:
    target = site.argument(1, "fd2")
    if target is None or _meant_for_children(site, target):
        return
    inheritable = site.argument(2, "inheritable")
    if inheritable is not None and not is_true(inheritable):
        return  # inheritable=False, or a value we cannot judge
    hazard = (f"{site.callee}() makes the target descriptor inheritable on every Python version, so every "
              "child started without close_fds gets a copy")
    fix = None
    if inheritable is None and not site.has_starargs:
        if site.settings.before(3, 4):
            advice = "set close-on-exec on it (inheritable=False needs Python 3.4+)"
        elif site.facts.spawns_with_close_fds_false:
            # The target is most likely meant for that child, and inheritable=False would take it
            # away.  NIH301 is report-only in such a module for the same reason (it sees this
            # NIH201), so one codemod run is final instead of fixing dup2 first and close_fds next.
            advice = ("pass inheritable=False unless the child this module starts with close_fds=False "
                      "needs it (then " + PASS_FDS_HINT + ")")
        elif not is_int_literal(target):
            advice = "pass inheritable=False unless the target is a standard stream"
        else:
            advice = "pass inheritable=False"
            safety = DUP2_TARGET_FOR_EXEC if site.facts.starts_programs_that_inherit else None
            fix = Fix(FixKind.ADD_KEYWORD, Span.of(site.node), "inheritable=False", safety)
    else:
        advice = "pass inheritable=False, or " + PASS_FDS_HINT
    yield site.report("NIH201", f"{hazard}; {advice}", fix)


# --------------------------------------------------------------------------- NIH202

register(Rule(
    "NIH202", "set-inheritable", "set_inheritable(True), set_handle_inheritable(h, True), "
    "fcntl F_SETFD clearing FD_CLOEXEC", "all", FixAvailability.NEVER,
    no_fix("the handle is made inheritable on purpose, for some child; only the author knows which "
           "one, and `pass_fds=` for it is the fix."),
    f"""
    ## What it does
    Flags `os.set_inheritable(fd, True)`, `<obj>.set_inheritable(True)` (sockets),
    `os.set_handle_inheritable(h, True)`, and `fcntl.fcntl(fd, F_SETFD, arg)` whose `arg` clears
    `FD_CLOEXEC`: omitted (defaults to 0), an even integer literal, or `flags & ~FD_CLOEXEC`.  Only
    literal true values are flagged (`set_inheritable(fd, flag)` is not).  Not flagged: fork-child
    code before `exec` (as NIH201 reads it: the hand-off is meant for the program it execs) and a
    descriptor that is 0, 1 or 2 (a standard stream, or the result of `os.open` right after
    `os.closerange(0, 3)` / `os.close(0)`).

    ## Why is this bad?
    The handle then goes to every child started without `close_fds`; a handle meant for one child
    reaches all of them.

    ## Example
    ```python
    import os
    import subprocess

    os.set_inheritable(fd, True)
    subprocess.Popen(["helper", str(fd)], close_fds=False)
    ```

    ## Use instead
    Give the handle to the one child that needs it: `pass_fds=` (POSIX), or
    `STARTUPINFO(lpAttributeList={{"handle_list": [h]}})` (Windows, 3.7+).
    ```python
    import subprocess

    subprocess.Popen(["helper", str(fd)], pass_fds=[fd])
    ```

    ## Versions
    Every version (the functions exist since 3.4; `F_SETFD` always).

    ## References
    - [`os.set_inheritable()`](https://docs.python.org/3/library/os.html#os.set_inheritable)
    - {PASS_FDS_DOC}
    - {FD_INHERITANCE}
    """,
))



@on_call("os.set_inheritable", "os.set_handle_inheritable", reports="NIH202")
def _set_inheritable(site: CallSite) -> Iterator[Finding]:
    handle = site.argument(0, "fd" if site.qualname == "os.set_inheritable" else "handle")
    if is_true(site.argument(1, "inheritable")) and not _meant_for_children(site, handle):
        yield site.report(
            "NIH202",
            f"{site.callee}(..., True) makes the handle inheritable by every child process started "
            f"without close_fds, on every Python version; {PASS_FDS_HINT}",
        )


@on_method("set_inheritable", reports="NIH202")
def _sock_set_inheritable(site: CallSite) -> Iterator[Finding]:
    node = site.node
    if len(node.args) == 1 and not node.keywords and is_true(node.args[0]) and not _meant_for_children(site, None):
        yield site.report(
            "NIH202",
            f"{_receiver_text(node.func)}(True) makes the handle inheritable by every child process "
            f"started without close_fds, on every Python version; {PASS_FDS_HINT}",
        )


def _clears_cloexec(site: CallSite, arg: Optional[ast.expr]) -> bool:
    if arg is None:
        return True  # fcntl's arg defaults to 0
    if is_int_literal(arg):
        return arg.value % 2 == 0  # FD_CLOEXEC is 1
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.BitAnd):
        for side in (arg.left, arg.right):
            if isinstance(side, ast.UnaryOp) and isinstance(side.op, ast.Invert):
                operand = side.operand
                if isinstance(operand, ast.Constant) and operand.value == 1:
                    return True
                if site.refers_to(operand, "fcntl.FD_CLOEXEC"):
                    return True
    return False


@on_call("fcntl.fcntl", reports=("NIH202", "NIH203"))
def _fcntl(site: CallSite) -> Iterator[Finding]:
    if site.has_starargs:
        return
    command = site.argument(1, "cmd")
    if command is None:
        return
    if site.refers_to(command, "fcntl.F_SETFD"):
        if _clears_cloexec(site, site.argument(2, "arg")) and not _meant_for_children(site, site.argument(0, "fd")):
            yield site.report(
                "NIH202",
                f"{site.callee}(fd, F_SETFD, ...) clears FD_CLOEXEC, so every child process started "
                f"without close_fds gets the descriptor, on every Python version; {PASS_FDS_HINT}",
            )
    elif site.refers_to(command, "fcntl.F_DUPFD"):
        yield _dupfd_finding(site, command)


# --------------------------------------------------------------------------- NIH203

register(Rule(
    "NIH203", "fcntl-dupfd", "fcntl.fcntl(fd, F_DUPFD, n)", "all", FixAvailability.SOMETIMES,
    safe("the command becomes `F_DUPFD_CLOEXEC` spelled with the same module prefix, or with a name "
         "that already refers to it or to `fcntl` in that scope (else no fix), and only when "
         "min-python >= 3.6: `fcntl.F_DUPFD_CLOEXEC` exists on the 3.6-3.13 interpreters measured "
         "(Linux) and not on 2.7; 3.0-3.5 were not measured."),
    """
    ## What it does
    Flags `fcntl.fcntl(fd, fcntl.F_DUPFD[, n])`.

    ## Why is this bad?
    The duplicate has close-on-exec cleared on every version.

    ## Example
    ```python
    import fcntl

    copy = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    ```

    ## Use instead
    ```python
    import fcntl

    copy = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    ```

    ## Versions
    Every version, POSIX.

    ## References
    - [`fcntl.fcntl()`](https://docs.python.org/3/library/fcntl.html#fcntl.fcntl)
    - [`fcntl(2)`: `F_DUPFD_CLOEXEC`](https://man7.org/linux/man-pages/man2/fcntl.2.html)
    """,
    other_fix_safety=(MAY_BE_FOR_A_CHILD,),
))



def _dupfd_cloexec_spelling(site: CallSite, command: ast.expr) -> Optional[str]:
    if isinstance(command, ast.Attribute):
        return f"{ast.unparse(command.value)}.F_DUPFD_CLOEXEC"
    name = site.name_bound_to("fcntl.F_DUPFD_CLOEXEC")
    if name:
        return name
    module = site.name_bound_to("fcntl")
    return f"{module}.F_DUPFD_CLOEXEC" if module else None


def _dupfd_finding(site: CallSite, command: ast.expr) -> Finding:
    text = (f"{site.callee}(fd, F_DUPFD, ...) returns an inheritable duplicate on every Python version; "
            "use F_DUPFD_CLOEXEC")
    fix = None
    if site.settings.before(3, 6):
        text += " (Python 3.6+ has it)"
    else:
        spelling = _dupfd_cloexec_spelling(site, command)
        if spelling:
            fix = Fix(FixKind.REPLACE, Span.of(command), spelling, _child_may_need(site))
    return site.report("NIH203", text, fix)


# --------------------------------------------------------------------------- NIH204

register(Rule(
    "NIH204", "cloexec-flag-missing", "os.pipe2/memfd_create/eventfd flags without the cloexec flag",
    "all", FixAvailability.SOMETIMES,
    safe("the constant is OR-ed in, spelled with the module's own name for `os` (a literal `0` becomes "
         "the constant); the constants exist wherever the functions do (pipe2 3.3+, memfd_create 3.8+, "
         "eventfd 3.10+).  No fix when the flags use names imported with `from os import ...` or `os` "
         "is not importable by name in that scope."),
    """
    ## What it does
    Flags `os.pipe2(flags)`, `os.memfd_create(name, flags)` and `os.eventfd(initval, flags)` whose
    flags are known (integer literals and `os` constants combined with `|`/`+`) and do not include
    `O_CLOEXEC` / `MFD_CLOEXEC` / `EFD_CLOEXEC`.  `memfd_create` and `eventfd` without flags
    default to close-on-exec and are not flagged; flags held in a variable, and a non-zero integer
    literal (it may contain the flag), are not judged.

    ## Why is this bad?
    These calls honour the flags exactly; without the cloexec flag the new descriptors are
    inheritable (measured: `pipe2(0)`, `memfd_create(name, 0)`, `eventfd(0, 0)`).

    ## Example
    ```python
    import os

    r, w = os.pipe2(os.O_NONBLOCK)
    ```

    ## Use instead
    ```python
    import os

    r, w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    ```

    ## Versions
    Every version that has the call, Linux.

    ## References
    - [`os.pipe2()`](https://docs.python.org/3/library/os.html#os.pipe2)
    - [`os.memfd_create()`](https://docs.python.org/3/library/os.html#os.memfd_create)
    - [`os.eventfd()`](https://docs.python.org/3/library/os.html#os.eventfd)
    """,
    other_fix_safety=(MAY_BE_FOR_A_CHILD,),
))


# callee -> (position and name of the flags argument, constants that make it close-on-exec, the one to add)
FLAG_TAKERS = {
    "os.pipe2": (0, None, ("os.O_CLOEXEC",), "O_CLOEXEC"),
    "os.memfd_create": (1, "flags", ("os.MFD_CLOEXEC",), "MFD_CLOEXEC"),
    "os.eventfd": (1, "flags", ("os.EFD_CLOEXEC", "os.O_CLOEXEC"), "EFD_CLOEXEC"),
}


@on_call(*FLAG_TAKERS, reports="NIH204")
def _flag_taker(site: CallSite) -> Iterator[Finding]:
    position, keyword, cloexec, wanted = FLAG_TAKERS[site.qualname]
    if site.has_starargs:
        return
    flags = site.argument(position, keyword)
    if flags is None:
        return  # pipe2() is a TypeError; memfd_create/eventfd default to close-on-exec
    leaves = _flag_leaves(site, flags)
    if leaves is None:
        return
    if any(qualname in cloexec for _, qualname in leaves):
        return
    if any(qualname is None and node.value != 0 for node, qualname in leaves):
        return  # a non-zero literal may already hold the flag
    fix = None
    os_name = site.name_bound_to("os")
    if os_name and all(isinstance(node, (ast.Constant, ast.Attribute)) for node, _ in leaves):
        fix = Fix(FixKind.OR_FLAG, Span.of(flags), f"{os_name}.{wanted}", _child_may_need(site))
    yield site.report(
        "NIH204",
        f"{site.callee}() flags lack {wanted}, so the new descriptors are inheritable on every Python "
        f"version; add os.{wanted}",
        fix,
    )


# --------------------------------------------------------------------------- NIH205

register(Rule(
    "NIH205", "received-fds-inheritable", "socket.recv_fds, multiprocessing.reduction.recvfds, "
    "recvmsg for SCM_RIGHTS without MSG_CMSG_CLOEXEC", "all", FixAvailability.SOMETIMES,
    safe("`socket.MSG_CMSG_CLOEXEC` is appended as the third argument of `recvmsg`, or OR-ed into the "
         "given flags, only when the platforms setting is exactly `linux` (the constant exists only "
         "there) and `socket` is importable by name.  `recv_fds`/`recvfds` have no fix."),
    """
    ## What it does
    Flags `socket.recv_fds(...)` and `multiprocessing.reduction.recvfds(...)`; and
    `<sock>.recvmsg(bufsize, ancbufsize[, flags])` / `recvmsg_into` in a module that mentions
    `SCM_RIGHTS`, without `MSG_CMSG_CLOEXEC` in the flags.

    ## Why is this bad?
    Descriptors received over a Unix socket arrive inheritable unless `MSG_CMSG_CLOEXEC` is passed;
    `socket.recv_fds` ignores its `flags` argument (3.9-3.13, gh-107898), so passing the flag there
    does not help: call `os.set_inheritable(fd, False)` on each received descriptor.

    ## Example
    ```python
    import socket

    msg, ancdata, flags, addr = sock.recvmsg(1024, socket.CMSG_LEN(16))
    fds = [data for level, kind, data in ancdata if kind == socket.SCM_RIGHTS]
    ```

    ## Use instead
    ```python
    import socket

    msg, ancdata, flags, addr = sock.recvmsg(1024, socket.CMSG_LEN(16), socket.MSG_CMSG_CLOEXEC)
    fds = [data for level, kind, data in ancdata if kind == socket.SCM_RIGHTS]
    ```

    ## Versions
    Every version (3.3+ for `recvmsg`).

    ## References
    - [`socket.socket.recvmsg()`](https://docs.python.org/3/library/socket.html#socket.socket.recvmsg)
    - [`socket.recv_fds()`](https://docs.python.org/3/library/socket.html#socket.recv_fds)
    - [gh-107898: `recv_fds` ignores its flags](https://github.com/python/cpython/issues/107898)
    """,
    other_fix_safety=(MAY_BE_FOR_A_CHILD,),
))



@on_call("socket.recv_fds", "multiprocessing.reduction.recvfds", reports="NIH205")
def _recv_fds(site: CallSite) -> Iterator[Finding]:
    yield site.report(
        "NIH205",
        f"{site.callee}() returns inheritable descriptors (it does not pass MSG_CMSG_CLOEXEC, and "
        "recv_fds ignores its flags); call os.set_inheritable(fd, False) on each, or use "
        "recvmsg(..., socket.MSG_CMSG_CLOEXEC) on Linux",
    )


@on_method("recvmsg", "recvmsg_into", reports="NIH205")
def _recvmsg(site: CallSite) -> Iterator[Finding]:
    node = site.node
    if site.has_starargs or node.keywords or len(node.args) < 2:
        return  # without an ancillary buffer no descriptor can arrive
    if not site.facts.mentions_scm_rights:
        return
    flags = node.args[2] if len(node.args) > 2 else None
    if flags is not None and mentions(flags, "MSG_CMSG_CLOEXEC"):
        return
    fix = None
    socket_name = site.name_bound_to("socket")
    if site.settings.platforms == frozenset({"linux"}) and socket_name:
        constant = f"{socket_name}.MSG_CMSG_CLOEXEC"
        if flags is None:
            fix = Fix(FixKind.APPEND_ARGUMENT, Span.of(node), constant, _child_may_need(site))
        elif len(node.args) == 3:
            fix = Fix(FixKind.OR_FLAG, Span.of(flags), constant, _child_may_need(site))
    yield site.report(
        "NIH205",
        f"{_receiver_text(node.func)}() without MSG_CMSG_CLOEXEC receives SCM_RIGHTS descriptors that "
        "are inheritable on every Python version; add socket.MSG_CMSG_CLOEXEC to the flags (Linux) or "
        "call os.set_inheritable(fd, False) on each",
        fix,
    )


# --------------------------------------------------------------------------- NIH206

register(Rule(
    "NIH206", "open-osfhandle-inheritable", "msvcrt.open_osfhandle(handle, flags) without os.O_NOINHERIT",
    "all (Windows)", FixAvailability.SOMETIMES,
    safe("`os.O_NOINHERIT` is OR-ed into the flags (a literal `0` becomes it), spelled with the module's "
         "own name for `os`; the constant exists on Windows on every version, and `open_osfhandle` "
         "documents it as an accepted flag.  No fix when `os` is not importable by name in that scope."),
    """
    ## What it does
    With windows among the platforms, flags `msvcrt.open_osfhandle(handle, flags)` whose flags
    (integer literals and `os.O_*` constants combined with `|`/`+`) do not include
    `os.O_NOINHERIT`.  Flags held in a variable are not judged.

    ## Why is this bad?
    `open_osfhandle` does not apply PEP 446: the C runtime descriptor it creates is inheritable
    unless the flags include `O_NOINHERIT`, on every Python version, so `os.spawn*` and
    `subprocess` children (`close_fds=False`) get it.

    ## Example
    ```python
    import msvcrt

    fd = msvcrt.open_osfhandle(handle, 0)
    ```

    ## Use instead
    ```python
    import msvcrt
    import os

    fd = msvcrt.open_osfhandle(handle, os.O_NOINHERIT)
    ```

    ## Versions
    Every version, Windows.

    ## References
    - [`msvcrt.open_osfhandle()`](https://docs.python.org/3/library/msvcrt.html#msvcrt.open_osfhandle)
    - {FD_INHERITANCE}
    """.replace("{FD_INHERITANCE}", FD_INHERITANCE),
))

known_names("os.O_NOINHERIT", "os.O_APPEND", "os.O_RDONLY", "os.O_TEXT")


@on_call("msvcrt.open_osfhandle", reports="NIH206")
def _open_osfhandle(site: CallSite) -> Iterator[Finding]:
    if "windows" not in site.settings.platforms or site.has_starargs:
        return
    flags = site.argument(1, "flags")
    if flags is None:
        return
    leaves = _flag_leaves(site, flags)
    if leaves is None or any(qualname == "os.O_NOINHERIT" for _, qualname in leaves):
        return
    if any(qualname is None and node.value & 0x80 for node, qualname in leaves):
        return  # a literal that holds _O_NOINHERIT (0x80)
    fix = None
    os_name = site.name_bound_to("os")
    if os_name and all(isinstance(node, (ast.Constant, ast.Attribute)) for node, _ in leaves):
        fix = Fix(FixKind.OR_FLAG, Span.of(flags), f"{os_name}.O_NOINHERIT")
    yield site.report(
        "NIH206",
        f"{site.callee}() without os.O_NOINHERIT creates a descriptor that is inheritable on every Python "
        "version; add os.O_NOINHERIT to the flags",
        fix,
    )
