"""Does a call that is given a handle keep it, or use it and let it go?

`ownership(index, call)` answers for a call that gets a handle as an argument (``csv.reader(f)``,
``json.load(f)``, ``IOStream(sock)``), for the lifetime analysis (`noinherit_lint.analysis.lifetime`):

- ``KEEPS``: the call makes an object that holds the handle whatever happens to the call's result
  (the object may register itself elsewhere): a capitalised callee we cannot see (a class:
  ``IOStream(sock)``, ``logging.StreamHandler(f)``) or a storing method (``handles.append(f)``);
- ``KEEPS_IF_KEPT``: the call's result may hold the handle, so the handle lives as long as the
  result: a stdlib wrapper known to keep its file (`WRAPPERS`), or any other call we know nothing
  about (``foo(f)``, ``self.parse(f)``): when the result is dropped the handle goes with it, when it
  is kept (bound, stored, returned) the handle is open as long as it is;
- ``CONSUMES``: the call is known to use the handle and let it go before it returns, returning
  data or nothing (`CONSUMERS`, ``"".join``), or is a function of the module whose parameter is
  only used through its attributes (``def parse(fh): return fh.read()``), closed, or given to a
  consumer: the handle is open only during the call.

A handle's own methods (``open(p).read()``) are not asked about: the lifetime analysis treats a
method of the handle as using it for one statement.
"""

from __future__ import annotations

import ast
import enum
from typing import Callable, Dict, Optional, Tuple

from noinherit_lint.analysis.index import ModuleIndex


class Ownership(enum.Enum):
    KEEPS = "keeps"
    KEEPS_IF_KEPT = "keeps-if-kept"
    CONSUMES = "consumes"


# Calls known to use a handle given to them and keep no reference to it once they return
# (qualified name -> why).  Everything else that is lowercase may keep it in its result.
_READ_ALL = "reads the whole file and returns the data, keeping no reference to the file"
_WRITE_ALL = "writes to the file and returns None, keeping no reference to it"
_BUILTIN = "iterates the argument or looks at it and returns new data (or None)"
CONSUMERS: Dict[str, str] = {
    **{name: _READ_ALL for name in (
        "json.load", "pickle.load", "marshal.load", "plistlib.load", "tomllib.load", "tomli.load",
        "yaml.load", "yaml.safe_load", "yaml.full_load", "yaml.unsafe_load",  # not load_all: a generator
        "email.message_from_file", "email.message_from_binary_file",
        "xml.etree.ElementTree.parse", "xml.dom.minidom.parse", "lxml.etree.parse", "hashlib.file_digest")},
    **{name: _WRITE_ALL for name in (
        "json.dump", "pickle.dump", "marshal.dump", "plistlib.dump", "shutil.copyfileobj")},
    **{"builtins." + name: _BUILTIN for name in (
        "list", "tuple", "set", "frozenset", "sorted", "len", "sum", "min", "max", "any", "all", "next",
        "str", "repr", "bytes", "bytearray", "bool", "int", "isinstance", "hasattr", "id", "hash", "type",
        "print", "callable")},  # not iter, enumerate, zip, map, filter, reversed, dict: they keep it
}
# Modules whose functions take descriptors as numbers and return data, a number or None
# (``os.read(fd, n)``, ``os.fstat(fd)``, ``fcntl.fcntl(fd, ...)``, ``tty.setraw(fd)``); a new
# descriptor (``os.dup(fd)``) is a creation of its own.  os.fdopen, which closes the descriptor it
# is given, is a wrapper (`WRAPPERS`, looked at first).
CONSUMING_MODULES: Tuple[str, ...] = ("os.", "fcntl.", "termios.", "tty.")
# Methods (by name, whatever the object) that use their argument and return data: ``"".join(f)``.
CONSUMING_METHODS: Dict[str, str] = {"join": "joins the lines it iterates into a new string",
                                     "format": "formats its arguments into a new string"}

# Stdlib calls whose result holds the file given to it, whatever the case of their name (a
# lowercase one would otherwise read like a function that uses it).  Documented for the reader
# and the tests: every lowercase call that is not a consumer is treated the same way.
WRAPPERS: Tuple[str, ...] = (
    "csv.reader", "csv.writer", "csv.DictReader", "csv.DictWriter",
    "io.TextIOWrapper", "io.BufferedReader", "io.BufferedWriter", "io.BufferedRandom", "io.BufferedRWPair",
    "gzip.GzipFile", "gzip.open", "bz2.BZ2File", "bz2.open", "lzma.LZMAFile", "lzma.open",
    "zipfile.ZipFile", "tarfile.open", "tarfile.TarFile",
    "codecs.StreamReaderWriter", "codecs.StreamReader", "codecs.StreamWriter", "codecs.EncodedFile",
    "codecs.getreader", "codecs.getwriter",  # codecs.getreader("utf-8")(f): the reader keeps f
    "os.fdopen", "io.open", "io.FileIO",  # a file object that closes the descriptor it is given
)
# Not a wrapper: mmap.mmap(fd, n) duplicates the descriptor; the one it is given is not closed with it.

STORING_METHODS = frozenset({"append", "add", "extend", "insert", "put", "put_nowait", "setdefault",
                             "appendleft", "register", "addHandler"})


def ownership(index: ModuleIndex, call: ast.Call, holds: Optional[Callable[[ast.expr], bool]] = None,
              depth: int = 0) -> Ownership:
    """What `call` does with the handle in the arguments for which `holds` is true (default: any)."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in STORING_METHODS:
        return Ownership.KEEPS
    names = _callee_names(index, call)
    if any(name in WRAPPERS for name in names):
        return Ownership.KEEPS_IF_KEPT
    if any(name in CONSUMERS or name.startswith(CONSUMING_MODULES) for name in names):
        return Ownership.CONSUMES
    if isinstance(func, ast.Attribute) and func.attr in CONSUMING_METHODS:
        return Ownership.CONSUMES
    leaf = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if leaf and leaf[0].isupper():
        return Ownership.KEEPS
    if isinstance(func, ast.Name) and depth < 3 and _module_function_consumes(index, call, holds, depth):
        return Ownership.CONSUMES
    return Ownership.KEEPS_IF_KEPT


def _module_function_consumes(index: ModuleIndex, call: ast.Call, holds: Optional[Callable[[ast.expr], bool]],
                              depth: int) -> bool:
    """``parse(f)`` where every ``def parse(fh)`` of the module only uses ``fh`` through its
    attributes (``fh.read()``), tests it (``if not fh``), closes it, or gives it to a consumer: it
    keeps no reference.  Only the parameters that get a handle (`holds`) are looked at."""
    def handle(arg: ast.expr) -> bool:
        return holds is None or holds(arg)

    targets = index.local_targets(call, None)
    if not targets:
        return False
    for function in targets:
        parameters = [a.arg for a in list(getattr(function.args, "posonlyargs", [])) + list(function.args.args)]
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return False  # f(*args), f(**kwargs): which parameter gets the handle is not known
        given = [a for a in call.args if handle(a)] + [k.value for k in call.keywords if handle(k.value)]
        receiving = [parameters[i] for i, a in enumerate(call.args) if handle(a) and i < len(parameters)]
        receiving += [k.arg for k in call.keywords if handle(k.value) and k.arg in parameters]
        if len(receiving) != len(given) or not all(_only_used(index, function, p, depth) for p in receiving):
            return False
    return True


def _only_used(index: ModuleIndex, function: ast.AST, name: str, depth: int) -> bool:
    """Every mention of `name` in `function` is ``name.attr`` or an argument of a consumer call
    (memoised per function and name)."""
    memo = index.memo.setdefault("owners.only_used", {})
    key = (id(function), name)
    if key not in memo:
        memo[key] = False  # while it is being decided (a recursive call): keeps
        memo[key] = _decide_only_used(index, function, name, depth)
    return memo[key]


def _decide_only_used(index: ModuleIndex, function: ast.AST, name: str, depth: int) -> bool:
    parents = {}
    for node in ast.walk(function):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    for node in ast.walk(function):
        if node is function or not isinstance(node, (ast.Name, ast.Lambda) + FUNCTIONS):
            continue
        if not isinstance(node, ast.Name):
            if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node)):
                return False  # captured by a nested function
            continue
        if node.id != name:
            continue
        if not isinstance(node.ctx, ast.Load):
            continue  # rebound (``fh = sys.stdin``): its other uses are still looked at
        parent = parents.get(id(node))
        if isinstance(parent, ast.Attribute) and parent.value is node:
            continue
        if isinstance(parent, (ast.Compare, ast.UnaryOp)) or \
                (isinstance(parent, (ast.If, ast.While, ast.IfExp, ast.Assert)) and parent.test is node):
            continue  # ``if not fh``, ``fh is None``: a test keeps nothing
        if isinstance(parent, ast.Call) and node in parent.args and \
                ownership(index, parent, lambda arg: arg is node, depth + 1) is Ownership.CONSUMES:
            continue
        return False
    return True


FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def consumes(index: ModuleIndex, call: ast.Call, holds: Optional[Callable[[ast.expr], bool]] = None) -> bool:
    return ownership(index, call, holds) is Ownership.CONSUMES


def _callee_names(index: ModuleIndex, call: ast.Call) -> Tuple[str, ...]:
    """The call's qualified names; for ``codecs.getreader("utf-8")(f)`` those of the inner call."""
    if isinstance(call.func, ast.Call):
        return index.callee(call.func)
    return index.callee(call)
