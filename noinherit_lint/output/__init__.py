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

A format's module is imported when it is used (`render`): SARIF's rule metadata needs every rule
(`rules_info`), which a run whose files are all cached does not otherwise import.
"""

from __future__ import annotations

import importlib
from typing import Dict, Sequence

FORMATS: Dict[str, str] = {  # format name: its module in this package
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}


def render(name: str, results: Sequence) -> str:
    """The run's `results` in the format `name` (a key of `FORMATS`)."""
    return importlib.import_module(f"{__name__}.{FORMATS[name]}").render(results)
