"""Issue 14's details of `noinherit-lint check` that an experienced flake8/ruff user relies on and
that tests/check does not pin: argparse errors exit 2 (not 1, which means findings), GitHub
workflow-command escaping of every character the runner reads as syntax, in the file property and
in the message, and the JUnit report's escaping of XML's own characters."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from noinherit_lint.settings import clear_caches
from tests.check.conftest import LEAKY, PYPROJECT, run, write


@pytest.fixture
def project(tmp_path, monkeypatch):
    clear_caches()
    write(tmp_path / "pyproject.toml", PYPROJECT)
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    clear_caches()


@pytest.mark.parametrize("arguments", [
    ["check", "--no-such-option", "."],
    ["check", "--output-format", "xml", "."],
    ["check", "-j", "0", "."],
    ["check", "-j", "many", "."],  # auto is flake8's spelling of the CPU count (test_output_gaps)
    ["frobnicate"],
])
def test_usage_errors_exit_2(project, capsys, arguments):
    with pytest.raises(SystemExit) as stopped:
        run(capsys, *arguments)
    assert stopped.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_no_command_prints_the_usage_and_exits_2(project, capsys):
    code, out, err = run(capsys)
    assert (code, out) == (2, "") and err.startswith("usage: noinherit-lint")


def test_github_escapes_percent_cr_lf_in_the_file_property_and_the_message(project, capsys):
    name = "50%\r\nx,y:z.py"
    write(project / name, LEAKY)
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "github", name)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2  # two findings, one line each: no raw CR or LF got through
    first = lines[0]
    assert first.startswith("::error title=noinherit-lint (NIH101),file=50%25%0D%0Ax%2Cy%3Az.py,line=5,col=14,")
    # the message (after the second ::) escapes %, CR and LF but keeps , and : (they are data there)
    assert first.split("::", 2)[2].startswith("50%25%0D%0Ax,y:z.py:5:14: NIH101 open() creates a handle")


def test_junit_escapes_xml_syntax_in_file_names(project, capsys):
    name = 'a<&>"\'.py'
    write(project / name, LEAKY)
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "junit", name)
    assert code == 1
    root = ElementTree.fromstring(out)
    suite = root.find("testsuite")
    assert suite.get("name") == name
    assert [case.get("classname") for case in suite.findall("testcase")] == [name, name]
    assert suite.find("testcase/failure").text.startswith(f"{name}:5:14: NIH101 ")
