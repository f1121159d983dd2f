"""Run programs under the sanitizer with every pyenv interpreter; say which were missing."""

import json
import os
import shutil
import subprocess

import pytest

from tests.runtime.interpreters import EXPECTED, installed_interpreters

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
RUNTIME = os.path.join(ROOT, "runtime")
TIMEOUT = 120
_INTERPRETERS = installed_interpreters()
_USED, _SKIPPED = set(), set()


def python_for(version):
    """The pyenv interpreter for "X.Y", or skip the test (and say so in the summary)."""
    python = _INTERPRETERS.get(version)
    if python is None:
        _SKIPPED.add(version)
        pytest.skip("no Python %s in `pyenv versions --bare`: sanitizer not run there" % version)
    _USED.add(version)
    return python


@pytest.fixture(scope="session")
def runtime_site(tmp_path_factory):
    """A folder holding the package noinherit_ftools (a copy of runtime/), for PYTHONPATH."""
    site = tmp_path_factory.mktemp("sanitizer-site")
    shutil.copytree(RUNTIME, str(site / "noinherit_ftools"),
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return str(site)


class Run(object):
    def __init__(self, completed, records):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.records = records


def run_sanitized(python, site, script, cwd, args=(), mode="record", options=(), **kwargs):
    """``python -m noinherit_ftools.sanitizer --mode MODE --report R script args``."""
    report = os.path.join(str(cwd), "sanitizer-report.jsonl")
    if os.path.exists(report):
        os.unlink(report)
    env = dict(os.environ, PYTHONPATH=site, PYTHONDONTWRITEBYTECODE="1")
    env.update(kwargs.pop("env", {}))
    command = [python, "-m", "noinherit_ftools.sanitizer", "--mode", mode, "--report", report]
    command += list(options) + [str(script)] + [str(a) for a in args]
    completed = subprocess.run(command, cwd=str(cwd), env=env, capture_output=True,
                               text=True, timeout=TIMEOUT, **kwargs)
    records = []
    if os.path.exists(report):
        with open(report) as f:
            records = [json.loads(line) for line in f if line.strip()]
    return Run(completed, records)


def pytest_terminal_summary(terminalreporter):
    if _USED or _SKIPPED:
        terminalreporter.write_line(
            "sanitizer real-children tests ran under: %s; skipped (not installed): %s" % (
                ", ".join(v for v in EXPECTED if v in _USED) or "none",
                ", ".join(v for v in EXPECTED if v in _SKIPPED) or "none"))
