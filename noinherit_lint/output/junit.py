"""JUnit XML for CI test reports: one ``testsuite`` per checked file, one failed ``testcase`` per
finding (a clean file is one passing case, so the report counts the files checked)."""

from __future__ import annotations

from typing import Sequence
from xml.etree import ElementTree


def render(results: Sequence) -> str:
    total = sum(max(len(result.findings), 1) for result in results)
    failures = sum(len(result.findings) for result in results)
    root = ElementTree.Element("testsuites", name="noinherit-lint", tests=str(total), failures=str(failures))
    for result in results:
        suite = ElementTree.SubElement(root, "testsuite", name=result.path,
                                       tests=str(max(len(result.findings), 1)),
                                       failures=str(len(result.findings)))
        if not result.findings:
            ElementTree.SubElement(suite, "testcase", name="no findings", classname=result.path)
        for finding in result.findings:
            case = ElementTree.SubElement(suite, "testcase", name=f"{finding.code} line {finding.line}",
                                          classname=result.path, line=str(finding.line),
                                          file=result.path)
            failure = ElementTree.SubElement(case, "failure", message=finding.message, type=finding.code)
            failure.text = f"{result.path}:{finding.line}:{finding.col + 1}: {finding.message}"
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
