"""README's two commands from a fresh install of the runtime wheel, nothing of the checkout.

The wheel is built from ``runtime_dist/`` and installed with each interpreter's own pip:
into a new venv on 3.8 and 3.13 (``pip install WHEEL pytest``), into a new folder on 2.7
(no venv there; pytest 4.6).  In a folder outside the checkout:

* ``python -m noinherit_ftools.sanitizer sanitizer_demo.py`` (examples/) prints README's
  two blocks, each descriptor put on the demo's own lines (never on the runtime's, which
  is installed in site-packages here), and keeps the script's exit status;
* ``pytest --nih-sanitize`` (the console script of the venv; ``python -m pytest`` on 2.7)
  finds the plugin through the wheel's entry point and fails the leaking test only.
"""

import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.sanitizer.conftest import ROOT, python_for

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"),
                                 reason="the demo's output was taken on Linux")]

DEMO = os.path.join(ROOT, "examples", "sanitizer_demo.py")

PROJECT_TESTS = textwrap.dedent("""
    import os, subprocess, sys

    def test_leaks(tmpdir):
        fd = os.open(str(tmpdir.join("log")), os.O_WRONLY | os.O_CREAT)
        if hasattr(os, "set_inheritable"):
            os.set_inheritable(fd, True)
        subprocess.call([sys.executable, "-c", "pass"], close_fds=False)
        os.close(fd)

    def test_clean():
        subprocess.call([sys.executable, "-c", "pass"], close_fds=False)
    """)


class Installed(object):
    def __init__(self, version, python, pytest_command, env, prefix):
        self.version = version
        self.prefix = prefix  # the folder installed into
        self.python = python
        self.pytest_command = pytest_command
        self.env = env

    def run(self, command, cwd):
        env = dict((k, v) for k, v in os.environ.items() if k != "PYTHONPATH")
        env.update(PYTHONDONTWRITEBYTECODE="1", **self.env)
        return subprocess.run(command, cwd=str(cwd), env=env, capture_output=True,
                              text=True, timeout=300)


@pytest.fixture(scope="module", params=["2.7", "3.8", "3.13"])
def installed(request, tmp_path_factory, runtime_wheel):
    version = request.param
    if version == "2.7":
        python, env = request.getfixturevalue("python27_with_pytest")
        return Installed(version, python, [python, "-m", "pytest"], env, env["PYTHONPATH"])
    base = python_for(version)
    venv = tmp_path_factory.mktemp("fresh-%s" % version) / "venv"
    made = subprocess.run([base, "-m", "venv", str(venv)], capture_output=True, text=True,
                          timeout=300)
    assert made.returncode == 0, made.stderr
    python = str(venv / "bin" / "python")
    done = subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           runtime_wheel, "pytest"], capture_output=True, text=True,
                          timeout=900)
    if done.returncode != 0:
        pytest.skip("cannot install pytest for Python %s: %s"
                    % (version, done.stderr.strip().splitlines()[-1:]))
    return Installed(version, python, [str(venv / "bin" / "pytest")], {}, str(venv))


def test_the_package_comes_from_the_install(installed, tmp_path):
    done = installed.run([installed.python, "-c",
                          "import noinherit_ftools.sanitizer as s; print(s.__file__)"], tmp_path)
    assert done.returncode == 0, done.stderr
    location = done.stdout.strip()
    assert location.startswith(installed.prefix + os.sep) and "site-packages" in location, \
        location


def _without_inodes(text):
    return re.sub(r"pipe:\[\d+\]", "pipe:[N]", text)


def test_the_command_on_the_demo(installed, tmp_path):
    shutil.copy(DEMO, str(tmp_path / "sanitizer_demo.py"))
    done = installed.run([installed.python, "-m", "noinherit_ftools.sanitizer",
                          "sanitizer_demo.py"], tmp_path)
    assert done.returncode == 0 and done.stdout == "", done.stderr
    blocks = _without_inodes(done.stderr)
    dup2 = "  fd 50: pipe:[N] write end, made by os.dup2() at sanitizer_demo.py:14 in start_worker"
    expected = [
        "noinherit sanitizer: subprocess.Popen(close_fds=False) at sanitizer_demo.py:15 in "
        "start_worker passes %d descriptor%s to the child",
        dup2,
        "  spawned from: sanitizer_demo.py:15 in start_worker < sanitizer_demo.py:20 in main "
        "< sanitizer_demo.py:27 in <module>",
        "noinherit sanitizer: os.system() at sanitizer_demo.py:21 in main passes %d "
        "descriptor%s to the child",
        dup2,
        "  spawned from: sanitizer_demo.py:21 in main < sanitizer_demo.py:27 in <module>",
    ]
    lines = blocks.splitlines()
    if installed.version == "2.7":  # os.pipe()'s two ends are inheritable there
        pipe = "  fd %d: pipe:[N] %s end, made by os.pipe() at sanitizer_demo.py:19 in main"
        ends = [line for line in lines if "made by os.pipe()" in line]
        assert len(ends) == 4 and ends[0].endswith("read end, made by os.pipe() at "
                                                   "sanitizer_demo.py:19 in main"), blocks
        read, write = (int(re.match(r"  fd (\d+):", line).group(1)) for line in ends[:2])
        assert ends == [pipe % (read, "read"), pipe % (write, "write")] * 2, blocks
        lines = [line for line in lines if "made by os.pipe()" not in line]
        count = 3
    else:
        count = 1
    plural = "" if count == 1 else "s"
    expected[0] %= (count, plural)
    expected[3] %= (count, plural)
    assert lines == expected, blocks
    assert "noinherit_ftools" not in blocks  # no frame of the installed runtime


def test_pytest_with_the_plugin(installed, tmp_path):
    (tmp_path / "test_project.py").write_text(PROJECT_TESTS)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    command = installed.pytest_command + ["-p", "no:cacheprovider", "-q", "-rf",
                                          "--basetemp=%s" % (tmp_path / "tmp")]
    plain = installed.run(command, tmp_path)
    assert plain.returncode == 0 and "2 passed" in plain.stdout, plain.stdout + plain.stderr
    done = installed.run(command + ["--nih-sanitize"], tmp_path)
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    assert re.search(r"\b1 failed, 1 passed\b", out), out
    assert "FAILED test_project.py::test_leaks" in out, out  # -rf: the short summary
    assert "1 passed leaking descriptors to the child, in 1 test phase(s)" in out, out
    assert ("noinherit sanitizer: subprocess.Popen(close_fds=False) at test_project.py:8 in "
            "test_leaks passes 1 descriptor to the child") in out, out
    assert "made by os.open() at test_project.py:5 in test_leaks" in out, out
