"""README's sanitizer example is what `python -m noinherit_ftools.sanitizer` really prints."""

import re
import subprocess
import sys

import pytest

from tests.sanitizer.conftest import ROOT

README = ROOT + "/README.md"


def _readme_block():
    with open(README, encoding="utf-8") as f:
        text = f.read()
    match = re.search(r"`python -m noinherit_ftools\.sanitizer (examples/\S+)` on Python 3\.\d+:"
                      r"\n\n```text\n(.*?)```", text, flags=re.S)
    assert match, "README's sanitizer example is missing or its layout changed"
    return match.group(1), match.group(2)


def _without_inodes(text):
    return re.sub(r"pipe:\[\d+\]", "pipe:[N]", text)


@pytest.mark.skipif(not sys.platform.startswith("linux") or sys.version_info < (3, 8),
                    reason="the example's output was taken on Linux, Python 3.8+")
def test_readme_sanitizer_example():
    script, expected = _readme_block()
    done = subprocess.run([sys.executable, "-m", "noinherit_ftools.sanitizer", script],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == ""
    assert _without_inodes(done.stderr) == _without_inodes(expected)
