"""Our settings never break flake8 runs that do not select NIH, and never give a traceback.

``flake8 --select E,F`` in a folder whose pyproject.toml or setup.py is broken must print and
exit exactly as flake8 without this plugin (the plugin is filtered out of flake8's plugin list
for the comparison).  With NIH selected, a broken file is one line and exit 2, a Python-2
setup.py declares nothing (issue 12).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from noinherit_lint.cli import main as fix_main
from tests.fast import fast_subset

WITHOUT_PLUGIN = textwrap.dedent("""
    import sys
    from flake8.main.cli import main
    from flake8.plugins import finder
    found = finder.find_plugins
    finder.find_plugins = lambda cfg, opts: [p for p in found(cfg, opts) if p.package != "noinherit-lint"]
    sys.exit(main(sys.argv[1:]))
""")
CODE = 'import subprocess\nf = open("p")\nunused = 1 +  2\n'
PY2_SETUP = "from setuptools import setup\nprint 'building'\nsetup(name='legacy', version='1.0')\n"

BROKEN = {
    "wrong types": {"pyproject.toml": "[tool.noinherit]\nmin-python = 3.10\nscope = [1, 2]\n[project]\n"
                                      "requires-python = 3.8\n"},
    "5,000-digit numbers": {"pyproject.toml": "[tool.noinherit]\nmin-python = " + "7" * 5000 + "\n"},
    "5,000-digit number elsewhere": {"pyproject.toml": "[tool.black]\nline-length = " + "7" * 5000 + "\n"},
    "deep arrays": {"pyproject.toml": "[tool.noinherit]\nselect = " + "[" * 3000 + "]" * 3000 + "\n"},
    "not TOML": {"pyproject.toml": "[tool.noinherit\nx = \n"},
    "tool is not a table": {"pyproject.toml": "tool = 1\n"},
    "unknown code": {"pyproject.toml": '[tool.noinherit]\nignore = ["NIH999"]\n'},
    "Python-2 setup.py": {"setup.py": PY2_SETUP},
    "bad nih option in setup.cfg": {"setup.cfg": "[flake8]\nnih-scope = sometimes\nnih-min-python = x\n"},
    "unreadable requires-python": {"pyproject.toml": '[project]\nrequires-python = ">=3.8.*"\n'},
}


def write_tree(root: Path, files) -> None:
    (root / "m.py").write_text(CODE)
    (root / "pkg").mkdir()
    (root / "pkg" / "n.py").write_text(CODE)
    for name, text in files.items():
        (root / name).write_text(text)


def flake8(root: Path, *args: str, plugin: bool = True) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "flake8"] if plugin else [sys.executable, "-c", WITHOUT_PLUGIN]
    return subprocess.run([*command, *args], cwd=root, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HOME": str(root.parent)})


@pytest.mark.parametrize("name", fast_subset(BROKEN, ("not TOML", "Python-2 setup.py", "bad nih option in setup.cfg")))
@pytest.mark.parametrize("args", [("--select", "E,F"),
                                  pytest.param(("--select", "E,F", "-j", "2", "--nih-min-python", "4.x"),
                                               marks=pytest.mark.slow)],
                         ids=["select E,F", "select E,F -j 2 and a bad --nih option"])
def test_runs_without_nih_behave_as_without_the_plugin(tmp_path, name, args):
    write_tree(tmp_path, BROKEN[name])
    with_plugin = flake8(tmp_path, *args, ".")
    alone = flake8(tmp_path, *[a for a in args if a not in ("--nih-min-python", "4.x")], ".", plugin=False)
    assert (with_plugin.returncode, with_plugin.stdout, with_plugin.stderr) == (
        alone.returncode, alone.stdout, alone.stderr)
    assert "F841" not in alone.stdout and "E222" in alone.stdout  # flake8 itself did run


@pytest.mark.parametrize("name", fast_subset([n for n in BROKEN if n not in ("Python-2 setup.py", "unreadable requires-python")],
                                             ("not TOML", "wrong types")))
def test_with_nih_a_broken_file_is_one_line_and_exit_2(tmp_path, name):
    write_tree(tmp_path, BROKEN[name])
    result = flake8(tmp_path, "-j", "2", ".")
    assert (result.returncode, result.stdout) == (2, "")
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("flake8: noinherit-lint: ") for line in lines), result.stderr
    assert all(len(line) < 400 for line in lines)
    assert len(lines) == len(set(lines)) and "Traceback" not in result.stderr
    assert any(f in lines[0] for f in ("pyproject.toml: ", "setup.cfg: "))


def test_python_2_setup_py_means_min_python_unknown_not_a_refusal(tmp_path, capsys, monkeypatch):
    """Defects: every flake8 run exited 2, and every file was refused by noinherit-fix."""
    write_tree(tmp_path, {"setup.py": PY2_SETUP})
    result = flake8(tmp_path, "--select", "NIH", "m.py", "pkg")
    assert result.returncode == 1 and result.stderr == ""
    assert [line.split(" ")[1] for line in result.stdout.splitlines()] == ["NIH101", "NIH101"]
    assert "min-python 2.7 assumed" in result.stdout
    monkeypatch.chdir(tmp_path)
    assert fix_main(["--unsafe-fixes", "--min-python", "2.7", "m.py", "pkg"]) == 1
    assert capsys.readouterr().err == "Rewriting m.py\nRewriting pkg/n.py\n"
    assert (tmp_path / "m.py").read_text().startswith("import subprocess\n\nfrom noinherit_ftools import ftools\n")


def test_fixer_reports_a_bad_value_once_per_run_with_workers(tmp_path):
    """Defect: one bad value printed the same error once per file (4,718 lines on a big tree)."""
    write_tree(tmp_path, {"pyproject.toml": "[tool.noinherit]\nmin-python = 3.10\n"})
    for index in range(40):
        (tmp_path / "pkg" / f"f{index}.py").write_text(CODE)
    result = subprocess.run([sys.executable, "-m", "noinherit_lint.cli", "--unsafe-fixes", "-j", "2", "."], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        'noinherit-fix: pyproject.toml: [tool.noinherit] min-python: expected a string such as "3.10", got the '
        'TOML float 3.1 (an unquoted 3.10 is the number 3.1 in TOML: quote the version, as in min-python = "3.10")'
    ]
    assert (tmp_path / "m.py").read_text() == CODE
