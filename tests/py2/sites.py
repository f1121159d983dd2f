"""The differential test's comparison: call sites and imports of our tree vs Python 2.7's.

A call site is (line, byte column, dotted callee): where the call's primary starts, which is a
Python 3.8+ Call node's position and what `dump_sites_py27.py` reads from 2.7's concrete syntax
tree.  A callee is the dotted name of a Name/Attribute chain, "?" for any other root.

Two differences are the grammars', not the front end's, and are accepted exactly:

* 2.7 reads ``True``, ``False`` and ``None`` as names (``True.__index__()``), Python 3 as
  constants (which the rules need), so a constant root counts as that name;
* a module that is valid Python 3 is read as Python 3 (every front end does), so there
  ``print(x)`` and ``exec(code)`` are calls where 2.7 has a print or exec statement at the
  very same position.  Only that: a ``print``/``exec`` call with a 2.7 statement at its place.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
from pathlib import Path
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, Iterable, List

DUMPER = Path(__file__).with_name("dump_sites_py27.py")


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant) and node.value in (True, False, None) and \
            isinstance(node.value, (bool, type(None))):
        return repr(node.value)
    if isinstance(node, ast.Attribute):
        return dotted(node.value) + "." + node.attr
    return "?"


def our_sites(tree: ast.AST):
    """(calls, imports) as `dump_sites_py27.py` lists them (which runs under 2.7 and cannot share code)."""
    calls, imports = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            calls.append([node.lineno, node.col_offset, dotted(node.func)])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imports.append(["import", node.lineno, alias.name, alias.asname])
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                imports.append(["from", node.lineno, node.module, node.level, alias.name, alias.asname])
    return sorted(calls), sorted(imports)


def python27_sites(python27: str, paths: Iterable[Path]) -> Dict[str, dict]:
    """The dumper's record for each path, run by the 2.7 interpreter `python27`."""
    listing = "".join(f"{p}\n" for p in paths)
    out = subprocess.run([python27, str(DUMPER)], input=listing, capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}).stdout
    return {record["path"]: record for record in map(json.loads, out.splitlines())}


def differences(ours, record: dict, grammar: str) -> List[str]:
    """What differs between our (calls, imports) and 2.7's record; [] when they agree."""
    calls, imports = ours
    mine = Counter(map(tuple, calls))
    theirs = Counter(map(tuple, record["calls"]))
    if grammar == "python3":
        statements = {tuple(s) for s in record["statements"]}
        for site in list(mine - theirs):
            if site[2] in ("print", "exec") and (site[0], site[1], site[2]) in statements:
                del mine[site]
    found = []
    if mine != theirs:
        found.append(f"calls only in ours {sorted((mine - theirs).elements())[:5]}, "
                     f"only in 2.7 {sorted((theirs - mine).elements())[:5]}")
    if len(record["calls"]) != record["ast_calls"]:
        found.append(f"2.7's parse tree has {len(record['calls'])} calls, its ast {record['ast_calls']}")
    if imports != record["imports"]:
        found.append(f"imports differ: ours {imports[:3]}..., 2.7 {record['imports'][:3]}...")
    return found


@dataclass
class Agreement:
    compiled: int = 0  # files 2.7 compiles (the others are not compared)
    agreeing: int = 0
    by_grammar: Counter = field(default_factory=Counter)
    disagreeing: List[str] = field(default_factory=list)  # "path: what differs"


def compare_with_python27(python27: str, paths: List[Path]) -> Agreement:
    """Read each path with `parsing.parse` and compare its call sites with 2.7's."""
    from noinherit_lint import parsing
    from noinherit_lint.fixes.files import read_source

    import warnings

    records = python27_sites(python27, paths)
    result = Agreement()
    warnings.simplefilter("ignore")  # invalid escapes in Python 2 strings, read as Python 3
    for path in paths:
        record = records[str(path)]
        if not record["compiles"]:
            continue
        result.compiled += 1
        try:
            parsed = parsing.parse(read_source(str(path)).text, str(path))
        except parsing.Unparsable as exc:
            result.disagreeing.append(f"{path}: cannot parse ({exc})")
            continue
        result.by_grammar[parsed.grammar] += 1
        found = differences(our_sites(parsed.tree), record, parsed.grammar)
        if found:
            result.disagreeing.append(f"{path}: {'; '.join(found)}")
        else:
            result.agreeing += 1
    return result
