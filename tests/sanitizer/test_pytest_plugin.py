"""The pytest plugin, run for real on a small project: off by default, on with
``--nih-sanitize`` or ``nih_sanitize = true``; the phase that spawned fails.

Under this project's interpreter (plugin found through the installed entry point) and
under Python 2.7 with pytest 4.6 (the runtime wheel and pytest installed with 2.7's pip
into a folder: needs PyPI, skipped with the reason if it cannot be reached).
"""

import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.slow  # each test runs pytest (2.7's pytest 4.6 installed first)


CONFTEST = textwrap.dedent("""
    import os, subprocess, sys
    import pytest

    def inheritable(fd):
        if hasattr(os, "set_inheritable"):
            os.set_inheritable(fd, True)
        return fd

    @pytest.fixture
    def leaky_fixture():
        r, w = os.pipe()
        inheritable(w)
        subprocess.call([sys.executable, "-c", "pass"], close_fds=False)
        yield
        os.close(r)
        os.close(w)
    """)

TESTS = textwrap.dedent("""
    import os, subprocess, sys
    from conftest import inheritable

    def test_leaks(tmpdir):
        fd = inheritable(os.open(str(tmpdir.join("x")), os.O_RDWR | os.O_CREAT))
        subprocess.call([sys.executable, "-c", "pass"], close_fds=False)
        os.close(fd)

    def test_clean():
        subprocess.call([sys.executable, "-c", "pass"], close_fds=True)

    def test_fails_and_leaks(tmpdir):
        fd = inheritable(os.open(str(tmpdir.join("y")), os.O_RDWR | os.O_CREAT))
        os.system("true")
        os.close(fd)
        assert False, "its own failure"

    def test_in_fixture(leaky_fixture):
        pass

    def test_fork_exec(tmpdir):
        fd = inheritable(os.open(str(tmpdir.join("z")), os.O_RDWR | os.O_CREAT))
        pid = os.fork()
        if pid == 0:
            try:
                os.execv(sys.executable, [sys.executable, "-c", "pass"])
            finally:
                os._exit(127)
        os.waitpid(pid, 0)
        os.close(fd)
    """)

SANITIZED = {"test_leaks": "failure", "test_clean": "passed",
             "test_fails_and_leaks": "failure", "test_in_fixture": "error",
             "test_fork_exec": "failure"}
PLAIN = dict((name, "passed") for name in SANITIZED)
PLAIN["test_fails_and_leaks"] = "failure"


def outcomes(junit):
    results = {}
    for case in ET.parse(str(junit)).getroot().iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        results[case.get("name")] = kinds[0] if kinds else "passed"
    return results


def make_project(folder, ini=""):
    (folder / "conftest.py").write_text(CONFTEST)
    (folder / "test_project.py").write_text(TESTS)
    (folder / "pytest.ini").write_text("[pytest]\n" + ini)


def run_pytest(python, folder, *options, **kwargs):
    command = [python, "-m", "pytest", "-p", "no:cacheprovider", "--junitxml=junit.xml",
               "-o", "junit_family=xunit1", "--basetemp=%s" % (folder / "tmp")] + list(options)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", **kwargs.pop("env", {}))
    done = subprocess.run(command, cwd=str(folder), env=env, capture_output=True, text=True,
                          timeout=300)
    return done, outcomes(folder / "junit.xml")


@pytest.fixture(params=["this", "2.7"])
def pytest_runner(request):
    if request.param == "this":
        return lambda folder, *options: run_pytest(sys.executable, folder, *options)
    python, env = request.getfixturevalue("python27_with_pytest")
    return lambda folder, *options: run_pytest(python, folder, *options, env=env)


def test_off_by_default(pytest_runner, tmp_path):
    make_project(tmp_path)
    done, results = pytest_runner(tmp_path)
    assert results == PLAIN, done.stdout
    assert "nih-sanitize" not in done.stdout


def test_option_fails_the_phase_that_spawned(pytest_runner, tmp_path):
    make_project(tmp_path)
    done, results = pytest_runner(tmp_path, "--nih-sanitize", "--nih-sanitize-report",
                                  "records.jsonl")
    assert results == SANITIZED, done.stdout
    out = done.stdout
    assert ("noinherit sanitizer: subprocess.Popen(close_fds=False) at test_project.py:7 "
            "in test_leaks passes 1 descriptor to the child") in out
    assert "made by os.open() at test_project.py:6 in test_leaks" in out
    assert "its own failure" in out and "nih-sanitize (call)" in out  # section added
    assert "os.system() at test_project.py:15 in test_fails_and_leaks" in out
    assert "at conftest.py:14 in leaky_fixture" in out  # the setup phase
    assert "os.exec*() at test_project.py:27 in test_fork_exec" in out  # from the child
    assert ("1 fork+exec(s) checked in the child at the exec; 4 passed leaking descriptors "
            "to the child, in 4 test phase(s)") in out
    assert "test_project.py::test_in_fixture (setup): 1 spawn(s); fd" in out
    records = [json.loads(line) for line in (tmp_path / "records.jsonl").read_text().splitlines()]
    assert [r["context"].split("::")[1] for r in records if r["context"]] == [
        "test_leaks", "test_fails_and_leaks", "test_in_fixture", "test_fork_exec"]
    # pytest 4.6 on 2.7 itself: junitxml opens its file (inheritable there), then
    # platform.node() runs `uname -n` through os.popen: the file leaks into it.
    outside = [(r["call"], r["descriptors"][0]["path"]) for r in records if not r["context"]]
    assert outside == ([("os.popen", str(tmp_path / "junit.xml"))] if "Python 2.7" in out
                       else [])


def test_ini_option(pytest_runner, tmp_path):
    make_project(tmp_path, ini="nih_sanitize = true\n")
    done, results = pytest_runner(tmp_path)
    assert results == SANITIZED, done.stdout
