"""Which calls keep a handle they are given (`noinherit_lint.analysis.owners`), and the lifetime
of a handle given straight to one."""

import ast

import pytest

from noinherit_lint.analysis.lifetime import Lifetime, classify
from noinherit_lint.analysis.owners import Ownership, ownership
from tests.analysis.helpers import call_at, index_of

HEADER = "import codecs, csv, gzip, io, json, os, pickle, subprocess\nfrom csv import reader as rd\n"


@pytest.mark.parametrize("call, expected", [
    ("csv.reader(f)", Ownership.KEEPS_IF_KEPT),
    ("rd(f)", Ownership.KEEPS_IF_KEPT),  # csv.reader under another name
    ("io.TextIOWrapper(f)", Ownership.KEEPS_IF_KEPT),  # a known wrapper: not kept when its result is not
    ("codecs.getreader('utf-8')(f)", Ownership.KEEPS_IF_KEPT),
    ("foo(f)", Ownership.KEEPS_IF_KEPT),
    ("self.parse(f)", Ownership.KEEPS_IF_KEPT),
    ("iter(f)", Ownership.KEEPS_IF_KEPT),
    ("IOStream(f)", Ownership.KEEPS),
    ("handles.append(f)", Ownership.KEEPS),
    ("json.load(f)", Ownership.CONSUMES),
    ("pickle.load(f)", Ownership.CONSUMES),
    ("list(f)", Ownership.CONSUMES),
    ("''.join(f)", Ownership.CONSUMES),
    ("os.fstat(f)", Ownership.CONSUMES),
    ("os.read(f, 1024)", Ownership.CONSUMES),  # bytes, not the descriptor
    ("os.fdopen(f)", Ownership.KEEPS_IF_KEPT),  # the file object closes the descriptor
    ("'{}'.format(f)", Ownership.CONSUMES),
])
def test_ownership(call, expected):
    index = index_of(HEADER + "def g(f, handles):\n    return " + call + "\n")
    node = next(n for n in ast.walk(index.tree) if isinstance(n, ast.Call) and ast.unparse(n) == call)
    assert ownership(index, node) is expected


def verdict(body: str):
    index = index_of(HEADER + body)
    return classify(index, call_at(index, "open("))


@pytest.mark.parametrize("body, lifetime, how", [
    ("def f(p):\n    rows = csv.reader(open(p))\n    subprocess.call(['x'])\n    return list(rows)\n",
     Lifetime.SPAWN_IN_LIFETIME, "subprocess.call() at line 5"),
    ("def f(p):\n    x = foo(open(p))\n    subprocess.call(['x'])\n    return x\n",
     Lifetime.SPAWN_IN_LIFETIME, "subprocess.call() at line 5"),
    ("def run(f):\n    return subprocess.call(['x'], stdin=f)\n\ndef f(p):\n    rc = run(open(p))\n    return rc\n",
     Lifetime.SPAWN_IN_LIFETIME, "run() at line 7"),  # the call that keeps the result spawns itself
    ("def f(p):\n    return csv.reader(open(p))\n", Lifetime.ESCAPES, "owned by csv.reader(): returned to the caller"),
    ("def f(p):\n    x = [foo(open(p))]\n", Lifetime.UNKNOWN, "owned by foo(): used in a List"),
    ("def f(p):\n    return iter(csv.reader(open(p)))\n", Lifetime.ESCAPES, "owned by iter(): returned to the caller"),
    ("def f(p):\n    x = foo(open(p))\n    return 1\n", Lifetime.SHORT_LIVED,
     "owned by foo(), dropped when the function returns"),
    ("def f(p):\n    x = json.load(open(p))\n    subprocess.call(['x'])\n", Lifetime.SHORT_LIVED,
     "used and dropped in one statement"),
    ("def f(p):\n    n = next(csv.reader(open(p)))\n    subprocess.call(['x'])\n", Lifetime.SHORT_LIVED,
     "used and dropped in one statement"),
    ("def f(p):\n    foo(open(p))\n    subprocess.call(['x'])\n", Lifetime.SHORT_LIVED,
     "used and dropped in one statement"),
    ("def f(p):\n    fh = open(p)\n    r = foo(fh)\n    fh.close()\n    return r\n", Lifetime.SHORT_LIVED,
     "closed in this function"),
    ("def f(p):\n    fh = open(p)\n    r = foo(fh)\n    return r\n", Lifetime.ESCAPES, "returned to the caller"),
    ("def f(p):\n    fh = open(p)\n    self.data = json.load(fh)\n", Lifetime.SHORT_LIVED,
     "dropped when the function returns"),
])
def test_lifetime_of_an_owned_handle(body, lifetime, how):
    result = verdict(body)
    assert (result.lifetime, result.how) == (lifetime, how)


@pytest.mark.parametrize("body, expected", [
    # only the parameter that gets the handle is looked at; a test or a rebinding keeps nothing
    ("def read(prompt, stream=None, input=None):\n    if not input:\n        input = None\n"
     "    out = prompt\n    return input.readline()\n", Ownership.CONSUMES),
    ("def read(prompt, stream=None, input=None):\n    return input\n", Ownership.KEEPS_IF_KEPT),
    ("def read(prompt, stream=None, input=None):\n    keep(input)\n    return input.readline()\n",
     Ownership.KEEPS_IF_KEPT),
    ("def read(prompt, stream=None, input=None):\n    return json.load(input)\n", Ownership.CONSUMES),
])
def test_module_function(body, expected):
    index = index_of(HEADER + body + "def g(f):\n    return read('x', None, input=f)\n")
    call = next(n for n in ast.walk(index.tree) if isinstance(n, ast.Call) and ast.unparse(n) == "read('x', None, input=f)")
    assert ownership(index, call, lambda arg: isinstance(arg, ast.Name) and arg.id == "f") is expected
