"""NIH1xx: handles that are created inheritable on Python < 3.4.

Before PEP 446 (Python 3.4) every file, socket, pipe and duplicated descriptor that CPython
created was inheritable: a child started by ``subprocess`` (``close_fds=False`` was the default
before 3.2), ``os.system``, ``os.spawn*`` or ``os.exec*`` gets a copy of it, and keeps it for as
long as it lives.  Since 3.4 the same calls create the handle with ``O_CLOEXEC`` /
``O_NOINHERIT`` / ``SOCK_CLOEXEC``, atomically where the OS allows, so these rules fire **only
when the oldest supported Python (min-python) is older than 3.4**.  With ``scope = "module"``
(the default) they fire only in modules that spawn processes or use threads (another thread may
spawn while the handle is open); ``scope = "always"`` is for libraries whose callers spawn.

Every rule resolves the callee through imports (``import shutil as sh``, ``from socket import
socket``); a local ``def open``, a parameter or assignment named ``open``, ``self.open()``,
``pathlib.Path(p).open()``, ``gzip.open`` and ``from os import open`` are not builtin ``open``.

Where the stdlib call takes a flag, the fix keeps the user's callee and adds a runtime constant
(``os.open(p, flags)`` -> ``os.open(p, flags | ftools.O_CLOEXEC)``, 0 on Python >= 3.4), so a
test's ``mock.patch("mod.os")`` still intercepts the call with the same arguments: a safe fix.
Otherwise the fix replaces only the callee (``open`` -> ``ftools.open``) and keeps every argument
as written, ``*args`` and ``**kwargs`` included; that swap is *unsafe* (`CALLEE_SWAP_UNSAFE`): a
mock of the name in the module under test (``mock.patch("mod.open", create=True)``,
``mock.patch.object(mod, "socket")``) no longer intercepts the call.  Report-only calls have no
drop-in replacement in the runtime.
"""

from __future__ import annotations

import ast
import re
from typing import Callable, Iterator, Optional

from noinherit_lint.analysis import bindings
from noinherit_lint.analysis.closes_all import every_spawn_closes_all
from noinherit_lint.analysis.handle_hazard import Hazard, creation_hazard
from noinherit_lint.analysis.index import FunctionNode
from noinherit_lint.api import CallSite
from noinherit_lint.arguments import is_false, is_int_literal, mentions
from noinherit_lint.findings import Finding, Fix, FixKind, FixSafety, Span, safe, unsafe
from noinherit_lint.registry import FixAvailability, Rule, known_names, on_call, register

VERSION_TEXT = "on Python < 3.4"
CALLEE_SWAP = (
    "only the callee changes; every argument stays as written, `*args` and `**kwargs` included, "
    "because each runtime function has the signature, return type and exceptions of the stdlib "
    "function it replaces"
)
CALLEE_SWAP_UNSAFE = (
    "unsafe because the callee changes: a test that patches the name in the module under test "
    "(`mock.patch(\"mod.open\", create=True)`, `mock.patch.object(mod, \"socket\")`, "
    "`mock.patch(\"mod.os\")`) no longer intercepts the call, and the real call runs "
    "(`mock.patch(\"builtins.open\")` and `mock.patch(\"socket.socket\")` still do on Python "
    ">= 3.4, where `ftools.open is builtins.open`).  The module also gains an import of the runtime, "
    "which must be installed (or vendored with --vendor) wherever it runs"
)
SOCK_CLOEXEC_SAFE = (
    "the type gets `| ftools.SOCK_CLOEXEC` (0 on Python >= 3.4); the callee stays, so a mock of "
    "the module's `socket` still intercepts the call"
)
PEP_446 = "[PEP 446: Make newly created file descriptors non-inheritable](https://peps.python.org/pep-0446/)"
FD_INHERITANCE = ("[Inheritance of file descriptors](https://docs.python.org/3/library/os.html"
                  "#inheritance-of-file-descriptors)")
VERSIONS_BEFORE_34 = "Python 2.x and 3.0-3.3, where CPython creates every handle inheritable."

# When NIH1xx report a handle, when they stay silent, and what they cannot know: one text, in the
# "What it does" section of every NIH1xx rule (noinherit_lint.analysis.handle_hazard decides).
LIFETIME = """A handle is reported only when a child can get it, and the message says how: *a child started
    while it is open* (a spawn, a call of the module's own function that spawns, or of a function
    of another module of the same project that does -- "`run_git_or_fail` (dulwich/tests/compat/utils.py),
    called at line 30, may start a child while it is open" -- in the `with` body, between the
    creation and `close()`, or in the same statement; in a module that spawns, also code that runs
    arbitrary code there: `exec`/`eval` of a non-literal, `runpy`, a project function that does,
    as tornado's autoreload runs the whole script inside `with open(script)`); *it outlives this
    function* (stored on an object, in a global or a container, returned, passed to a constructor
    or a logging handler, given to a call whose result is kept -- `rows = csv.reader(open(p))`,
    `x = helper(open(p))`: the handle lives as long as the result unless the call is known to read
    it and let it go, like `json.load()`, `list()` or a method of the handle -- a listening socket, open across a generator's `yield`, a descriptor never
    closed); or *another thread of this module may start a child while it is open* (the module
    starts a thread whose code spawns, itself or through the project's modules).  The project's
    modules are found from the linted file's path (relative imports; absolute imports of the file's
    top package, the last folder with an `__init__.py` walking up; a script's sibling modules),
    parsed once per process; the standard library and installed packages are never read, and a
    module that cannot be read or parsed counts as not spawning.  It stays silent on a handle closed before anything the
    module starts can see it (module code too: a global that the module code closes and no function
    uses), one kept on `self` by a test's `setUp()` and closed by the class's `tearDown()` or an
    `addCleanup` when no method of the class spawns, one open while a coroutine awaits (`async def`,
    `gen.coroutine`, `gen_test`) in a module that never spawns, fork-child code before `exec`,
    descriptors 0-2, and a module whose every spawn closes every descriptor in the child.

    What it cannot decide statically: a spawn in an installed package or through an object
    (`repo.hook.execute()`) while the handle is open (not reported); and, so reported, whether a
    child started after the handle escaped gets it -- whether every spawner of the *project* closes every descriptor in
    the child (supervisor's `process.py`, pexpect and ptyprocess, `sh`'s own children), or whether a
    test runner starts a child while a test's stream or listener is still open (a socket handed to
    `IOStream()` in a test helper); whether the inheritance is intended (a listener handed down a
    re-exec'd master, a socket meant to become a child's fd 0: pass it with `pass_fds=` and
    `# noqa` the creation); what a caller does with a returned handle; whether a function of
    another module keeps a handle it is given in its result (assumed when the result is kept); and
    closes done through names the analysis does not follow (`getattr(self, name).close()` in a
    loop)."""


def _handle_hazard(site: CallSite) -> Optional[Hazard]:
    return creation_hazard(site.facts.index, site.node, site.callee,
                           close_fds_default=not site.settings.before(3, 2))


def _hazard(site: CallSite, judge: Callable[[CallSite], Optional[Hazard]]) -> Optional[Hazard]:
    """NIH1xx gate: min-python < 3.4, with scope=module a module that spawns or uses threads, and a
    handle that a child can get (`judge`, by default `noinherit_lint.analysis.handle_hazard`):
    why, or None."""
    settings = site.settings
    if not settings.before(3, 4):
        return None
    if settings.scope == "module" and not site.facts.spawns_or_uses_threads:
        return None
    return judge(site)


def _fixable(site: CallSite, code: str, hazard: str, attribute: str,
             judge: Callable[[CallSite], Optional[Hazard]] = _handle_hazard) -> Iterator[Finding]:
    why = _hazard(site, judge)
    if why is not None:
        yield site.report(
            code, f"{site.callee}() {hazard} {VERSION_TEXT}: {why.text}; use ftools.{attribute}()",
            site.runtime_fix(attribute), version_gated=True,
        )


def _flag_fix(site: CallSite, code: str, hazard: str, flags: ast.expr, constant: str, where: str,
              safety: Optional[FixSafety] = None) -> Iterator[Finding]:
    """The stdlib callee stays and its flags (or type) get ``| ftools.<constant>``; `safety` None is
    the rule's own fix safety."""
    why = _hazard(site, _handle_hazard)
    if why is not None:
        yield site.report(
            code, f"{site.callee}() {hazard} {VERSION_TEXT}: {why.text}; add ftools.{constant} to its {where}",
            Fix(FixKind.RUNTIME_FLAG, Span.of(flags), constant, safety), version_gated=True,
        )


def _report_only(site: CallSite, code: str, hazard: str, advice: str,
                 judge: Callable[[CallSite], Optional[Hazard]] = _handle_hazard) -> Iterator[Finding]:
    why = _hazard(site, judge)
    if why is not None:
        yield site.report(
            code, f"{site.callee}() {hazard} {VERSION_TEXT}: {why.text}; {advice} (no automatic fix)",
            version_gated=True,
        )


# --------------------------------------------------------------------------- NIH101

register(Rule(
    "NIH101", "inheritable-open",
    "builtin `open`/`file`, `io.open`, `codecs.open`, `io.FileIO` with a path (not an fd, no `opener=`)",
    "< 3.4", FixAvailability.SOMETIMES,
    unsafe(f"`open`/`file` become `ftools.open`, `io.open` `ftools.io_open`, `codecs.open` "
           f"`ftools.codecs_open` (a 2.7 `file` and `io` objects as before); {CALLEE_SWAP}; "
           f"{CALLEE_SWAP_UNSAFE}.  `io.FileIO` has no fix."),
    f"""
    ## What it does
    Flags builtin `open()` / `file()`, `io.open()`, `codecs.open()` and `io.FileIO()` called with a
    path.  Wrapping an existing descriptor (an int literal first argument, `x.fileno()`, a name
    spelled as a descriptor -- `fd`, `self.fd`, `master_fd` -- or one tested with
    `isinstance(x, int)` around the call),
    `closefd=False` and `open(..., opener=...)` (the opener decides the flags) are not flagged;
    `tempfile` already creates close-on-exec files on 2.7.

    {LIFETIME}

    ## Why is this bad?
    On Python < 3.4 the file is opened without `O_CLOEXEC`/`O_NOINHERIT`: a child process started
    while it is open keeps it open.  On Windows the parent then cannot rename or delete the file
    while the child lives; on POSIX locks stay held and pipes never see EOF.

    ## Example
    ```python
    import subprocess

    with open("job.log", "w") as out:
        subprocess.call(["long-running-tool"])
    ```

    ## Use instead
    ```python
    import subprocess
    from noinherit_ftools import ftools

    with ftools.open("job.log", "w") as out:
        subprocess.call(["long-running-tool"])
    ```

    ## Versions
    {VERSIONS_BEFORE_34}  Every platform.

    ## References
    - {PEP_446}
    - [`open()`](https://docs.python.org/3/library/functions.html#open)
    """,
))


def _wraps_descriptor(site: CallSite, expr: Optional[ast.expr]) -> bool:
    """Wraps an existing descriptor, creates nothing: an int literal, ``x.fileno()``, a name or
    attribute spelled as a descriptor (``fd``, ``self.fd``, ``master_fd``, ``fd_out``), or a name
    tested with ``isinstance(x, int)`` by an enclosing ``if``."""
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, (ast.USub, ast.UAdd)):
        expr = expr.operand
    if is_int_literal(expr):
        return True
    if isinstance(expr, ast.Call):
        return isinstance(expr.func, ast.Attribute) and expr.func.attr == "fileno"
    if isinstance(expr, (ast.Name, ast.Attribute)):
        spelled = expr.id if isinstance(expr, ast.Name) else expr.attr
        if _DESCRIPTOR_NAME.match(spelled.lower()):
            return True
        return _tested_as_int(site, expr)
    return False


_DESCRIPTOR_NAME = re.compile(r"^_*(fd|fileno|fdno)$|^_*fd_|_fd$|fileno$")


def _tested_as_int(site: CallSite, expr: ast.expr) -> bool:
    """An enclosing ``if isinstance(expr, int)`` (or ``(int, long)``) whose body holds the call."""
    spelled = ast.unparse(expr)
    path = site.facts.index.path_to(site.node)
    for parent, child in zip(path, path[1:]):
        if not isinstance(parent, ast.If) or not any(child is s for s in parent.body):
            continue
        test = parent.test
        if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "isinstance" \
                and len(test.args) == 2 and ast.unparse(test.args[0]) == spelled:
            kinds = test.args[1]
            names = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
            if any(isinstance(n, ast.Name) and n.id in ("int", "long") for n in names):
                return True
    return False


def _opens_a_path(site: CallSite, first_name: str, closefd_position: Optional[int] = None) -> bool:
    """Not a descriptor, no ``opener=``, and no ``closefd=False`` (with a path, a ValueError)."""
    if site.keyword("opener") is not None:
        return False
    if closefd_position is not None and is_false(site.argument(closefd_position, "closefd")):
        return False
    return not _wraps_descriptor(site, site.argument(0, first_name))


OPEN_HAZARD = "creates a handle that child processes inherit"


@on_call("builtins.open", "builtins.file", reports="NIH101")
def _builtin_open(site: CallSite) -> Iterator[Finding]:
    if _opens_a_path(site, "file", closefd_position=6):
        yield from _fixable(site, "NIH101", OPEN_HAZARD, "open")


@on_call("io.open", reports="NIH101")
def _io_open(site: CallSite) -> Iterator[Finding]:
    if _opens_a_path(site, "file", closefd_position=6):
        yield from _fixable(site, "NIH101", OPEN_HAZARD, "io_open")


@on_call("codecs.open", reports="NIH101")
def _codecs_open(site: CallSite) -> Iterator[Finding]:
    if _opens_a_path(site, "filename"):
        yield from _fixable(site, "NIH101", OPEN_HAZARD, "codecs_open")


@on_call("io.FileIO", reports="NIH101")
def _file_io(site: CallSite) -> Iterator[Finding]:
    if _opens_a_path(site, "file", closefd_position=2):
        yield from _report_only(site, "NIH101", OPEN_HAZARD, "open it with ftools.io_open(path, mode, 0)")


# --------------------------------------------------------------------------- NIH102

register(Rule(
    "NIH102", "os-open-without-cloexec",
    "`os.open(path, flags)` whose flags lack `O_CLOEXEC`/`O_NOINHERIT`", "< 3.4", FixAvailability.ALWAYS,
    safe("the flags get `| ftools.O_CLOEXEC` (`os.O_CLOEXEC`, or `O_NOINHERIT` on Windows, on "
         "Python < 3.4; 0 on 3.4+, where `os.open` is already non-inheritable); the callee stays "
         "`os.open`, so `mock.patch(\"mod.os\")` still intercepts the call, and sees the same "
         "arguments on Python >= 3.4."),
    f"""
    ## What it does
    Flags `os.open(path, flags)` whose flags, written out as `os.O_*` constants and literals,
    contain neither `O_CLOEXEC` nor `O_NOINHERIT`; a flags name built in the same function
    (`flags = os.O_RDWR | os.O_CREAT`, `flags |= os.O_EXCL`) or a module constant of `os.O_*`
    names is read through its values.  Flags computed elsewhere (a parameter, a call other than
    `getattr`) are not judged; any mention of `O_CLOEXEC`/`O_NOINHERIT`
    (`getattr(os, "O_CLOEXEC", 0)` included) counts as handled.

    {LIFETIME}

    ## Why is this bad?
    `os.open` passes the flags to `open(2)` as given on Python < 3.4, so the descriptor is inherited
    by every child.

    ## Example
    ```python
    import os
    import subprocess

    fd = os.open("data.bin", os.O_WRONLY | os.O_CREAT)
    subprocess.call(["tool"])
    ```

    ## Use instead
    ```python
    import os
    import subprocess
    from noinherit_ftools import ftools

    fd = os.open("data.bin", os.O_WRONLY | os.O_CREAT | ftools.O_CLOEXEC)
    subprocess.call(["tool"])
    ```

    ## Versions
    {VERSIONS_BEFORE_34}

    ## References
    - {PEP_446}
    - [`os.open()`](https://docs.python.org/3/library/os.html#os.open)
    """,
))


CLOEXEC_FLAGS = frozenset({"O_CLOEXEC", "O_NOINHERIT"})
OPEN_FLAGS = (
    "O_RDONLY", "O_WRONLY", "O_RDWR", "O_APPEND", "O_CREAT", "O_EXCL", "O_TRUNC", "O_BINARY",
    "O_TEXT", "O_NONBLOCK", "O_NDELAY", "O_SYNC", "O_DSYNC", "O_RSYNC", "O_NOCTTY", "O_NOFOLLOW",
    "O_DIRECTORY", "O_DIRECT", "O_LARGEFILE", "O_NOATIME", "O_PATH", "O_TMPFILE", "O_ASYNC",
    "O_EXLOCK", "O_SHLOCK", "O_SHORT_LIVED", "O_TEMPORARY", "O_RANDOM", "O_SEQUENTIAL",
) + tuple(sorted(CLOEXEC_FLAGS))
known_names(*(f"os.{flag}" for flag in OPEN_FLAGS))  # so that `from os import *` resolves them


def _flags_lack_cloexec(site: CallSite, flags: ast.expr) -> bool:
    """True when `flags` is written out (os.O_* names, literals, operators) without a cloexec flag.

    A name built in the same function (``flags = os.O_RDWR``, ``flags |= os.O_EXCL``) or a module
    constant of such names is read through its values (`noinherit_lint.analysis.bindings`).  Flags
    that come from elsewhere (a parameter, an unknown call) are not judged: False.
    """
    stack = [flags]
    followed = set()
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Constant):
            if node.value in CLOEXEC_FLAGS:  # getattr(os, "O_CLOEXEC", 0)
                return False
            if not isinstance(node.value, (int, str)):
                return False
        elif isinstance(node, (ast.Name, ast.Attribute)):
            spelled = node.id if isinstance(node, ast.Name) else node.attr
            if spelled in CLOEXEC_FLAGS:
                return False
            if not any(q.startswith(("os.O_", "posix.O_", "nt.O_")) for q in site.resolve(node)):
                values = _flag_values(site, node) if getattr(node, "id", None) not in followed else None
                if values is None:
                    return False  # a variable computed elsewhere
                followed.add(node.id)
                stack.extend(values)
        elif isinstance(node, ast.BinOp):
            stack.extend((node.left, node.right))
        elif isinstance(node, ast.UnaryOp):
            stack.append(node.operand)
        elif isinstance(node, ast.Call) and site.refers_to(node.func, "builtins.getattr"):
            stack.extend(node.args[1:2])
            if len(node.args) < 2:
                return False
        else:
            return False
    return True


def _flag_values(site: CallSite, name: ast.expr) -> Optional[list]:
    if not isinstance(name, ast.Name):
        return None
    index = site.facts.index
    function = index.enclosing(index.path_to(site.node), FunctionNode)
    return bindings.flag_values(site.facts.names, site.facts.tree, function, name.id)


@on_call("os.open", reports="NIH102")
def _os_open(site: CallSite) -> Iterator[Finding]:
    flags = site.argument(1, "flags")
    if flags is not None and _flags_lack_cloexec(site, flags):
        yield from _flag_fix(site, "NIH102", "creates a descriptor that child processes inherit", flags,
                             "O_CLOEXEC", "flags")


# --------------------------------------------------------------------------- NIH103

register(Rule(
    "NIH103", "shutil-copy-inheritable",
    "`shutil.copyfile`, `copy`, `copy2`, `copytree`, `move`", "< 3.4", FixAvailability.SOMETIMES,
    unsafe(f"`copyfile`/`copy`/`copy2` become `ftools.*` (same return value); {CALLEE_SWAP}; "
           f"{CALLEE_SWAP_UNSAFE}.  `copytree` and `move` have no fix (2.7's `copytree` has no "
           "`copy_function`)."),
    f"""
    ## What it does
    Flags `shutil.copyfile`, `copy`, `copy2`, `copytree` and `move` in a module that starts a
    thread whose code spawns (`threading.Thread(target=f)` where `f` starts a child): the files
    a copy opens live only during the call, so only another thread can start a child meanwhile.
    `shutil.copyfileobj` (which takes open objects and creates nothing) is not flagged.

    {LIFETIME}

    ## Why is this bad?
    They open the source and destination with builtin `open`, which is inheritable on Python
    < 3.4; a child spawned by another thread during a long copy holds both files.

    ## Example
    ```python
    import os
    import shutil
    import threading

    threading.Thread(target=lambda: os.system("make")).start()
    shutil.copyfile("src.db", "backup.db")
    ```

    ## Use instead
    ```python
    import os
    import threading
    from noinherit_ftools import ftools

    threading.Thread(target=lambda: os.system("make")).start()
    ftools.copyfile("src.db", "backup.db")
    ```

    ## Versions
    {VERSIONS_BEFORE_34}

    ## References
    - {PEP_446}
    - [`shutil`](https://docs.python.org/3/library/shutil.html)
    """,
))


COPY_HAZARD = "opens files that child processes inherit"
COPY_WINDOW = "another thread of this module may start a child during the copy"


def _during_copy(site: CallSite) -> Optional[Hazard]:
    """The files a copy opens live only during the call: a child can get them only from another
    thread that spawns meanwhile (`noinherit_lint.analysis.threads`)."""
    if creation_hazard(site.facts.index, site.node, site.callee, close_fds_default=False) is None:
        return None
    return Hazard("threads", COPY_WINDOW) if site.facts.threads.threads_spawn else None


@on_call("shutil.copyfile", "shutil.copy", "shutil.copy2", reports="NIH103")
def _shutil_copy(site: CallSite) -> Iterator[Finding]:
    yield from _fixable(site, "NIH103", COPY_HAZARD, site.qualname.rpartition(".")[2], _during_copy)


@on_call("shutil.copytree", "shutil.move", reports="NIH103")
def _shutil_tree(site: CallSite) -> Iterator[Finding]:
    yield from _report_only(site, "NIH103", COPY_HAZARD, "copy with ftools.copy2 (copy_function= on 3.2+)",
                            _during_copy)


# --------------------------------------------------------------------------- NIH104

register(Rule(
    "NIH104", "inheritable-socket",
    "`socket.socket`, `create_connection`, `socketpair`, `fromfd`; `socketserver`/`SocketServer` "
    "servers, `BaseHTTPServer.HTTPServer`, `SimpleXMLRPCServer`", "< 3.4", FixAvailability.SOMETIMES,
    unsafe(f"`socket`, `create_connection`, `socketpair` and `fromfd` become `ftools.*`, which return "
           f"`socket.socket` objects; {CALLEE_SWAP}; {CALLEE_SWAP_UNSAFE}.  Linux only "
           "(`platforms = [\"linux\"]`): `socket.socket(family, type)` keeps its callee and gets "
           "`type | ftools.SOCK_CLOEXEC` instead, a safe fix (`SOCK_CLOEXEC` is atomic on Linux only; "
           "elsewhere ftools marks the socket itself).  The servers have no fix."),
    f"""
    ## What it does
    Flags `socket.socket`, `socket.create_connection`, `socket.socketpair`, `socket.fromfd` and the
    stdlib servers that create a listening socket (`socketserver`/`SocketServer` TCP/UDP/Unix
    servers, `BaseHTTPServer.HTTPServer` / `http.server.HTTPServer`, `SimpleXMLRPCServer`).  A
    type argument that mentions `SOCK_CLOEXEC` (`SOCK_DGRAM | SOCK_CLOEXEC`) creates the socket
    close-on-exec and is not flagged.

    {LIFETIME}

    ## Why is this bad?
    An inherited listening socket keeps the port bound after the parent exits and lets the child
    accept connections; an inherited connected socket never sees the peer close.

    ## Example
    ```python
    import socket
    import subprocess

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ```

    ## Use instead
    ```python
    import socket
    import subprocess
    from noinherit_ftools import ftools

    listener = ftools.socket(socket.AF_INET, socket.SOCK_STREAM)
    ```

    A server has no drop-in: override `server_bind()` to make its socket non-inheritable.

    ## Versions
    {VERSIONS_BEFORE_34}

    ## References
    - {PEP_446}
    - [`socket.socket`](https://docs.python.org/3/library/socket.html#socket.socket)
    """,
    other_fix_safety=(safe(SOCK_CLOEXEC_SAFE),),
))


SOCKET_HAZARD = "creates a socket that child processes inherit"

SERVERS = tuple(
    f"socketserver.{name}"
    for name in ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer",
                 "ThreadingTCPServer", "ThreadingUDPServer", "ForkingTCPServer", "ForkingUDPServer",
                 "ThreadingUnixStreamServer", "ThreadingUnixDatagramServer")
) + ("http.server.HTTPServer", "http.server.ThreadingHTTPServer",
     "xmlrpc.server.SimpleXMLRPCServer", "xmlrpc.server.DocXMLRPCServer")


SOCKET_TYPE_POSITION = {"socket.socket": 1, "socket.socketpair": 1, "socket.fromfd": 2}


@on_call("socket.socket", "socket.create_connection", "socket.socketpair", "socket.fromfd", reports="NIH104")
def _socket(site: CallSite) -> Iterator[Finding]:
    position = SOCKET_TYPE_POSITION.get(site.qualname)
    kind = site.argument(position, "type") if position is not None else None
    if kind is not None and mentions(kind, "SOCK_CLOEXEC"):
        return  # created close-on-exec (Linux 2.6.27+), as NIH102 reads O_CLOEXEC
    if site.qualname == "socket.socket" and kind is not None and site.settings.platforms == frozenset({"linux"}):
        # atomic on Linux: the type gets the runtime flag, the callee stays
        yield from _flag_fix(site, "NIH104", SOCKET_HAZARD, kind, "SOCK_CLOEXEC", "type", safe(SOCK_CLOEXEC_SAFE))
        return
    yield from _fixable(site, "NIH104", SOCKET_HAZARD, site.qualname.rpartition(".")[2])


@on_call(*SERVERS, reports="NIH104")
def _server(site: CallSite) -> Iterator[Finding]:
    yield from _report_only(
        site, "NIH104", "creates a listening socket that child processes inherit",
        "make it non-inheritable in server_bind()",
    )


# --------------------------------------------------------------------------- NIH105

RUNTIME_CLASS_PATH = "noinherit_ftools.ftools."
DICT_CONFIG_SAFETY = unsafe(
    "the class string becomes `noinherit_ftools.ftools.<same name>`, a subclass that takes the same "
    "arguments; dictConfig imports that path when it configures logging, so it needs the "
    "noinherit_ftools distribution installed where the program runs (a vendored copy of the runtime has "
    "another module path): review before applying.")


register(Rule(
    "NIH105", "inheritable-logging-handler",
    "`logging.FileHandler`, `RotatingFileHandler`, `TimedRotatingFileHandler`, `WatchedFileHandler`, "
    "`SocketHandler`, `DatagramHandler`, `SysLogHandler`; `logging.basicConfig(filename=...)`",
    "< 3.4", FixAvailability.SOMETIMES,
    unsafe("the handler classes become the `ftools` subclasses of the same name, which take the same "
           "arguments, so `isinstance` checks and `handler.baseFilename` keep working; "
           f"{CALLEE_SWAP_UNSAFE}.  `SysLogHandler` and `basicConfig(filename=...)` have no fix."),
    f"""
    ## What it does
    Flags `logging.FileHandler` and `logging.handlers.RotatingFileHandler`,
    `TimedRotatingFileHandler`, `WatchedFileHandler`, `SocketHandler`, `DatagramHandler`,
    `SysLogHandler`, and `logging.basicConfig(filename=...)`; and, in a module that calls
    `logging.config.dictConfig`, every dict entry `"class": "logging.FileHandler"` (or one of the
    `logging.handlers` classes above) at the string, whose fix is the runtime's class path
    `"noinherit_ftools.ftools.FileHandler"` (unsafe: it needs the distribution installed).  A
    dictionary that is configured from another module (Django's `LOGGING` setting) or a
    `fileConfig` file is not seen.

    {LIFETIME}

    ## Why is this bad?
    The handler keeps its log file or socket open for the life of the program, so every child
    inherits it; on Windows a rollover then fails because a child still holds the file.

    ## Example
    ```python
    import logging
    import subprocess

    logging.getLogger().addHandler(logging.FileHandler("worker.log"))
    ```

    ## Use instead
    ```python
    import logging
    import subprocess
    from noinherit_ftools import ftools

    logging.getLogger().addHandler(ftools.FileHandler("worker.log"))
    ```

    ## Versions
    {VERSIONS_BEFORE_34}

    ## References
    - {PEP_446}
    - [`logging.FileHandler`](https://docs.python.org/3/library/logging.handlers.html#filehandler)
    """,
    other_fix_safety=(DICT_CONFIG_SAFETY,),
))


HANDLER_HAZARD = "keeps a file or socket open that child processes inherit"
FIXABLE_HANDLERS = ("FileHandler", "RotatingFileHandler", "TimedRotatingFileHandler",
                    "WatchedFileHandler", "SocketHandler", "DatagramHandler")


@on_call("logging.FileHandler", *(f"logging.handlers.{name}" for name in FIXABLE_HANDLERS[1:]),
         reports="NIH105")
def _handler(site: CallSite) -> Iterator[Finding]:
    yield from _fixable(site, "NIH105", HANDLER_HAZARD, site.qualname.rpartition(".")[2])


# dictConfig "class" strings -> the runtime class of the same name (dictConfig imports the path).
HANDLER_CLASS_STRINGS = {
    **{f"logging.handlers.{name}": name for name in FIXABLE_HANDLERS[1:]},
    "logging.FileHandler": "FileHandler",
}


def _handler_class_strings(tree: ast.AST):
    """``"class": "logging.FileHandler"`` entries of dict displays (dictConfig's handler dicts)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "class" and \
                        isinstance(value, ast.Constant) and value.value in HANDLER_CLASS_STRINGS:
                    yield value


@on_call("logging.config.dictConfig", reports="NIH105")
def _dict_config(site: CallSite) -> Iterator[Finding]:
    settings = site.settings
    if not settings.before(3, 4) or (settings.scope == "module" and not site.facts.spawns_or_uses_threads):
        return
    if every_spawn_closes_all(site.facts.index, close_fds_default=not settings.before(3, 2)):
        return  # no child of this module gets a descriptor, as for the other NIH1xx
    for string in _handler_class_strings(site.facts.tree):
        name = HANDLER_CLASS_STRINGS[string.value]
        fix = Fix(FixKind.REPLACE, Span.of(string), f'"{RUNTIME_CLASS_PATH}{name}"', DICT_CONFIG_SAFETY)
        yield site.report(
            "NIH105",
            f"dictConfig handler class {string.value} {HANDLER_HAZARD} {VERSION_TEXT}: a handler lives as "
            f"long as its logger, so a child started later gets it; use {RUNTIME_CLASS_PATH}{name}",
            fix, node=string, version_gated=True,
        )


@on_call("logging.handlers.SysLogHandler", reports="NIH105")
def _syslog(site: CallSite) -> Iterator[Finding]:
    yield from _report_only(site, "NIH105", HANDLER_HAZARD, "make its socket non-inheritable")


@on_call("logging.basicConfig", reports="NIH105")
def _basic_config(site: CallSite) -> Iterator[Finding]:
    if site.keyword("filename") is not None:
        yield from _report_only(
            site, "NIH105", "with filename= opens a log file that child processes inherit",
            "add an ftools.FileHandler instead",
        )


# --------------------------------------------------------------------------- NIH106

register(Rule(
    "NIH106", "inheritable-pipe-or-dup",
    "`os.pipe`, `os.dup`, `os.openpty`, `pty.openpty`, `select.epoll`", "< 3.4", FixAvailability.SOMETIMES,
    unsafe(f"`pipe`/`dup`/`openpty` become `ftools.*` (the same descriptor numbers); {CALLEE_SWAP}; "
           f"{CALLEE_SWAP_UNSAFE}.  `epoll` has no fix."),
    f"""
    ## What it does
    Flags `os.pipe`, `os.dup`, `os.openpty`, `pty.openpty` and `select.epoll`
    (`epoll = getattr(select, "epoll")` included).  `select.kqueue` is not flagged: a kqueue
    descriptor is not inherited by a forked child (kqueue(2)), so it cannot leak.  FD_CLOEXEC set
    by the next statements (`fcntl(fd, F_SETFD, FD_CLOEXEC)`, a helper named like
    `close_on_exec`) is reported only where a thread of the module spawns: the window between the
    two calls races.

    {LIFETIME}

    ## Why is this bad?
    Both ends of a pipe are inherited: a child holding the write end keeps the reader from ever
    seeing EOF.  Duplicated descriptors, pty ends and epoll descriptors leak the same way.

    ## Example
    ```python
    import os
    import subprocess

    read_end, write_end = os.pipe()
    ```

    ## Use instead
    ```python
    import subprocess
    from noinherit_ftools import ftools

    read_end, write_end = ftools.pipe()
    ```

    ## Versions
    {VERSIONS_BEFORE_34}  POSIX: `os.pipe` is already non-inheritable on Windows.

    ## References
    - {PEP_446}
    - {FD_INHERITANCE}
    """,
))


@on_call("os.pipe", "os.dup", "os.openpty", "pty.openpty", reports="NIH106")
def _pipe(site: CallSite) -> Iterator[Finding]:
    yield from _fixable(site, "NIH106", "creates descriptors that child processes inherit",
                        site.qualname.rpartition(".")[2])


@on_call("select.epoll", reports="NIH106")
def _poller(site: CallSite) -> Iterator[Finding]:
    yield from _report_only(site, "NIH106", "creates a descriptor that child processes inherit",
                            "set FD_CLOEXEC on its fileno()")
