"""--vendor: the runtime is copied once and every rewritten module imports it correctly."""

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from noinherit_lint.cli import main
from noinherit_lint.fixes.vendor import MARKER, VendorError, import_path, runtime_source, vendor
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
    ("pkg/a.py", "pkg/ftools.py", "pkg.ftools"),
    ("pkg/__init__.py", "pkg/ftools.py", "pkg.ftools"),
    ("pkg/sub/m.py", "pkg/ftools.py", "pkg.ftools"),
    ("pkg/sub/__init__.py", "pkg/ftools.py", "pkg.ftools"),
    ("pkg/sub/m.py", "pkg/util/ftools.py", "pkg.util.ftools"),
    ("pkg/a.py", "pkg/util/ftools.py", "pkg.util.ftools"),
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


def test_vendor_writes_a_marked_copy_and_updates_only_its_own(tmp_path):
    target = tmp_path / "ftools.py"
    runtime = Path(runtime_source()).read_bytes()
    assert vendor(str(target)) is True
    copied = target.read_bytes()
    assert copied.startswith(MARKER) and copied.endswith(runtime)
    version = re.search(rb'__version__ = "([^"]+)"', runtime).group(1)
    header = copied[len(MARKER):].split(b"\n")[0]
    assert header == b"# noinherit_ftools " + version + b", sha256 " + hashlib.sha256(runtime).hexdigest().encode()
    assert (tmp_path / "ftools.pyi").read_bytes().endswith(Path(runtime_source()[:-3] + ".pyi").read_bytes())
    assert vendor(str(target)) is False  # the same

    # the user's lines above the marker survive an update
    licence = b"# SPDX-License-Identifier: MIT\n"
    target.write_bytes(licence + copied.replace(version, b"0.0.1", 1))
    assert vendor(str(target)) is True and target.read_bytes() == licence + copied

    # an edit below the marker: refused, file unchanged
    edited = licence + copied + b"MINE = 1\n"
    target.write_bytes(edited)
    with pytest.raises(VendorError, match=r"ftools.py: the vendored runtime below the marker line was edited"):
        vendor(str(target))
    assert target.read_bytes() == edited


def test_vendor_never_touches_an_unrelated_file_or_follows_a_link(tmp_path):
    mine = tmp_path / "ftools.py"
    mine.write_bytes(b"def helper(): pass\n")
    with pytest.raises(VendorError, match=r"ftools.py: exists and is not a runtime vendored by noinherit-fix"):
        vendor(str(mine))
    assert mine.read_bytes() == b"def helper(): pass\n"
    link = tmp_path / "link.py"
    link.symlink_to(tmp_path / "elsewhere.py")
    with pytest.raises(VendorError, match=r"link.py: is a symbolic link .*; not followed"):
        vendor(str(link))
    assert not (tmp_path / "elsewhere.py").exists()


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
    expected = 'import subprocess\n\nfrom app import ftools\n\nf = ftools.open("p")\n'
    assert script.read_text() == expected
    assert package_module.read_text() == expected
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


def test_vendor_in_a_namespace_package_imports_absolutely_and_runs_as_script_and_module(tmp_path, capsys):
    """No __init__.py anywhere: the project's src folder is the import root."""
    touch(tmp_path / "pyproject.toml", '[project]\nname = "nsapp"\nrequires-python = ">=2.7"\n')
    worker = touch(tmp_path / "src" / "nsapp" / "sub" / "worker.py",
                   'import subprocess\nf = open(__file__)\nprint(type(f).__name__)\n')
    vendored = tmp_path / "src" / "nsapp" / "ftools.py"
    assert main(["--unsafe-fixes", "--vendor", str(vendored), str(tmp_path / "src")]) == 1, capsys.readouterr().err
    assert worker.read_text() == ('import subprocess\n\nfrom nsapp import ftools\n\n'
                                  'f = ftools.open(__file__)\nprint(type(f).__name__)\n')
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "src"))
    for command in ([sys.executable, "-m", "nsapp.sub.worker"], [sys.executable, str(worker)]):
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
        assert (result.returncode, result.stdout) == (0, "TextIOWrapper\n"), result.stderr
