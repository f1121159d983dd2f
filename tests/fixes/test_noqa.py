"""`noinherit_lint.noqa` answers exactly as flake8 7 does (differential test against flake8 itself)."""

import argparse

import pytest
from flake8.processor import FileProcessor
from flake8.violation import Violation

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
}
CODES = ("NIH101", "NIH102", "NIH201")


def _flake8_says(source, code, line):
    lines = source.splitlines(keepends=True)
    options = argparse.Namespace(
        hang_closing=False, indent_size=4, max_line_length=79, max_doc_length=None, verbose=0,
        disable_noqa=False, stdin_display_name="stdin",
    )
    processor = FileProcessor("x.py", options, lines=lines)
    if processor.should_ignore_file():
        return True
    physical = processor.noqa_line_for(line)
    violation = Violation(code, "x.py", line, 0, "msg", physical)
    return violation.is_inline_ignored(False)


@pytest.mark.parametrize("source", SOURCES.values(), ids=SOURCES.keys())
def test_same_answer_as_flake8_for_every_line_and_code(source):
    noqa = NoqaLines(source)
    number_of_lines = source.count("\n") or 1
    answers = []
    for line in range(1, number_of_lines + 1):
        for code in CODES:
            ours = noqa.suppresses(code, line)
            assert ours == _flake8_says(source, code, line), (line, code)
            answers.append(ours)
    assert answers  # at least one comparison made


def test_a_few_answers_spelled_out():
    assert NoqaLines("open(p)  # noqa: NIH1\n").suppresses("NIH101", 1)
    assert not NoqaLines("open(p)  # noqa: NIH2\n").suppresses("NIH101", 1)
    assert not NoqaLines("open(\n    p,\n)  # noqa\n").suppresses("NIH101", 1)
    assert NoqaLines('x = open("""a\n""")  # noqa\n').suppresses("NIH101", 1)
