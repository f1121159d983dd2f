"""Run programs under the sanitizer with every pyenv interpreter; say which were missing."""

import glob
import json
import os
import shutil
import subprocess
import sys

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


@pytest.fixture(scope="session")
def runtime_wheel(tmp_path_factory):
    """The runtime wheel built from this checkout (``pip wheel --no-deps runtime_dist``)."""
    dist = tmp_path_factory.mktemp("runtime-wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                            str(dist), os.path.join(ROOT, "runtime_dist")],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (wheel,) = glob.glob(str(dist / "*.whl"))
    return wheel


@pytest.fixture(scope="session")
def python27_with_pytest(tmp_path_factory, runtime_wheel):
    """(python2.7, environment) with pytest 4.6 and the runtime wheel installed in a new
    folder by 2.7's pip (2.7 has no venv); skipped with the reason if pip cannot get it."""
    python = python_for("2.7")
    site = tmp_path_factory.mktemp("py27-pytest") / "site-packages"
    installed = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target",
         str(site), "pytest==4.6.11", runtime_wheel], capture_output=True, text=True,
        timeout=600)
    if installed.returncode != 0:
        pytest.skip("cannot install pytest 4.6 for Python 2.7: %s"
                    % installed.stderr.strip().splitlines()[-1:])
    return python, {"PYTHONPATH": str(site)}


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
