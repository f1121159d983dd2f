"""Run by Python 2.7: the call sites and imports of each file 2.7 compiles, as JSON lines.

    python2.7 tests/py2/dump_sites_py27.py < list-of-paths

One line per path: {"path", "compiles", "calls": [[line, col, callee]], "imports": [...],
"ast_calls", "statements": [[line, col, "print" or "exec"]]}.  A call is where its primary starts (the first token of ``a.b(c)``, ``(f)(x)``,
``"s".join(x)``; after the ``@`` of a decorator), the Python 3.8+ meaning of a Call's position;
it is read from 2.7's own concrete syntax tree (the `parser` module), whose token positions are
exact, while 2.7's `ast` numbers some nodes differently (a multi-line string at its last line
with column -1, ``a + b + c`` at the second ``+``).  `ast_calls` is the number of ast.Call nodes
2.7's `ast` has, as a cross-check of the count.  A callee is the dotted name of a Name/Attribute
chain (parentheses around it do not count), with "?" for any other root.  Imports come from
2.7's `ast`.  Written for Python 2.7 (and parseable by 3, for the self-lint test).
"""

import ast
import json
import parser
import symbol
import sys
import token
import warnings

_SINGLE_CHILD_TO_POWER = frozenset([
    symbol.testlist_comp, symbol.test, symbol.or_test, symbol.and_test, symbol.not_test,
    symbol.comparison, symbol.expr, symbol.xor_expr, symbol.and_expr, symbol.shift_expr,
    symbol.arith_expr, symbol.term, symbol.factor,
])


def first_token(node, lines):
    """(line, byte column) where `node` starts.  2.7 numbers a token that spans lines (a
    triple-quoted string) by its last line with column -1; this finds where it starts."""
    while not token.ISTERMINAL(node[0]):
        node = node[1]
    text, line, col = node[1], node[2], node[3]
    if col < 0:
        line -= text.count("\n")
        first_part = text.split("\n")[0].rstrip("\r")
        col = len(lines[line - 1].rstrip("\r\n")) - len(first_part)
    return line, col


def inner_power(atom):
    """The power node that a parenthesized atom ``( X )`` holds, if X is just that."""
    if len(atom) != 4 or atom[1][0] != token.LPAR or atom[2][0] == token.RPAR:
        return None
    node = atom[2]
    while node[0] in _SINGLE_CHILD_TO_POWER and len(node) == 2:
        node = node[1]
    return node if node[0] == symbol.power else None


def power_sites(power, calls, lines):
    """Record the calls of one ``power: atom trailer* ['**' factor]``; its dotted name so far."""
    atom = power[1]
    start = first_token(atom, lines)
    head = atom[1]
    if head[0] == token.NAME:
        current = head[1]
    else:
        inner = inner_power(atom)
        current = power_sites(inner, [], lines) if inner is not None else "?"
    for trailer in power[2:]:
        if trailer[0] != symbol.trailer:
            break
        kind = trailer[1][0]
        if kind == token.LPAR:
            calls.append([start[0], start[1], current])
            current = "?"
        elif kind == token.DOT:
            current = current + "." + trailer[2][1]
        else:
            current = "?"
    return current


def cst_calls(source):
    tree = parser.suite(source).totuple(True, True)
    lines = source.splitlines(True)
    calls = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if token.ISTERMINAL(node[0]):
            continue
        if node[0] == symbol.power:
            power_sites(node, calls, lines)
        elif node[0] == symbol.decorator and len(node) > 4 and node[3][0] == token.LPAR:
            names = [child[1] for child in node[2][1:] if child[0] == token.NAME]
            line, col = first_token(node[2], lines)
            calls.append([line, col, ".".join(names)])
        stack.extend(node[1:])
    return sorted(calls)


def ast_sites(tree):
    count, imports, statements = 0, [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            count += 1
        elif isinstance(node, (ast.Print, ast.Exec)):
            statements.append([node.lineno, node.col_offset, type(node).__name__.lower()])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imports.append(["import", node.lineno, alias.name, alias.asname])
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                imports.append(["from", node.lineno, node.module, node.level, alias.name, alias.asname])
    return count, sorted(imports), sorted(statements)


def main():
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(20000)
    for line in sys.stdin:
        path = line.rstrip("\n")
        record = {"path": path, "compiles": False, "calls": [], "imports": [], "ast_calls": 0,
                  "statements": []}
        try:
            with open(path, "rb") as handle:
                source = handle.read()
            compile(source, path, "exec", 0, True)
            count, imports, statements = ast_sites(ast.parse(source, path))
            record.update(compiles=True, calls=cst_calls(source), imports=imports, ast_calls=count,
                          statements=statements)
        except (SyntaxError, TypeError, ValueError, RuntimeError, MemoryError):
            pass
        sys.stdout.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
