"""JUnit XML for CI test reports: one ``testsuite`` per checked file, one failed ``testcase`` per
finding (a clean file is one passing case, so the report counts the files checked); a result that
is an error (a folder that cannot be listed, a file's bad settings) is one ``testcase`` with an
``error``, whose message is the error.

File names and messages are escaped as the text output shows them (`escape.display`): XML 1.0
cannot carry most control characters, not even as character references, so the report parses
whatever a file is called."""

from __future__ import annotations

from typing import Sequence
from xml.etree import ElementTree

from noinherit_lint.escape import display


def _suite(root: ElementTree.Element, result) -> None:
    path = display(result.path)
    errors = 1 if result.error else 0
    suite = ElementTree.SubElement(root, "testsuite", name=path,
                                   tests=str(max(len(result.findings) + errors, 1)),
                                   failures=str(len(result.findings)), errors=str(errors))
    if result.error:
        case = ElementTree.SubElement(suite, "testcase", name="error", classname=path, file=path)
        error = ElementTree.SubElement(case, "error", message=display(result.error), type="error")
        error.text = f"{path}: {display(result.error)}"
    elif not result.findings:
        ElementTree.SubElement(suite, "testcase", name="no findings", classname=path)
    for finding in result.findings:
        message = display(finding.message)
        case = ElementTree.SubElement(suite, "testcase", name=f"{finding.code} line {finding.line}",
                                      classname=path, line=str(finding.line), file=path)
        failure = ElementTree.SubElement(case, "failure", message=message, type=finding.code)
        failure.text = f"{path}:{finding.line}:{finding.col + 1}: {message}"


def render(results: Sequence) -> str:
    total = sum(max(len(result.findings) + bool(result.error), 1) for result in results)
    failures = sum(len(result.findings) for result in results)
    errors = sum(1 for result in results if result.error)
    root = ElementTree.Element("testsuites", name="noinherit-lint", tests=str(total), failures=str(failures),
                               errors=str(errors))
    for result in results:
        _suite(root, result)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
