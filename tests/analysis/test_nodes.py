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


def test_a_type_alias_name_is_walked_as_ast_walks_it():
    """``type X = int`` (3.12+): its ``name`` is a Name node, not a string.  Run on each
    interpreter 3.12+ present (the linter's own may be older)."""
    import subprocess
    import sys
    from pathlib import Path

    script = ("import ast, sys; from noinherit_lint.analysis import nodes; "
              "t = ast.parse('type X = int'); "
              "sys.exit(0 if [type(n) for n in nodes.walk(t)] == [type(n) for n in ast.walk(t)] else 1)")
    root = Path(__file__).resolve().parents[2]
    ran = []
    for python in _pythons_from_312():
        completed = subprocess.run([python, "-c", script], cwd=root, env={"PYTHONPATH": str(root)},
                                   capture_output=True, text=True, timeout=60)
        assert completed.returncode == 0, (python, completed.stderr)
        ran.append(python)
    if not ran:
        pytest.skip("no Python 3.12+ here")
    print(f"type alias walk ran under: {', '.join(ran)}", file=sys.stderr)


def _pythons_from_312():
    import os
    import shutil
    import subprocess
    import sys

    found = [sys.executable] if sys.version_info >= (3, 12) else []
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip()
        versions = os.path.join(root, "versions")
        for version in sorted(os.listdir(versions)) if os.path.isdir(versions) else []:
            parts = version.split(".")
            if len(parts) >= 2 and parts[0] == "3" and parts[1].isdigit() and int(parts[1]) >= 12:
                found.append(os.path.join(versions, version, "bin", "python"))
    return [p for p in found if os.path.exists(p)]
