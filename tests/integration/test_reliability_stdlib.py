"""The flake8 plugin over real code nobody here wrote: pyenv's CPython stdlibs.

At min-python 2.7 and scope always (the settings under which the most rules fire): every .py of
the oldest 3.x stdlib (3.6) through the flake8 adapter in-process (the newest, 3.13, is walked by
test_stdlib_walk.py with `check()`), and the real `flake8 --select NIH` command over every 15th
file of both.  Files that the running interpreter cannot parse (newer syntax) are counted and
reported, not failures.  The codemod parts are in test_reliability_codemod_stdlib.py;
`bench/stdlib_sweep.py` runs both whole trees through the real commands.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import warnings

import pytest

from noinherit_lint.configuration import Configuration
from noinherit_lint.plugin import Plugin
from tests.integration.conftest import flake8_nih, stdlib_dir, stdlib_files

pytestmark = pytest.mark.slow  # see README: Development

FLAKE8_LINE = re.compile(r"^.+:\d+:\d+: NIH\d{3} \S.*$")


@pytest.fixture
def plugin_at_27_always(monkeypatch):
    # what Plugin.parse_options sets for `flake8 --nih-min-python 2.7 --nih-scope always`
    configuration = Configuration.from_values([("min-python", "2.7", "test"), ("scope", "always", "test")])
    monkeypatch.setattr(Plugin, "configuration", configuration)
    monkeypatch.setattr(Plugin, "checked_roots", None)
    return Plugin


def _parse(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(path.read_bytes(), filename=str(path))
        except (SyntaxError, ValueError):
            return None


@pytest.mark.parametrize("version", ["3.6"])
def test_plugin_over_whole_stdlib_never_raises(version, plugin_at_27_always):
    files = stdlib_files(stdlib_dir(version))
    assert len(files) > 1000
    unparseable, findings, with_findings = [], 0, 0
    for path in files:
        tree = _parse(path)
        if tree is None:
            unparseable.append(path.name)
            continue
        results = list(plugin_at_27_always(tree, str(path)).run())
        for line, col, message, kind in results:
            assert kind is Plugin
            assert isinstance(line, int) and line >= 1 and isinstance(col, int) and col >= 0
            assert re.match(r"^NIH\d{3} \S", message), message
            assert not message.startswith("NIH000"), (path, message)
        findings += len(results)
        with_findings += bool(results)
    print(f"\nstdlib {version}: {len(files)} files, {len(files) - len(unparseable)} checked, "
          f"{len(unparseable)} not parseable by Python {sys.version_info[0]}.{sys.version_info[1]}, "
          f"{findings} findings in {with_findings} files")
    # Only files with newer syntax or deliberately broken test data may fail to parse.
    assert len(unparseable) < len(files) // 20, unparseable


def test_flake8_command_over_stdlib_sample():
    """The real flake8 run (option parsing, per-file settings, reporting) over every 15th file."""
    files = stdlib_files(stdlib_dir("3.13"))[::15] + stdlib_files(stdlib_dir("3.6"))[::15]
    result = subprocess.run(
        flake8_nih("--nih-min-python", "2.7", "--nih-scope", "always", "-j", "2",
                   *map(str, files)),
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and "PluginExecutionFailed" not in result.stderr, \
        result.stderr
    lines = result.stdout.splitlines()
    assert all(FLAKE8_LINE.match(line) for line in lines), [
        line for line in lines if not FLAKE8_LINE.match(line)][:5]
    assert result.returncode == (1 if lines else 0)


def test_flake8_over_27_stdlib_sample_skips_no_file_silently(python27):
    """Every 12th file of the 2.7 stdlib and every file 2.7 itself rejects: each is read (as Python
    3 or 2.7) or gets exactly one NIH001, and the NIH001 files are exactly those the front end
    cannot read, all among the files 2.7 rejects (the whole tree: bench/stdlib_sweep.py flake827)."""
    from tests.py2.conftest import grammar_as_flake8_reads, python27_rejects

    every = stdlib_files(stdlib_dir("2.7"))
    rejected = python27_rejects(python27, every)
    files = sorted(set(map(str, every[::12])) | rejected)
    result = subprocess.run(flake8_nih("--nih-min-python", "2.7", "--nih-scope", "always", *files),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    nih001 = [line.split(":")[0] for line in result.stdout.splitlines() if " NIH001 " in line]
    unreadable = {path for path in files if grammar_as_flake8_reads(path) == "unparsable"}
    assert len(nih001) == len(set(nih001)) and set(nih001) == unreadable
    assert unreadable and unreadable <= rejected
    assert any(grammar_as_flake8_reads(path) == "python2" for path in files)
