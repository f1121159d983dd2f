"""analysis/nodes gives exactly the nodes, in exactly the order, of the stdlib's ast helpers."""

import ast
import sys

import pytest

from noinherit_lint.analysis.nodes import calls_in, child_nodes, parent_map, walk

SOURCE = '''
import os, sys as system
from . import sibling
@decorator(arg=1)
class C(Base, metaclass=Meta):
    """doc"""
    x: int = 3
    def method(self, a, /, b=2, *rest, c, d=4, **extra) -> "C":
        global G
        f"{a!r:>{b}} {os.getpid()}"
        with open(a) as (h, k), other():
            [y for y in h if y for z in y]
            {k: v for k, v in k.items()}
        try:
            del a[0], b.c
        except (OSError, ValueError) as error:
            raise RuntimeError() from error
        else:
            pass
        finally:
            lambda q=1, *, r: q + r
        async def inner():
            async for item in aiter():
                await item
            async with lock:
                yield -item if item else ~item
        return {**extra, "k": (x := 5)}
'''

MATCH = '''
match command:
    case [Point(x=0, y=0), *others] if others:
        pass
    case {"key": value, **rest} | None:
        pass
    case str() as text:
        pass
'''


def sources():
    yield SOURCE
    if sys.version_info >= (3, 10):
        yield MATCH


@pytest.mark.parametrize("source", list(sources()))
def test_walk_child_nodes_and_parent_map_are_ast_s(source):
    tree = ast.parse(source)
    expected = list(ast.walk(tree))
    assert [id(n) for n in walk(tree)] == [id(n) for n in expected]
    for node in expected:
        assert [id(c) for c in child_nodes(node)] == [id(c) for c in ast.iter_child_nodes(node)]
    assert parent_map(tree) == {id(c): n for n in expected for c in ast.iter_child_nodes(n)}


def test_calls_in_leaves_nested_functions_classes_and_lambdas_out():
    tree = ast.parse("if a():\n    def f():\n        b()\n    class K:\n        c()\n    x = lambda: d()\n    e(g())\n")
    assert sorted(c.func.id for c in calls_in(tree.body)) == ["a", "e", "g"]
