"""Where descriptors were made: call stacks and the creation records the sanitizer keeps.

Three sources, most exact first:

* a wrapper saw the call return the descriptor (``os.pipe``, ``os.dup2``, 2.7's
  ``open``...): recorded by number, with the identity (``st_dev``, ``st_ino``) it had,
  so a number reused later by something else is not attributed to the old call;
* an audit event handed over the socket *object* (``socket.__new__``): its
  ``fileno()`` at the spawn gives the number;
* an ``open`` audit event only names the path (the descriptor does not exist yet when
  the event is raised): matched at the spawn with the descriptor's path, the most
  recent open of that path winning.

Runs unchanged on CPython 2.7 and 3.6+.  No locks: single dict operations are atomic
under the GIL, and a lock held by another thread at ``fork()`` would deadlock the child.
"""

import os
import sys
import weakref

#: Frames kept: a spawn's stack is shown, a creation mostly needs its site.
MAX_FRAMES = 20
MAX_CREATION_FRAMES = 4
MAX_PATHS = 4096
#: O_TMPFILE on Linux (os.O_TMPFILE is missing before 3.4): the "open" event names the
#: directory and the descriptor's link reads "DIR/#INODE (deleted)".
_O_TMPFILE = getattr(os, "O_TMPFILE", 0o20200000)
_TMPFILE_KEY = "#O_TMPFILE"
_DELETED = " (deleted)"


def capture(frame, limit=MAX_CREATION_FRAMES):
    """The stack as ``[(filename, line, function), ...]`` from the innermost frame outside
    the library (see :func:`is_library`; ``frame`` itself if there is none) outwards.

    The library frames inside are skipped by their module's globals: on 3.8+ reading a
    frame's ``f_code`` raises an audit event (``object.__getattr__``), which costs a call
    of every audit hook, so only the frames kept are read.
    """
    start = frame
    while frame is not None and _module_is_library(frame.f_globals):
        frame = frame.f_back
    if frame is None:
        frame = start
    stack = []
    while frame is not None and len(stack) < limit:
        code = frame.f_code
        stack.append((code.co_filename, frame.f_lineno, code.co_name))
        frame = frame.f_back
    return stack


def _root(path):
    return os.path.normcase(os.path.dirname(os.path.realpath(path))) + os.sep


#: This runtime's own folder, wherever it is installed (a source tree, an editable
#: install, site-packages, a copy vendored into a project): every file in it is the
#: runtime's, so its frames are never "the line" of a leak.
_RUNTIME_ROOT = _root(__file__)
#: The standard library's folder; the third-party packages installed under it
#: (``lib/pythonX.Y/site-packages`` of pyenv or a framework build) are not the library.
_STDLIB_ROOT = _root(os.__file__)
_THIRD_PARTY = ("site-packages" + os.sep, "dist-packages" + os.sep)
_library_cache = {}   # filename -> bool
_module_cache = {}    # a module's __file__ -> bool
_library_files = set()  # files of vendored ftools copies, found by their module name


def is_library(filename):
    """True for this runtime (wherever it is installed), the standard library (not the
    packages installed under it), frozen modules and a vendored ``ftools``: frames
    skipped when a report names "the line" of a creation or spawn."""
    known = _library_cache.get(filename)
    if known is None:
        if filename[:1] == "<" or filename in _library_files:
            known = True
        else:
            name = os.path.normcase(os.path.realpath(filename))
            known = name.startswith(_RUNTIME_ROOT) or (
                name.startswith(_STDLIB_ROOT)
                and not name[len(_STDLIB_ROOT):].startswith(_THIRD_PARTY))
        _library_cache[filename] = known
    return known


def _module_is_library(module_globals):
    """:func:`is_library` for a frame, from its module's ``__name__`` and ``__file__``."""
    filename = module_globals.get("__file__")
    known = _module_cache.get(filename)
    if known is None:
        name = module_globals.get("__name__") or ""
        if filename is None:  # frozen importlib; __main__ of `python -c`; exec'd code
            return name.startswith(("_frozen_importlib", "importlib"))
        if name == "ftools" or name.endswith(".ftools"):  # `noinherit-fix --vendor` copy
            source = os.path.splitext(filename)[0] + ".py"
            _library_files.update((filename, source))
            _library_cache.pop(source, None)
            known = True
        else:
            known = is_library(filename)
        _module_cache[filename] = known
    return known


def site(stack):
    """The innermost frame of ``stack`` outside the library (else the innermost)."""
    for frame in stack:
        if not is_library(frame[0]):
            return frame
    return stack[0] if stack else None


def _path_text(path):
    """The path as absolute text (bytes decoded; not normalised: that is done only when
    a report looks for it), or None for a descriptor."""
    if not isinstance(path, str):
        if hasattr(os, "fspath"):
            try:
                path = os.fspath(path)
            except TypeError:  # open(fd)
                return None
        if isinstance(path, bytes) and not isinstance(path, str):
            path = path.decode(sys.getfilesystemencoding() or "utf-8", "replace")
        elif not isinstance(path, str):
            try:  # unicode on 2.7
                path = path.encode(sys.getfilesystemencoding() or "utf-8")
            except (AttributeError, UnicodeError):
                return None
    if path[:1] == os.sep:
        return path
    return os.path.join(os.getcwd(), path)


class Creation(object):
    """How a descriptor came to be: the call (``"os.pipe"``) and its stack."""

    __slots__ = ("call", "stack", "how")

    def __init__(self, call, stack, how):
        self.call = call
        self.stack = stack
        self.how = how  # "fd" (exact), "socket" (exact) or "path" (matched by path)

    def to_json(self):
        where = site(self.stack)
        return {"call": self.call, "how": self.how, "site": list(where) if where else None,
                "stack": [list(frame) for frame in self.stack]}


class Tracker(object):
    """The creation records of one process (copied into forked children)."""

    def __init__(self, identity):
        self._identity = identity   # fd -> (st_dev, st_ino, type) or None
        self.by_fd = {}             # fd -> (identity, Creation)
        self.marked = {}            # fd -> (identity, Creation): made inheritable
        self.by_path = {}           # absolute path -> Creation
        self.sockets = {}           # id(socket) -> (weakref, Creation)

    # -- recording ------------------------------------------------------------------
    def created(self, fd, call, stack):
        self.by_fd[fd] = (self._identity(fd), Creation(call, stack, "fd"))
        self.marked.pop(fd, None)

    def made_inheritable(self, fd, call, stack):
        self.marked[fd] = (self._identity(fd), Creation(call, stack, "fd"))

    def opened(self, path, flags, call, stack):
        key = _path_text(path)
        if key is None:
            return
        if flags and flags & _O_TMPFILE == _O_TMPFILE:
            key = os.path.join(os.path.normpath(key), _TMPFILE_KEY)
        by_path = self.by_path
        by_path.pop(key, None)  # re-insert: most recent last
        by_path[key] = Creation(call, stack, "path")
        if len(by_path) > MAX_PATHS:
            for old in list(by_path)[:MAX_PATHS // 2]:
                by_path.pop(old, None)

    def socket_made(self, sock, call, stack):
        key = id(sock)
        sockets = self.sockets

        def forget(_ref, key=key):
            sockets.pop(key, None)
        try:
            sockets[key] = (weakref.ref(sock, forget), Creation(call, stack, "socket"))
        except TypeError:  # not weak-referenceable
            pass

    # -- lookups at a spawn ---------------------------------------------------------
    def creation(self, fd, identity, path=None):
        """The :class:`Creation` of ``fd`` (``identity`` is its current one), or None."""
        record = self.by_fd.get(fd)
        if record is not None and record[0] == identity:
            return record[1]
        for ref, creation in list(self.sockets.values()):
            sock = ref()
            if sock is not None and _fileno(sock) == fd:
                return creation
        if path:
            return self._by_path(path)
        return None

    def marking(self, fd, identity):
        record = self.marked.get(fd)
        if record is not None and record[0] == identity:
            return record[1]
        return None

    def _by_path(self, target):
        """The most recent open of ``target`` (a /proc link: absolute, resolved)."""
        deleted = target.endswith(_DELETED)
        if deleted:
            target = target[:-len(_DELETED)]
        folder, name = os.path.split(target)
        tmpfile = os.path.join(folder, _TMPFILE_KEY) if deleted and name.startswith("#") \
            else None
        for key, creation in reversed(list(self.by_path.items())):
            if key == target or key == tmpfile or (
                    os.path.basename(key) == name and target in (os.path.normpath(key),
                                                                 os.path.realpath(key))):
                return creation
        return None


def _fileno(sock):
    try:
        return sock.fileno()
    except Exception:  # closed (2.7 raises socket.error on a closed socket)
        return -1
