"""--vendor: the runtime is copied once and every rewritten module imports it correctly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from noinherit_lint.cli import main
from noinherit_lint.fixes.vendor import VENDOR_HEADER, VendorError, import_path, runtime_source, vendor
from noinherit_lint.settings import clear_caches

LEAKY = 'import subprocess\nf = open("p")\n'


@pytest.fixture(autouse=True)
def _fresh_settings():
    clear_caches()
    yield
    clear_caches()


def touch(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize("module, vendored, expected", [
    ("scripts/run.py", "scripts/ftools.py", "ftools"),
    ("pkg/a.py", "pkg/ftools.py", ".ftools"),
    ("pkg/__init__.py", "pkg/ftools.py", ".ftools"),
    ("pkg/sub/m.py", "pkg/ftools.py", "..ftools"),
    ("pkg/sub/__init__.py", "pkg/ftools.py", "..ftools"),
    ("pkg/sub/m.py", "pkg/util/ftools.py", "..util.ftools"),
    ("pkg/a.py", "pkg/util/ftools.py", ".util.ftools"),
    ("run.py", "pkg/ftools.py", "pkg.ftools"),
    ("pkg/m.py", "ftools.py", "ftools"),
    ("other/m.py", "pkg/ftools.py", "pkg.ftools"),
])
def test_import_path(tmp_path, module, vendored, expected):
    for folder in ("pkg", "pkg/sub", "pkg/util", "other"):
        touch(tmp_path / folder / "__init__.py")
    touch(tmp_path / module)
    touch(tmp_path / vendored)
    assert import_path(str(tmp_path / module), str(tmp_path / vendored)) == expected


def test_a_module_that_cannot_reach_the_vendored_file(tmp_path):
    touch(tmp_path / "scripts" / "run.py")
    touch(tmp_path / "lib" / "ftools.py")
    with pytest.raises(VendorError, match="cannot import the vendored runtime"):
        import_path(str(tmp_path / "scripts" / "run.py"), str(tmp_path / "lib" / "ftools.py"))


def test_vendor_copies_only_when_missing_or_older(tmp_path):
    target = tmp_path / "ftools.py"
    assert vendor(str(target)) is True
    copied = target.read_bytes()
    assert copied.startswith(VENDOR_HEADER) or VENDOR_HEADER in copied[:400]
    assert copied.replace(VENDOR_HEADER, b"") == Path(runtime_source()).read_bytes()
    assert vendor(str(target)) is False  # the same
    target.write_bytes(b"# my own newer edit\n")
    assert vendor(str(target)) is False and target.read_bytes() == b"# my own newer edit\n"
    old = os.stat(runtime_source()).st_mtime - 3600
    os.utime(target, (old, old))
    assert vendor(str(target)) is True and target.read_bytes() == copied


def test_vendor_end_to_end_scripts_and_packages(tmp_path, capsys):
    script = touch(tmp_path / "run.py", LEAKY)
    package_module = touch(tmp_path / "app" / "sub" / "worker.py", LEAKY)
    touch(tmp_path / "app" / "__init__.py")
    touch(tmp_path / "app" / "sub" / "__init__.py")
    vendored = tmp_path / "app" / "ftools.py"
    code = main(["--min-python", "2.7", "--unsafe-fixes", "--vendor", str(vendored), str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [f"Vendoring the runtime to {vendored}", f"Rewriting {script}",
                                f"Rewriting {package_module}"]
    assert script.read_text() == 'from app import ftools\nimport subprocess\nf = ftools.open("p")\n'
    assert package_module.read_text() == 'from .. import ftools\nimport subprocess\nf = ftools.open("p")\n'
    # The copy is never rewritten: not with --vendor, not in a later plain run over the tree.
    assert main(["--min-python", "2.7", "--unsafe-fixes", "--vendor", str(vendored), str(tmp_path)]) == 0
    assert main(["--min-python", "2.7", "--unsafe-fixes", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""
    # And the rewritten code runs: the script and the package module import the copy.
    for args in (["run.py"], ["-m", "app.sub.worker"]):
        result = subprocess.run([sys.executable, *args], cwd=tmp_path, capture_output=True, text=True)
        assert "No such file" in result.stderr and "ImportError" not in result.stderr, result.stderr


def test_vendor_errors_are_one_line(tmp_path, capsys):
    assert main(["--vendor", str(tmp_path), str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"noinherit-fix: {tmp_path}: is a directory\n"
    assert main(["--vendor", str(tmp_path / "no" / "ftools.py"), str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"noinherit-fix: {tmp_path / 'no' / 'ftools.py'}: folder {tmp_path / 'no'} does not exist\n")
    assert main(["--vendor", "x.py", "--runtime-module", "y", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "noinherit-fix: --runtime-module and --vendor cannot be combined\n"
