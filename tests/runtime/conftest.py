"""Show which interpreters the runtime checks ran under (and which were missing); the
runtime wheel built once per session."""

import glob
import os
import shutil
import subprocess
import sys

import pytest

from tests.runtime import runtime_checks

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))


def pytest_terminal_summary(terminalreporter):
    for line in runtime_checks.INTERPRETER_REPORT:
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """Build the wheel from a copy of runtime/ and runtime_dist/ (no build files in the tree)."""
    work = tmp_path_factory.mktemp("runtime-wheel")
    shutil.copytree(os.path.join(ROOT, "runtime"), str(work / "runtime"),
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(os.path.join(ROOT, "runtime_dist"), str(work / "runtime_dist"),
                    ignore=shutil.ignore_patterns("build", "*.egg-info", "dist"))
    dist = work / "dist"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
               str(work / "runtime_dist")]
    built = subprocess.run(command, capture_output=True, text=True)
    if built.returncode != 0:  # no index reachable: build with the setuptools we have
        built = subprocess.run(command + ["--no-build-isolation"], capture_output=True,
                               text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    wheels = glob.glob(str(dist / "*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]
