"""The spawn-lock torture suite (tests/runtime/lock_torture.py) under every interpreter
`pyenv versions --bare` lists: 0 hangs for ftools, the lock itself and the stdlib control
everywhere, except where the interpreter itself hangs with the plain stdlib too
(`lock_torture.INTERPRETER_HANGS`: reported only); the previous lock (negative control) must hang where marked, checked on the
oldest and the newest interpreter present."""

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.runtime import lock_torture
from tests.runtime.interpreters import EXPECTED, installed_interpreters

pytestmark = pytest.mark.slow  # every interpreter, minutes of wall time; see README: Development

RUNNER = os.path.abspath(lock_torture.__file__.replace(".pyc", ".py"))
TIMEOUT = 900


def run_torture(python, with_controls):
    impls = lock_torture.IMPLEMENTATIONS if with_controls else [
        name for name in lock_torture.IMPLEMENTATIONS if name != "previous"]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    try:
        done = subprocess.run([python, RUNNER, "--impls", ",".join(impls)],
                              capture_output=True, text=True, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        return None, "timed out after %ss\n%s" % (TIMEOUT, e.stdout or "")
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="session")
def torture_results():
    found = dict((v, p) for v, p in installed_interpreters().items() if v in EXPECTED)
    present = [v for v in EXPECTED if v in found]
    controls = set(present[:1] + present[-1:])
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = dict((v, pool.submit(run_torture, found[v], v in controls))
                       for v in present)
        return dict((v, future.result()) for v, future in futures.items())


@pytest.mark.parametrize("version", EXPECTED)
def test_no_probe_hangs_under(version, torture_results):
    if version not in torture_results:
        pytest.skip("no Python %s in `pyenv versions --bare`: lock not tortured there"
                    % version)
    returncode, output = torture_results[version]
    lines = output.splitlines()
    summary = [line for line in lines if line.startswith("python ")]
    assert returncode == 0, "lock torture failed under Python %s:\n%s" % (version, output)
    assert summary and " 0 failed" in summary[-1], output
    probes = [line for line in lines if line.startswith(("PASS ", "FAIL "))]
    assert len(probes) >= 3 * len(lock_torture.PROBES), output  # every probe ran
    print("\n".join(probes + summary))
