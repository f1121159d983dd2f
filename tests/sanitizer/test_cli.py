"""``python -m noinherit_ftools.sanitizer script.py args`` behaves like ``python script.py``.

Run with this project's interpreter (the package installed) and with pyenv's 2.7 and
3.8 (the package on PYTHONPATH): argv, ``__main__``, ``sys.path[0]``, exit status,
tracebacks without the sanitizer's frames; bad command lines get one line and exit 2.
"""

import os
import subprocess
import sys
import textwrap

import pytest

from tests.sanitizer.conftest import python_for

PROGRAM = textwrap.dedent("""
    from __future__ import print_function
    import os, sys
    import helper_module
    from noinherit_ftools import sanitizer
    print(repr(sys.argv))
    print(__name__, sys.modules["__main__"].__dict__ is globals(), __file__)
    print(sys.path[0] == os.path.dirname(os.path.realpath(__file__)), sanitizer.enabled())
    if len(sys.argv) > 1 and sys.argv[1] == "fail":
        def inner():
            raise KeyError("boom")
        inner()
    if len(sys.argv) > 1 and sys.argv[1] == "message":
        sys.exit("bye")
    sys.exit(int(sys.argv[-1]) if sys.argv[-1].isdigit() else 0)
    """)


@pytest.fixture(params=["this", "2.7", "3.8"])
def runner(request, runtime_site, tmp_path):
    """A function running ``python -m noinherit_ftools.sanitizer *args`` in tmp_path."""
    if request.param == "this":
        python, env = sys.executable, dict(os.environ)
    else:
        python = python_for(request.param)
        env = dict(os.environ, PYTHONPATH=runtime_site)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    (tmp_path / "prog.py").write_text(PROGRAM)
    (tmp_path / "helper_module.py").write_text("")

    def run(*args):
        return subprocess.run([python, "-m", "noinherit_ftools.sanitizer"] + list(args),
                              cwd=str(tmp_path), env=env, capture_output=True, text=True,
                              timeout=60)
    run.version = request.param
    return run


def test_argv_main_path_and_exit_status(runner):
    done = runner("prog.py", "-x", "--mode", "7")
    assert done.returncode == 7, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == repr(["prog.py", "-x", "--mode", "7"])
    name, is_main, file_ = lines[1].split()
    assert (name, is_main) == ("__main__", "True")
    assert file_ == "prog.py" if runner.version in ("2.7", "3.8") else file_.endswith("/prog.py")
    assert lines[2] == "True True"  # script folder first on sys.path; sanitizer shared
    assert done.stderr == ""


def test_options_before_the_script_and_the_separator(runner, tmp_path):
    done = runner("--mode=record", "--report", "r.jsonl", "--", "prog.py", "3")
    assert done.returncode == 3 and done.stderr == ""
    assert runner("--mode", "raise", "prog.py").returncode == 0


def test_uncaught_exception_and_sys_exit_message(runner):
    done = runner("prog.py", "fail")
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[1].startswith('  File "prog.py", line ')  # no frame of the sanitizer
    assert "sanitizer" not in done.stderr and lines[-1] == "KeyError: 'boom'"
    done = runner("prog.py", "message")
    assert done.returncode == 1 and done.stderr == "bye\n"


@pytest.mark.parametrize("args, message", [
    ([], "no script given"),
    (["--mode", "loud", "prog.py"], "--mode must be one of warn, raise, record, not 'loud'"),
    (["--colour", "prog.py"], "unknown option --colour"),
    (["--report"], "--report needs a value"),
])
def test_bad_command_lines(runner, args, message):
    done = runner(*args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines()[-1] == \
        "python -m noinherit_ftools.sanitizer: error: " + message


def test_missing_script_and_syntax_error(runner, tmp_path):
    done = runner("missing.py")
    assert done.returncode == 2
    assert done.stderr.startswith("python -m noinherit_ftools.sanitizer: can't open file "
                                  "'missing.py': [Errno 2]")
    (tmp_path / "bad.py").write_text("def broken(:\n")
    done = runner("bad.py")
    assert done.returncode == 1 and "SyntaxError" in done.stderr.splitlines()[-1]


def test_help(runner):
    done = runner("--help")
    assert done.returncode == 0 and done.stdout.startswith("usage: python -m noinherit_ftools")
    assert "--mode record" in done.stdout
