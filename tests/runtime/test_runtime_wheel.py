"""The standalone runtime wheel (runtime_dist/) builds as pure py2.py3 and works on 2.7."""

import glob
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.runtime.interpreters import installed_interpreters

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))


@pytest.fixture(scope="module")
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


def test_wheel_is_pure_and_holds_only_the_runtime(wheel):
    assert os.path.basename(wheel) == "noinherit_ftools-0.1.0-py2.py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read("noinherit_ftools-0.1.0.dist-info/METADATA").decode()
        packaged = archive.read("noinherit_ftools/ftools.py")
    runtime_files = sorted(n for n in os.listdir(os.path.join(ROOT, "runtime")) if n.endswith(".py"))
    assert sorted(n for n in names if ".dist-info/" not in n) == [
        "noinherit_ftools/" + n for n in runtime_files]  # ftools and the sanitizer
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
