"""`noinherit-fix` on Python 2 files: one finding refused alone, noqa, the vendored runtime."""

from __future__ import annotations

import subprocess

from noinherit_lint.cli import main
from tests.fixes.handmade import SPAWNING_THREAD
from tests.py2.conftest import python27_path, python27_rejects

FIX = ["--min-python", "2.7", "--scope", "always", "--unsafe-fixes"]


def run(capsys, *args):
    code = main([*FIX, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_fix_that_cannot_be_made_is_refused_alone(tmp_path, capsys):
    path = tmp_path / "legacy.py"
    path.write_text('import shutil, subprocess\nprint "x"\nsubprocess.call(c for c in cmd)\nshutil.copy("a", "b")\n'
                    + SPAWNING_THREAD)
    code, out, err = run(capsys, path)
    assert code == 2
    assert err == (f"Rewriting {path}\n{path}:3:1 NIH301: not fixed (an argument shares the call's "
                   f"parentheses (a bare generator expression))\n")
    assert path.read_text() == ('import subprocess\n\nfrom noinherit_ftools import ftools\n\nprint "x"\n'
                                'subprocess.call(c for c in cmd)\nftools.copy("a", "b")\n' + SPAWNING_THREAD)


def test_noqa_is_respected(tmp_path, capsys):
    path = tmp_path / "legacy.py"
    source = 'import os, subprocess\nprint "x"\nr, w = os.pipe()  # noqa: NIH106\nfd = os.dup(r)\n'
    path.write_text(source)
    code, _, err = run(capsys, path)
    assert code == 1
    assert path.read_text() == source.replace("fd = os.dup(r)", "fd = ftools.dup(r)").replace(
        "subprocess\n", "subprocess\n\nfrom noinherit_ftools import ftools\n\n")


def test_vendored_runtime_in_a_python_2_package(tmp_path, capsys):
    package = tmp_path / "app"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    module = package / "sub" / "worker.py"
    module.write_text('import subprocess\nlog = open("w.log", "a")\nprint >>log, "spawning"\n')
    code, _, err = run(capsys, "--vendor", package / "ftools.py", package)
    assert code == 1, err
    assert module.read_text() == ('import subprocess\n\nfrom app import ftools\n\nlog = ftools.open("w.log", "a")\n'
                                  'print >>log, "spawning"\n')
    python27 = python27_path()
    if python27 is None:
        return
    assert python27_rejects(str(python27), [module, package / "ftools.py"]) == set()
    # the rewritten module imports and runs on 2.7: the runtime opens the log non-inheritably
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import fcntl; from app.sub import worker\n"
             "assert fcntl.fcntl(worker.log.fileno(), fcntl.F_GETFD) & fcntl.FD_CLOEXEC\n")
    result = subprocess.run([str(python27), "-c", probe, str(tmp_path)], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_first_print_statement_of_a_string_is_not_taken_for_a_docstring(tmp_path, capsys):
    """``print "x"`` first: the import goes at the top, not after the print (E402 otherwise)."""
    path = tmp_path / "legacy.py"
    path.write_text('print "x"\nfd = open("f")\nimport subprocess\nsubprocess.call(["ls"])\n')
    code, _, err = run(capsys, path)
    assert code == 1, err
    assert path.read_text() == ('from noinherit_ftools import ftools\n\nprint "x"\nfd = ftools.open("f")\n'
                                'import subprocess\nsubprocess.call(["ls"], close_fds=True)\n')


def test_a_real_docstring_before_a_print_statement_keeps_the_import_after_it(tmp_path, capsys):
    path = tmp_path / "legacy.py"
    path.write_text('"""Doc."""\nprint "x"\nfd = open("f")\nimport subprocess\nsubprocess.call(["ls"])\n')
    code, _, err = run(capsys, path)
    assert code == 1, err
    assert path.read_text() == ('"""Doc."""\nfrom noinherit_ftools import ftools\nprint "x"\n'
                                'fd = ftools.open("f")\nimport subprocess\nsubprocess.call(["ls"], close_fds=True)\n')
