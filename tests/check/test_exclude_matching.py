"""The walk's exclude matching (`fixes.walk.excluded`, one regular expression for all the
patterns) decides as flake8's `utils.matches_filename` (one `fnmatch` per pattern) on the same
paths and patterns: the base name first, then the absolute path."""

import logging
import os

import pytest
from flake8.defaults import EXCLUDE
from flake8.utils import matches_filename

from noinherit_lint.fixes.walk import excluded, parse_patterns

PATTERNS = [
    (), EXCLUDE, ("*.py",), ("build",), ("a?c.py", "[!x]*.pyi"), ("[ab]*",), ("*/sub/*",),
    ("weird(name).py", "x|y.py", "a+b.py"), ("[",), ("*[!]*",), ("sub/gen_*.py",), ("",),
]
PATHS = [
    "x.py", "abc.py", "aXc.py", "ab.py", "build", "build/x.py", ".git", "sub/gen_1.py", "sub/x.py",
    "weird(name).py", "x|y.py", "a+b.py", "aab.py", "[", "a]b", "./x.py", "..", ".", "dir/.tox",
    "new\nline.py", "x.pyi", "CVS", "pkg.egg", "ÿ.py",
]


@pytest.mark.parametrize("patterns", PATTERNS, ids=repr)
def test_excluded_matches_as_flake8_does(tmp_path, monkeypatch, patterns):
    monkeypatch.chdir(tmp_path)
    patterns = parse_patterns(",".join(patterns)) if patterns != ("",) else ()
    logger = logging.getLogger("test")
    for path in PATHS:
        expected = matches_filename(path, patterns, "%(path)s %(whether)s", logger)
        assert excluded(path, patterns) is expected, (path, patterns)
        assert excluded(os.path.abspath(path), list(patterns)) is expected, (path, patterns)
