"""Type information for the runtime: ftools.pyi and py.typed, valid for mypy --strict, for
the installed runtime (the standalone wheel in a fresh venv) and for a vendored copy with
the stub copied next to it.  Each check also shows that a real type error is reported."""

import os
import shutil
import subprocess
import sys
import textwrap
import zipfile

import pytest

from tests.runtime.conftest import ROOT

RUNTIME = os.path.join(ROOT, "runtime")

USER_CODE = '''\
import logging
import os
import socket
import subprocess

{import_line}


class Handler(ftools.FileHandler):
    pass


def work(path: str) -> int:
    with ftools.open(path, "w", encoding="utf-8") as f:
        f.write("x")
    data: bytes = ftools.open(path, "rb").read()
    fd: int = ftools.os_open(path, os.O_RDONLY | ftools.O_CLOEXEC)
    os.close(fd)
    sock = ftools.socket(socket.AF_INET, socket.SOCK_STREAM | ftools.SOCK_CLOEXEC)
    pair = ftools.socketpair()
    r, w = ftools.pipe()
    handler: logging.FileHandler = Handler(path)
    child: "subprocess.Popen[bytes]" = ftools.Popen(["true"])
    with ftools.spawn_lock.writing():
        pass
    ftools.copyfile(path, path + ".copy")
    return len(data) + child.wait() + r + w + pair[0].fileno() + sock.fileno() + handler.level
'''

TYPE_ERROR = '''

def wrong(path: str) -> int:
    return ftools.open(path)
'''


@pytest.fixture(scope="module")
def mypy(tmp_path_factory):
    """Run mypy --strict; one cache for the module (typeshed is parsed once)."""
    cache = str(tmp_path_factory.mktemp("mypy-cache"))

    def run(*args):
        done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", cache]
                              + list(args), capture_output=True, text=True)
        return done.returncode, done.stdout + done.stderr
    return run


def write_project(root, import_line, with_error=False):
    package = root / "app"
    package.mkdir()
    code = USER_CODE.format(import_line=import_line) + (TYPE_ERROR if with_error else "")
    (package / "__init__.py").write_text(code)
    return package


@pytest.fixture(scope="module", autouse=True)
def need_mypy():
    pytest.importorskip("mypy", reason="mypy is in the test extra")


def test_the_stub_itself_passes_mypy_strict(mypy):
    code, output = mypy(os.path.join(RUNTIME, "ftools.pyi"))
    assert code == 0, output


@pytest.mark.parametrize("with_error", [False, True], ids=["clean", "type-error"])
def test_vendored_copy_with_its_stub(mypy, tmp_path, with_error):
    package = write_project(tmp_path, "from app import ftools", with_error)
    shutil.copy(os.path.join(RUNTIME, "ftools.py"), str(package / "ftools.py"))
    shutil.copy(os.path.join(RUNTIME, "ftools.pyi"), str(package / "ftools.pyi"))
    code, output = mypy(str(package))
    if with_error:
        assert code == 1 and 'Incompatible return value type (got "TextIOWrapper' in output, (
            output)
        assert "app/ftools" not in output  # nothing inside the vendored runtime is checked
    else:
        assert code == 0, output


@pytest.fixture(scope="module")
def venv_with_runtime(wheel, tmp_path_factory):
    with zipfile.ZipFile(wheel) as archive:
        assert {"noinherit_ftools/py.typed", "noinherit_ftools/ftools.pyi"} <= set(
            archive.namelist())
    venv = tmp_path_factory.mktemp("typed-venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True)
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                                "--no-index", "--target", site.stdout.strip(), wheel],
                               capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return python


@pytest.mark.slow  # builds the wheel and a venv
@pytest.mark.parametrize("with_error", [False, True], ids=["clean", "type-error"])
def test_installed_runtime(mypy, tmp_path, venv_with_runtime, with_error):
    package = write_project(tmp_path, "from noinherit_ftools import ftools", with_error)
    code, output = mypy("--python-executable", venv_with_runtime, str(package))
    if with_error:
        assert code == 1 and 'Incompatible return value type (got "TextIOWrapper' in output, (
            output)
    else:
        assert code == 0, output


def test_pyright_accepts_the_vendored_copy(tmp_path):
    pyright = shutil.which("pyright")
    if pyright is None:
        pytest.skip("pyright is not installed (npm install -g pyright to run this check)")
    package = write_project(tmp_path, "from app import ftools")
    shutil.copy(os.path.join(RUNTIME, "ftools.py"), str(package / "ftools.py"))
    shutil.copy(os.path.join(RUNTIME, "ftools.pyi"), str(package / "ftools.pyi"))
    (tmp_path / "pyrightconfig.json").write_text(textwrap.dedent('''\
        {"typeCheckingMode": "strict", "include": ["app"], "exclude": ["app/ftools.py"]}'''))
    done = subprocess.run([pyright, "--project", str(tmp_path)], capture_output=True,
                          text=True, cwd=str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
