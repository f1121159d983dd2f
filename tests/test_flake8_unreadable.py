"""`flake8 --select NIH` on files flake8 cannot open: one NIH002 each, never a silent pass (the
mechanism: noinherit_lint/flake8_unreadable.py).  Real flake8 runs in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from noinherit_lint import docs
from noinherit_lint.registry import FILE_CODES

LEAK = "import os\nos.dup2(1, 9)\n"
NIH201 = "ok.py:2:1: NIH201"


def flake8(folder, *args, user=None):
    command = [sys.executable, "-m", "flake8", *args]
    if user is not None:  # root reads every file: run flake8 as `nobody` to be refused one
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, sorted(line.split(" (")[0] if " NIH002 " in line else line.split(" os.dup2")[0]
                                     for line in result.stdout.splitlines())


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "ok.py").write_text(LEAK)
    (tmp_path / "broken_link.py").symlink_to(tmp_path / "nowhere.py")
    (tmp_path / "package.py").mkdir()  # a directory named *.py is a directory: its files are checked
    (tmp_path / "package.py" / "inner.py").write_text(LEAK)
    return tmp_path


def test_a_missing_file_and_a_broken_link_are_one_nih002_each(folder):
    code, lines = flake8(folder, "--select", "NIH", "missing.py", "broken_link.py", "ok.py", "package.py")
    assert code == 1
    assert lines == ["broken_link.py:1:1: NIH002 cannot read", "missing.py:1:1: NIH002 cannot read",
                     NIH201, "package.py/inner.py:2:1: NIH201"]
    full = subprocess.run([sys.executable, "-m", "flake8", "--select", "NIH", "missing.py"], cwd=folder,
                          capture_output=True, text=True).stdout
    assert full == ("missing.py:1:1: NIH002 cannot read (FileNotFoundError: [Errno 2] No such file or "
                    "directory: 'missing.py')\n")


def test_a_walked_tree_reports_its_broken_link(folder):
    assert flake8(folder, "--select", "NIH", ".") == (1, [
        "./broken_link.py:1:1: NIH002 cannot read", f"./{NIH201}", "./package.py/inner.py:2:1: NIH201"])


@pytest.mark.parametrize("args, expected", [
    (["--select", "NIH", "--extend-ignore", "NIH002"], (1, [NIH201])),
    (["--select", "NIH2"], (1, [NIH201])),
    (["--select", "NIH0"], (1, ["missing.py:1:1: NIH002 cannot read"])),
    (["--select", "E902"], (1, ["missing.py:0:1: E902 FileNotFoundError: [Errno 2] No such file or directory: "
                                "'missing.py'"])),
    (["--select", "NIH", "--per-file-ignores", "missing.py:NIH002"], (1, [NIH201])),
])
def test_nih002_is_selected_and_ignored_like_any_code(folder, args, expected):
    assert flake8(folder, *args, "missing.py", "ok.py") == expected


def test_tool_noinherit_ignore_silences_nih002(folder):
    (folder / "pyproject.toml").write_text('[tool.noinherit]\nignore = ["NIH002"]\n')
    assert flake8(folder, "--select", "NIH", "missing.py", "ok.py") == (1, [NIH201])


@pytest.mark.slow
def test_parallel_workers_report_it_too(folder):
    assert flake8(folder, "-j", "2", "--select", "NIH", "missing.py", "ok.py") == (
        1, ["missing.py:1:1: NIH002 cannot read", NIH201])


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_file_without_read_permission_is_nih002():
    user = None
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: every file is readable")
        user = "65534"
        probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                sys.executable, "-c", "import flake8, noinherit_lint"],
                               cwd=tempfile.gettempdir(), capture_output=True)
        if probe.returncode != 0:
            pytest.skip("the unprivileged user cannot run this interpreter and package (a private venv)")
    folder = Path(tempfile.mkdtemp())  # not pytest's tmp_path: its parents are private to root
    try:
        folder.chmod(0o755)
        (folder / "ok.py").write_text(LEAK)
        (folder / "secret.py").write_text(LEAK)
        (folder / "secret.py").chmod(0)
        code, lines = flake8(folder, "--select", "NIH", "--nih-min-python", "2.7", "secret.py", "ok.py", user=user)
        assert (code, lines) == (1, [NIH201, "secret.py:1:1: NIH002 cannot read"])
        out = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] * (user is not None)
                             + [sys.executable, "-m", "flake8", "--select", "NIH", "secret.py"], cwd=folder,
                             capture_output=True, text=True).stdout
        assert out == "secret.py:1:1: NIH002 cannot read (PermissionError: [Errno 13] Permission denied: 'secret.py')\n"
    finally:
        shutil.rmtree(folder)


@pytest.mark.parametrize("code", sorted(FILE_CODES))
def test_every_file_code_is_documented_like_a_rule(code):
    written = docs.sections(FILE_CODES[code])
    assert tuple(written) == docs.WRITTEN_SECTIONS and all(written.values()), code
    rendered = docs.explain(FILE_CODES[code])
    assert rendered.startswith(f"# {code} {FILE_CODES[code].name}\n") and "No automatic fix: " in rendered


def test_nih000_doc_example_is_refused_and_its_use_instead_is_not(folder):
    """NIH000's Example is a pyproject.toml whose settings cannot be read: flake8 stops with the
    one line that names the setting; with its Use instead the file is checked."""
    import re

    blocks = {name: re.search(r"```toml\n(.*?)```", text, re.S).group(1)
              for name, text in docs.sections(FILE_CODES["NIH000"]).items() if name in ("Example", "Use instead")}
    (folder / "pyproject.toml").write_text(blocks["Example"])
    result = subprocess.run([sys.executable, "-m", "flake8", "--select", "NIH", "ok.py"], cwd=folder,
                            capture_output=True, text=True)
    assert result.returncode == 2 and "min-python" in result.stderr and result.stdout == "", result
    (folder / "pyproject.toml").write_text(blocks["Use instead"])
    assert flake8(folder, "--select", "NIH", "ok.py") == (1, [NIH201])


def test_both_shims_install_once_and_a_flake8_without_the_method_is_left_alone(monkeypatch):
    from flake8.checker import FileChecker

    from noinherit_lint import flake8_python2, flake8_unreadable
    from noinherit_lint.plugin import Plugin

    assert flake8_unreadable.install(Plugin) and flake8_python2.install(Plugin)
    wrapped = FileChecker.run_checks, FileChecker.run_ast_checks
    assert wrapped[0].__wrapped__ is not None and wrapped[1].__wrapped__ is not None
    assert flake8_unreadable.install(Plugin) and flake8_python2.install(Plugin)
    assert (FileChecker.run_checks, FileChecker.run_ast_checks) == wrapped  # not wrapped twice
    monkeypatch.delattr(FileChecker, "run_checks")
    with pytest.warns(UserWarning, match="^noinherit-lint: this flake8 has no FileChecker.run_checks; "):
        assert not flake8_unreadable.install(Plugin)
    assert "run_checks" not in vars(FileChecker)
