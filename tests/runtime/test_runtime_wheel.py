"""The standalone runtime wheel (runtime_dist/) builds as pure py2.py3 and works on 2.7."""

import os
import re
import subprocess
import zipfile

import pytest

from tests.runtime.conftest import ROOT
from tests.runtime.interpreters import installed_interpreters

pytestmark = pytest.mark.slow  # see README: Development

def runtime_version():
    with open(os.path.join(ROOT, "runtime", "ftools.py")) as f:
        return re.search(r'^__version__ = "([^"]+)"$', f.read(), re.M).group(1)


def test_wheel_is_pure_and_holds_only_the_runtime(wheel):
    version = runtime_version()
    assert os.path.basename(wheel) == "noinherit_ftools-%s-py2.py3-none-any.whl" % version
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read("noinherit_ftools-%s.dist-info/METADATA" % version).decode()
        packaged = archive.read("noinherit_ftools/ftools.py")
    runtime_files = sorted(n for n in os.listdir(os.path.join(ROOT, "runtime")) if n.endswith(".py"))
    assert sorted(n for n in names if ".dist-info/" not in n) == sorted(
        "noinherit_ftools/" + n for n in runtime_files + ["ftools.pyi", "py.typed"])  # ftools, the sanitizer
    assert "Requires-Dist" not in metadata  # no flake8, no libcst
    with open(os.path.join(ROOT, "runtime", "ftools.py"), "rb") as f:
        assert packaged == f.read()


def test_wheel_installs_and_works_on_python_27(wheel, tmp_path):
    python = installed_interpreters().get("2.7")
    if python is None:
        pytest.skip("no Python 2.7 in `pyenv versions --bare`: wheel not installed on 2.7")
    target = tmp_path / "site"
    installed = subprocess.run(
        [python, "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check",
         "-q", "--target", str(target), wheel], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    probe = (
        "import sys, fcntl\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from noinherit_ftools import ftools\n"
        "f = ftools.open(sys.argv[2])\n"
        "print(ftools.__file__.startswith(sys.argv[1]))\n"
        "print(isinstance(f, file) and f.mode == 'r')\n"
        "print(fcntl.fcntl(f.fileno(), fcntl.F_GETFD) & fcntl.FD_CLOEXEC)\n"
    )
    ran = subprocess.run([python, "-c", probe, str(target), __file__], capture_output=True,
                         text=True)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["True", "True", "1"]
