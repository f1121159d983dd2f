"""Hand-made findings for testing the fix mechanism independently of the rules."""

import ast
from dataclasses import replace

from noinherit_lint.findings import Finding, Fix, Span
from noinherit_lint.fixes.source import rewrite
from noinherit_lint.settings import Settings


def span_of(source: str, snippet: str, kind=ast.AST, nth: int = 0) -> Span:
    """The span of the `nth` ast node of type `kind` whose source text is `snippet`."""
    tree = ast.parse(source)
    nodes = [
        node for node in ast.walk(tree)
        if isinstance(node, kind) and hasattr(node, "lineno")
        and ast.get_source_segment(source, node) == snippet
    ]
    nodes.sort(key=lambda node: (node.lineno, node.col_offset))
    return Span.of(nodes[nth])


def fix(source: str, kind: str, text: str, snippet: str, node_type=ast.expr, nth: int = 0) -> Finding:
    span = span_of(source, snippet, node_type, nth)
    return Finding("NIH999", "NIH999 test", span, Fix(kind, span, text))


def run(source: str, *findings: Finding, runtime_module: str = "noinherit_ftools.ftools"):
    settings = replace(Settings(), runtime_module=runtime_module)
    return rewrite(source, ast.parse(source), list(findings), settings)


# Appended to an input whose handles are short-lived: a thread of the module that execs a program
# while they are open, so NIH1xx report them (issue 10: a handle no child can see is not reported).
SPAWNING_THREAD = ("import os as _os, threading as _threading\n"
                   "_threading.Thread(target=lambda: _os.execv(a, b)).start()\n")
