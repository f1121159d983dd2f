"""Name-resolution misses resolved by `extend_module_bindings` and `flag_values`."""

import ast
import textwrap

import pytest

from noinherit_lint.analysis.bindings import flag_values
from noinherit_lint.names import extend_module_bindings
from noinherit_lint import checker  # noqa: F401  (registers the rules, so star_exports knows their names)
from noinherit_lint.registry import star_exports
from noinherit_lint.names import ModuleNames


def resolved(source: str, expression: str):
    tree = ast.parse(textwrap.dedent(source))
    names = ModuleNames(tree, star_exports())
    extend_module_bindings(names, tree)
    return names.qualnames(ast.parse(expression, mode="eval").body, names.module_scope)


@pytest.mark.parametrize("source, expression, expected", [
    ("try:\n    import pty\nexcept ImportError:\n    pty = None\n", "pty.fork", ("pty.fork",)),
    ("subprocess = None\ntry:\n    import subprocess\nexcept ImportError:\n    pass\n", "subprocess.Popen",
     ("subprocess.Popen",)),
    ("try:\n    from os import closerange\nexcept ImportError:\n    def closerange(lo, hi):\n        pass\n",
     "closerange", ("os.closerange",)),
    ("builtin_open = open\n", "builtin_open", ("builtins.open",)),
    ("import shutil\nmove = shutil.move\n", "move", ("shutil.move",)),
    ("import select\nepoll = getattr(select, 'epoll')\n", "epoll", ("select.epoll",)),
    ("import select\nepoll = getattr(select, 'epoll', None)\n", "epoll", ("select.epoll",)),
    ("import select\n", "getattr(select, 'epoll')", ("select.epoll",)),  # called directly: getattr(...)()
    ("import os\n", "getattr(os.path, 'join')", ("os.path.join",)),
    # an import, or the object assigned when it fails (either may be what runs)
    ("try:\n    import SimpleHTTPServer\nexcept ImportError:\n    import http.server\n"
     "    SimpleHTTPServer = http.server\n", "SimpleHTTPServer.SimpleHTTPRequestHandler",
     ("http.server.SimpleHTTPRequestHandler",)),
    ("import subprocess\ntry:\n    from subprocess32 import Popen\nexcept ImportError:\n"
     "    Popen = subprocess.Popen\n", "Popen", ("subprocess32.Popen", "subprocess.Popen")),
])
def test_resolved(source, expression, expected):
    assert resolved(source, expression) == expected


@pytest.mark.parametrize("source, expression", [
    ("try:\n    import pty\nexcept ImportError:\n    pty = None\npty = object()\n", "pty.fork"),
    ("import pty\ndef f():\n    global pty\n    pty = None\n", "pty.fork"),
    ("builtin_open = open\nbuiltin_open = print\n", "builtin_open"),
    ("def open(p):\n    pass\nbuiltin_open = open\n", "builtin_open"),
    ("import gzip\nopen = gzip.open\nf = open\n", "f"),  # gzip.open is not a rule's name: still resolved
    ("import select\nepoll = getattr(select, name)\n", "epoll"),
    ("import select\ngetattr = print\n", "getattr(select, 'epoll')"),  # not the builtin
    ("import select\n", "getattr(select, 'epoll', None, 1)"),
    ("try:\n    from os import closerange\nexcept ImportError:\n    pass\ndef closerange(lo, hi):\n    pass\n",
     "closerange"),
    ("x = None\n", "x"),
    # the fallback is not a name that resolves, or is assigned twice with a None
    ("try:\n    import SimpleHTTPServer\nexcept ImportError:\n    SimpleHTTPServer = load()\n",
     "SimpleHTTPServer.SimpleHTTPRequestHandler"),
    ("try:\n    import pty\nexcept ImportError:\n    pty = None\n    pty = make()\n", "pty.fork"),
])
def test_not_resolved_to_a_stdlib_name(source, expression):
    result = resolved(source, expression)
    assert result in ((), ("gzip.open",))


def values(source: str, name: str, function: str = "f"):
    tree = ast.parse(textwrap.dedent(source))
    names = ModuleNames(tree, star_exports())
    node = next((n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function), None)
    found = flag_values(names, tree, node, name)
    return None if found is None else [ast.unparse(v) for v in found]


def test_flags_built_in_the_function():
    source = ("import os\ndef f(path, excl):\n    flags = os.O_WRONLY | os.O_CREAT\n    if excl:\n"
              "        flags |= os.O_EXCL\n    return os.open(path, flags)\n")
    assert values(source, "flags") == ["os.O_WRONLY | os.O_CREAT", "os.O_EXCL"]


def test_flags_from_a_module_constant():
    source = "import os\nFLAGS = os.O_RDWR | os.O_CREAT\ndef f(p):\n    return os.open(p, FLAGS)\n"
    assert values(source, "FLAGS") == ["os.O_RDWR | os.O_CREAT"]


@pytest.mark.parametrize("source", [
    "import os\ndef f(p, flags):\n    return os.open(p, flags)\n",  # a parameter
    "import os\ndef f(p):\n    for flags in (1, 2):\n        os.open(p, flags)\n",
    "import os\ndef f(p):\n    flags = os.O_RDWR\n    flags &= ~os.O_CLOEXEC\n    return os.open(p, flags)\n",
    "import os\nflags = 1\nflags = 2\ndef f(p):\n    return os.open(p, flags)\n",
])
def test_flags_we_cannot_read(source):
    assert values(source, "flags") is None
