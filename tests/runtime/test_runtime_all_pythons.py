"""Run tests/runtime/runtime_checks.py under every interpreter `pyenv versions --bare` lists.

The runtime must work unchanged on CPython 2.7 and 3.6-3.13.  Each expected version is
one test: it passes when the plain runner exits 0 under that interpreter, and is skipped
(with the reason) when no such interpreter is installed.  The runs happen in parallel,
two at a time (the CI machines have two cores), once per pytest session.
"""

import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.runtime import runtime_checks
from tests.runtime.interpreters import EXPECTED, installed_interpreters

pytestmark = pytest.mark.slow  # see README: Development

RUNNER = os.path.abspath(runtime_checks.__file__.replace(".pyc", ".py"))
TIMEOUT = 120


def run_checks(python):
    start = time.time()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    try:
        done = subprocess.run([python, RUNNER], capture_output=True, text=True, env=env,
                              timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        return None, "timed out after %ss\n%s" % (TIMEOUT, e.stdout or ""), time.time() - start
    return done.returncode, done.stdout + done.stderr, time.time() - start


@pytest.fixture(scope="session")
def results():
    found = installed_interpreters()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = dict((version, pool.submit(run_checks, python))
                       for version, python in found.items() if version in EXPECTED)
        outcome = dict((version, future.result()) for version, future in futures.items())
    ran = ", ".join("%s (%.1fs)" % (v, outcome[v][2]) for v in EXPECTED if v in outcome)
    missing = ", ".join(v for v in EXPECTED if v not in outcome) or "none"
    runtime_checks.INTERPRETER_REPORT.append(
        "runtime checks ran under: %s; missing: %s" % (ran or "none", missing))
    for version in EXPECTED:
        if version in outcome:
            summary = [line for line in outcome[version][1].splitlines()
                       if line.startswith("python ")]
            runtime_checks.INTERPRETER_REPORT.append(
                "  %s" % (summary[-1] if summary else "Python %s: no summary line" % version))
    return outcome


@pytest.mark.parametrize("version", EXPECTED)
def test_runtime_checks_pass_under(version, results):
    if version not in results:
        pytest.skip("no Python %s in `pyenv versions --bare`: runtime not checked there" % version)
    returncode, output, _ = results[version]
    summary = [line for line in output.splitlines() if line.startswith("python ")]
    assert returncode == 0, "runtime checks failed under Python %s:\n%s" % (version, output)
    assert summary and " 0 failed" in summary[-1], output
    print(summary[-1])
