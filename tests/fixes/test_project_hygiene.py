"""After `noinherit-fix` the project still lints (ruff's isort and unused-import rules) and its
tests' mocks of the module's own names still intercept the calls."""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from noinherit_lint.cli import main
from noinherit_lint.settings import clear_caches

RUFF = shutil.which("ruff", path=os.path.dirname(sys.executable)) or shutil.which("ruff")

MODULE = '''"""A module of the project."""
from __future__ import print_function

import os
import shutil
import subprocess
import threading

import attr

from mypkg import helpers


def save(path, data):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    os.write(fd, data)
    shutil.copyfile(path, path + ".bak")
    subprocess.call(["sync"])
    os.close(fd)
    return attr, helpers


def save_in_background(path, data):
    # a thread that spawns: the copy's short-lived files can reach its child (NIH103)
    threading.Thread(target=save, args=(path, data)).start()
'''


@pytest.fixture
def project(tmp_path):
    clear_caches()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "mypkg"\nrequires-python = ">=2.7"\n')
    package = tmp_path / "mypkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "helpers.py").write_text("")
    (package / "store.py").write_text(MODULE)
    yield tmp_path
    clear_caches()


def _ruff(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([RUFF, "check", "--isolated", "--select", "I,F401", "--target-version", "py39",
                           "mypkg/store.py"], cwd=project, capture_output=True, text=True)


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed (the test extra has it)")
def test_ruff_isort_rules_pass_before_and_after(project, capsys):
    assert _ruff(project).returncode == 0
    assert main(["--unsafe-fixes", str(project / "mypkg")]) == 1, capsys.readouterr().err
    store = (project / "mypkg" / "store.py").read_text()
    assert store == MODULE.replace(
        "import shutil\nimport subprocess\nimport threading\n\nimport attr\n",
        "import subprocess\nimport threading\n\nimport attr\nfrom noinherit_ftools import ftools\n",
    ).replace("os.O_WRONLY | os.O_CREAT)", "os.O_WRONLY | os.O_CREAT | ftools.O_CLOEXEC)").replace(
        "shutil.copyfile(", "ftools.copyfile(").replace('["sync"])', '["sync"], close_fds=True)')
    result = _ruff(project)
    assert result.returncode == 0, result.stdout


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed (the test extra has it)")
def test_a_vendored_runtime_is_first_party(project, capsys):
    assert main(["--unsafe-fixes", "--vendor", str(project / "mypkg" / "ftools.py"), str(project / "mypkg")]) == 1
    store = (project / "mypkg" / "store.py").read_text()
    # ruff and isort combine the imports of one package
    assert "import attr\n\nfrom mypkg import ftools, helpers\n" in store
    result = _ruff(project)
    assert result.returncode == 0, result.stdout


def test_a_mock_of_the_modules_os_still_intercepts_os_open(project, capsys):
    assert main(["--select", "NIH102", str(project / "mypkg")]) == 1
    sys.path.insert(0, str(project))
    try:
        spec = importlib.util.spec_from_file_location("mypkg.store", project / "mypkg" / "store.py")
        store = importlib.util.module_from_spec(spec)
        with mock.patch.dict(sys.modules, {"attr": mock.Mock()}):
            spec.loader.exec_module(store)
        with mock.patch.object(store, "os") as fake_os, mock.patch.object(store, "shutil"), \
                mock.patch.object(store, "subprocess"):
            fake_os.O_WRONLY, fake_os.O_CREAT = os.O_WRONLY, os.O_CREAT
            store.save("p", b"x")
        # on Python >= 3.4 ftools.O_CLOEXEC is 0: the mock sees exactly the arguments it saw before
        fake_os.open.assert_called_once_with("p", os.O_WRONLY | os.O_CREAT)
    finally:
        sys.path.remove(str(project))
