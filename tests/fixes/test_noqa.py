"""`noinherit_lint.noqa` answers exactly as flake8 7 does (differential tests against flake8 itself,
which reads the files as written: CR-only, CRLF and mixed line endings, form feeds, characters
that `str.splitlines` would split at)."""

import argparse
import ast
import subprocess
import sys

import pytest
from flake8.processor import FileProcessor
from flake8.violation import Violation

from noinherit_lint.lines import split_lines
from noinherit_lint.noqa import NoqaLines

SOURCES = {
    "blanket": "open(p)  # noqa\n",
    "by code": "open(p)  # noqa: NIH101\n",
    "by prefix": "open(p)  # noqa:NIH1\n",
    "other family": "open(p)  # noqa: NIH2\n",
    "other code list": "open(p)  # NOQA: E501,NIH102\n",
    "code list with spaces": "open(p)  # noqa: E501 NIH101\n",
    "closing line of a multi-line call": "open(\n    p,\n)  # noqa\n",
    "first line of a multi-line call": "open(  # noqa\n    p,\n)\n",
    "after a triple-quoted string": 'x = open("""a\nb\n""")  # noqa: NIH101\n',
    "inside a triple-quoted string": 'open(p); s = """# noqa\n"""\n',
    "backslash continuation": "x = 1 + \\\n    open(p)  # noqa\n",
    "noqa in a string only": 'open("# noqa")\n',
    "no noqa": "open(p)\n",
    "crlf": "a = 1\r\nopen(p)  # noqa\r\n",
    "file switch": "# flake8: noqa\nopen(p)\n",
    "file switch after code": "x = 1  # flake8: noqa\nopen(p)\n",
    "lowercase code": "open(p)  # noqa: nih101\n",
    "cr only": "a = 1\ropen(p)  # noqa\ropen(p)\rx = 1  # noqa: NIH101\r",
    "cr only, triple-quoted string": "x = '''a\rb'''  # noqa\ropen(p)\r",
    "mixed endings": "open(p)\ropen(p)  # noqa\r\nopen(p)\nopen(p)  # noqa\r",
    "form feed": "a = 1\n\x0copen(p)  # noqa\nopen(p)\n",
    "line separators in comments": "a = 1  # \u2028 # noqa\nopen(p)  # \x0b\x1c\x85 noqa\nopen(p)  # noqa\n",
}
CODES = ("NIH101", "NIH102", "NIH201")


def _flake8_says(path, code, line):
    options = argparse.Namespace(
        hang_closing=False, indent_size=4, max_line_length=79, max_doc_length=None, verbose=0,
        disable_noqa=False, stdin_display_name="stdin",
    )
    processor = FileProcessor(str(path), options)  # flake8 reads the file itself
    if processor.should_ignore_file():
        return True
    physical = processor.noqa_line_for(line)
    violation = Violation(code, str(path), line, 0, "msg", physical)
    return violation.is_inline_ignored(False)


@pytest.mark.parametrize("source", SOURCES.values(), ids=SOURCES.keys())
def test_same_answer_as_flake8_for_every_line_and_code(source, tmp_path):
    path = tmp_path / "x.py"
    path.write_bytes(source.encode("utf-8"))
    noqa = NoqaLines(source)
    answers = []
    for line in range(1, len(split_lines(source)) + 1):
        for code in CODES:
            ours = noqa.suppresses(code, line)
            assert ours == _flake8_says(path, code, line), (line, code)
            answers.append(ours)
    assert answers  # at least one comparison made


def test_the_flake8_command_reports_what_the_codemod_sees(tmp_path):
    """End to end: `flake8 --select NIH` on the files vs the detector filtered by `NoqaLines`."""
    from noinherit_lint.checker import check
    from noinherit_lint.settings import Settings

    settings = Settings(min_python=(3, 8), min_python_source="test")
    ours = set()
    for number, source in enumerate(SOURCES.values()):
        source = "import os\n" + source.replace("open(p)", "os.dup2(a, 9)")
        path = tmp_path / f"f{number}.py"
        path.write_bytes(source.encode("utf-8"))
        noqa = NoqaLines(source)
        ours.update((path.name, f.line, f.col + 1, f.code) for f in check(ast.parse(source), settings)
                    if not noqa.suppresses(f.code, f.line))
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "NIH", "--nih-min-python", "3.8",
         "--format", "%(path)s:%(row)d:%(col)d:%(code)s", "."],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.stderr == ""
    theirs = set()
    for line in result.stdout.splitlines():
        path, row, col, code = line.split(":")
        theirs.add((path.rpartition("/")[2], int(row), int(col), code))
    assert theirs == ours
    assert len(ours) >= 8


def test_a_few_answers_spelled_out():
    assert NoqaLines("open(p)  # noqa: NIH1\n").suppresses("NIH101", 1)
    assert not NoqaLines("open(p)  # noqa: NIH2\n").suppresses("NIH101", 1)
    assert not NoqaLines("open(\n    p,\n)  # noqa\n").suppresses("NIH101", 1)
    assert NoqaLines('x = open("""a\n""")  # noqa\n').suppresses("NIH101", 1)
