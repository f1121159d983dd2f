"""The output formats of `noinherit-lint check`, one module each; each `render`s the run's
results (in file order) as one text.

| format | module | for |
|---|---|---|
| ``text`` | `text` | people and editors: flake8's ``path:line:col: CODE message``, ending with ``[CODE]`` |
| ``json`` | `json_format` | scripts: ruff's JSON shape (a list of findings) |
| ``sarif`` | `sarif` | code scanning: SARIF 2.1.0 with every rule's metadata |
| ``github`` | `github` | GitHub Actions: workflow commands, shown as annotations |
| ``junit`` | `junit` | CI test reports: JUnit XML, a suite per file, a case per finding |

Columns: text, json, github and junit print flake8's (1-based, in UTF-8 bytes: what flake8 and
problem matchers built for it expect); SARIF's are in characters, as SARIF 2.1.0 requires.
"""

from __future__ import annotations

from typing import Callable, Dict, Sequence

from noinherit_lint.output import github, json_format, junit, sarif, text

FORMATS: Dict[str, Callable[[Sequence], str]] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
}
