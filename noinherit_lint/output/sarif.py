"""SARIF 2.1.0 (OASIS), the format code scanning (GitHub, GitLab, Azure DevOps) imports.

The driver lists every code with its metadata from the registry (name, summary, full
documentation as help text and markdown, where it leaks, whether it is fixable); each result
points at its rule by id and index.  Regions are 1-based in lines and *characters*
(``columnKind: unicodeCodePoints``; SARIF has no byte columns).  Artifact URIs are relative to the
working folder (``%SRCROOT%``), or absolute ``file:`` URIs outside it.  A file that could not be
read is an ``NIH002`` result and a tool execution notification, and makes
``executionSuccessful`` false.
"""

from __future__ import annotations

import json
import os
import pathlib
from typing import Sequence
from urllib.parse import quote

from noinherit_lint import __version__
from noinherit_lint.output import rules_info

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/noinherit-lint/noinherit-lint"


def _uri(path: str) -> dict:
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return {"uri": pathlib.Path(absolute).as_uri()}
    return {"uri": quote(relative.replace(os.sep, "/")), "uriBaseId": "%SRCROOT%"}


def _rule(code: str) -> dict:
    summary = rules_info.summary(code)
    documentation = rules_info.explain(code)
    return {
        "id": code,
        "name": rules_info.name(code),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": documentation, "markdown": documentation},
        "helpUri": rules_info.rule_url(code),
        "defaultConfiguration": {"level": "error"},
        "properties": rules_info.properties(code),
    }


def _result(path: str, finding, index: int) -> dict:
    region = {"startLine": finding.line, "startColumn": finding.char_col + 1}
    if (finding.end_line, finding.end_char_col) > (finding.line, finding.char_col):
        region.update(endLine=finding.end_line, endColumn=finding.end_char_col + 1)
    result = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": "error",
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": _uri(path), "region": region}}],
    }
    if finding.fix is not None:
        result["properties"] = {"fix-applicability": finding.fix}
    return result


def render(results: Sequence) -> str:
    codes = rules_info.known_codes()
    index = {code: position for position, code in enumerate(codes)}
    notifications = [
        {"level": "error", "message": {"text": f"{result.path}: {result.error or result.findings[0].message}"},
         "locations": [{"physicalLocation": {"artifactLocation": _uri(result.path)}}]}
        for result in results if result.error or result.unreadable
    ]
    run = {
        "tool": {"driver": {"name": "noinherit-lint", "version": __version__, "semanticVersion": __version__,
                            "informationUri": INFORMATION_URI, "rules": [_rule(code) for code in codes]}},
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        "originalUriBaseIds": {"%SRCROOT%": {"uri": pathlib.Path(os.getcwd()).as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(result.path, finding, index[finding.code])
                    for result in results for finding in result.findings],
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"
