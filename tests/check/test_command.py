"""`noinherit-lint`'s command line: exit statuses, stdin, -j, per-file ignores, `rule CODE`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from noinherit_lint import docs
from noinherit_lint.registry import RULES
from tests.check.conftest import LEAKY, LEAKY_FINDINGS, run, write


def _lines(out):
    return [line.rsplit(" [", 1)[0] for line in out.splitlines()]


def test_clean_files_exit_0(project, capsys):
    write(project / "clean.py", "import subprocess\nsubprocess.call(['x'], close_fds=True)\n")
    assert run(capsys, "check", "clean.py") == (0, "", "")


def test_a_missing_file_exits_2_and_the_others_are_still_checked(project, capsys):
    code, out, err = run(capsys, "check", "missing.py", "leaky.py")
    assert code == 2
    # flake8's line for it (NIH002 with flake8's E902 text), with the findings (in flake8's order of
    # file names); nothing on stderr
    assert _lines(out) == [
        *LEAKY_FINDINGS,
        "missing.py:1:1: NIH002 cannot read (FileNotFoundError: [Errno 2] No such file or directory: 'missing.py')"]
    assert err.splitlines()[0].startswith("Found 3 findings in 2 files")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_being_opened(project, capsys):
    os.mkfifo(project / "pipe.py")
    code, out, err = run(capsys, "check", "pipe.py")
    assert code == 2
    assert _lines(out) == ["pipe.py:1:1: NIH002 cannot read (is a FIFO, not a regular file; skipped)"]


def _one_line(capsys, *paths):
    """(exit status, the one line on stdout without its [CODE]) of ``check PATHS``."""
    code, out, _ = run(capsys, "check", "--no-cache", *paths)
    assert len(out.splitlines()) == 1, out
    return code, _lines(out)[0]


def test_an_unreadable_file_is_its_nih002_line_and_exit_2(project, capsys, monkeypatch):
    """As root every file can be opened: the PermissionError of a user without read permission
    is simulated at the open."""
    write(project / "secret.py", LEAKY)
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if os.fspath(path).endswith("secret.py"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    assert _one_line(capsys, "secret.py") == (
        2, "secret.py:1:1: NIH002 cannot read (PermissionError: [Errno 13] Permission denied: 'secret.py')")
    os.remove(project / "leaky.py")
    assert _one_line(capsys, ".") == (
        2, "./secret.py:1:1: NIH002 cannot read (PermissionError: [Errno 13] Permission denied: './secret.py')")


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc/self/mem")
def test_a_file_that_opens_but_cannot_be_read_even_as_root(project, capsys):
    os.symlink("/proc/self/mem", project / "mem.py")  # open succeeds, read fails with EIO
    assert _one_line(capsys, "mem.py") == (2, "mem.py:1:1: NIH002 cannot read (OSError: [Errno 5] Input/output error)")


def test_a_symlink_loop_given_explicitly(project, capsys):
    os.symlink("loop2.py", project / "loop1.py")
    os.symlink("loop1.py", project / "loop2.py")
    assert _one_line(capsys, "loop1.py") == (
        2, "loop1.py:1:1: NIH002 cannot read (OSError: [Errno 40] Too many levels of symbolic links: 'loop1.py')")


def test_a_nul_byte_is_nih001_at_the_byte(project, capsys):
    write(project / "nul.py", b"import subprocess\nx = 1\0\nopen('p')\n")
    assert _one_line(capsys, "nul.py") == (
        1, "nul.py:2:6: NIH001 cannot parse (as Python 3 and 2.7: line 2: source code string cannot contain null bytes)")


def test_a_directory_named_x_py_is_walked(project, capsys):
    write(project / "x.py" / "inner.py", LEAKY)
    code, out, _ = run(capsys, "check", "--no-cache", "x.py")
    assert (code, _lines(out)) == (1, [f"x.py/inner.py:{line.split(':', 1)[1]}" for line in LEAKY_FINDINGS])


@pytest.mark.parametrize("name, data, line", [
    ("latin.py", b'x = "\xff\xfe"\nopen("a")\n',
     "latin.py:1:6: NIH001 cannot parse (as Python 3 and 2.7: line 1: non-UTF-8 byte 0xff (invalid start byte), "
     "but no encoding declared)"),
    ("later.py", b"import subprocess\nx = 'caf\xe9'\nh = open('p')\n",
     "later.py:2:9: NIH001 cannot parse (as Python 3 and 2.7: line 2: non-UTF-8 byte 0xe9 (invalid continuation "
     "byte), but no encoding declared)"),
    ("klingon.py", b"# coding: klingon\nimport os\n",
     "klingon.py:1:1: NIH001 cannot parse (as Python 3 and 2.7: line 1: unknown encoding: klingon)"),
    ("ascii.py", b"#!/usr/bin/env python\n# coding: ascii\nx = '\xc3\xa9'\n",
     "ascii.py:3:6: NIH001 cannot parse (as Python 3 and 2.7: line 3: byte 0xc3 does not decode as ascii (ordinal "
     "not in range(128)))"),
    ("not_a_cookie.py", b"import os\n# coding: ascii\nx = '\xe9'\n",  # line 2 is a cookie after a comment only
     "not_a_cookie.py:3:6: NIH001 cannot parse (as Python 3 and 2.7: line 3: non-UTF-8 byte 0xe9 (invalid "
     "continuation byte), but no encoding declared)"),
    ("hex.py", b"# coding: hex\nx = 1\n",  # a codec Python finds, but not a text encoding
     "hex.py:1:1: NIH001 cannot parse (as Python 3 and 2.7: line 1: encoding problem: hex is not a text encoding)"),
    ("bom.py", b"\xef\xbb\xbfx = '\xe9'\n",
     "bom.py:1:6: NIH001 cannot parse (as Python 3 and 2.7: line 1: byte 0xe9 does not decode as utf-8 (invalid "
     "continuation byte))"),
])
def test_bytes_no_python_decodes_are_nih001_where_they_stop_decoding(project, capsys, name, data, line):
    write(project / name, data)
    assert _one_line(capsys, "--min-python", "2.7", name) == (1, line)


@pytest.mark.parametrize("data, line", [
    (b"# -*- coding: latin-1 -*-\nimport subprocess\ns = '\xe9'\nh = open('p')\n", "ok.py:4:5: NIH101 "),
    (b"# -*- coding: cp1252 -*-\nimport subprocess\ns = '\x80'\nh = open('p')\n", "ok.py:4:5: NIH101 "),
    (b"\xef\xbb\xbfimport subprocess\ns = '\xc3\xa9'\nh = open('p')\n", "ok.py:3:5: NIH101 "),
    (b"# -*- coding: latin-1 -*-\nimport subprocess\nprint 'caf\xe9'\nh = open('p')\n", "ok.py:4:5: NIH101 "),
])
def test_a_coding_cookie_or_a_bom_keeps_the_file_readable(project, capsys, data, line):
    """latin-1 and cp1252 cookies, a UTF-8 BOM, and a Python 2 file with a cookie (read as Python 2)."""
    write(project / "ok.py", data)
    code, found = _one_line(capsys, "--min-python", "2.7", "ok.py")
    assert code == 1 and found.startswith(line), found


def test_a_bad_option_or_project_file_exits_2_naming_it(project, capsys):
    assert run(capsys, "check", "--min-python", "9.9", "leaky.py") == (
        2, "", "noinherit-lint: --min-python: expected a Python 2.x or 3.x version, got '9.9'\n")
    write(project / "pyproject.toml", "[tool.noinherit]\nscope = 'sometimes'\n")
    code, out, err = run(capsys, "check", "leaky.py")
    assert (code, out) == (2, "")
    assert err == ("noinherit-lint: pyproject.toml: [tool.noinherit] scope: expected 'module' or 'always', "
                   "got 'sometimes'\n")


def test_an_unparseable_file_is_a_finding(project, capsys):
    write(project / "broken.py", "x = (\n")
    code, out, _ = run(capsys, "check", "broken.py")
    assert code == 1
    with pytest.raises(SyntaxError) as error:  # where this Python's parser stops: 3.9's one column further
        compile("x = (\n", "broken.py", "exec")
    column = error.value.offset
    assert out.startswith(f"broken.py:1:{column}: NIH001 cannot parse (as Python 3 and 2.7: line 1: ")
    assert out.endswith(" [NIH001]\n") and column in (5, 6)


def test_a_package_named_venv_is_checked_a_virtualenv_is_not(project, capsys):
    write(project / "venv" / "__init__.py", LEAKY)
    write(project / "env" / "pyvenv.cfg", "home = /usr/bin\n")
    write(project / "env" / "lib" / "leaky.py", LEAKY)
    write(project / "venv2" / "venv" / "leaky.py", LEAKY)  # a folder named venv that is no package
    code, out, _ = run(capsys, "check", ".")
    assert code == 1
    assert sorted({line.split(":")[0] for line in out.splitlines()}) == ["./leaky.py", "./venv/__init__.py"]


def test_stdin_with_its_file_name(project, capsys, monkeypatch):
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "leaky.py", stdin=LEAKY.encode(),
                       monkeypatch=monkeypatch)
    assert code == 1
    assert _lines(out) == LEAKY_FINDINGS


def test_stdin_name_finds_the_settings_of_that_file(project, capsys, monkeypatch):
    write(project / "pyproject.toml", '[project]\nrequires-python = ">=2.7"\n'
          '[tool.noinherit]\nper-file-ignores = { "legacy/*" = "NIH101" }\n')
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "legacy/x.py", stdin=LEAKY.encode(),
                       monkeypatch=monkeypatch)
    assert code == 1
    assert _lines(out) == [LEAKY_FINDINGS[1].replace("leaky.py", "legacy/x.py")]


def test_stdin_without_a_name_is_called_stdin(project, capsys, monkeypatch):
    code, out, _ = run(capsys, "check", "-", stdin=LEAKY.encode(), monkeypatch=monkeypatch)
    assert code == 1 and _lines(out) == [line.replace("leaky.py", "stdin") for line in LEAKY_FINDINGS]


def test_stdin_filename_without_stdin_is_a_usage_error(project, capsys):
    assert run(capsys, "check", "--stdin-filename", "x.py", "leaky.py")[0] == 2


def test_per_file_ignores_of_pyproject_prefixes_and_longest_glob(project, capsys):
    write(project / "pyproject.toml", '[project]\nrequires-python = ">=2.7"\n[tool.noinherit]\n'
          'per-file-ignores = { "*.py" = "NIH3", "pkg/*" = ["NIH1"], "pkg/sub/*" = [] }\n')
    for name in ("pkg/a.py", "pkg/sub/b.py"):
        write(project / name, LEAKY)
    code, out, _ = run(capsys, "check", "leaky.py", "pkg/a.py", "pkg/sub/b.py")
    assert code == 1
    assert _lines(out) == [LEAKY_FINDINGS[0], LEAKY_FINDINGS[1].replace("leaky.py", "pkg/a.py"),
                           *[line.replace("leaky.py", "pkg/sub/b.py") for line in LEAKY_FINDINGS]]


def test_a_badly_typed_per_file_ignores_names_the_key(project, capsys):
    write(project / "pyproject.toml", '[tool.noinherit]\nper-file-ignores = { "tests/*" = 3 }\n')
    code, _, err = run(capsys, "check", "leaky.py")
    assert code == 2
    assert err == ("noinherit-lint: pyproject.toml: [tool.noinherit] per-file-ignores 'tests/*': expected a "
                   "string or an array of strings, got the TOML integer 3\n")


def test_select_ignore_extend_select(project, capsys):
    assert _lines(run(capsys, "check", "--select", "NIH3", "leaky.py")[1]) == LEAKY_FINDINGS[1:]
    assert _lines(run(capsys, "check", "--ignore", "NIH3", "leaky.py")[1]) == LEAKY_FINDINGS[:1]
    assert _lines(run(capsys, "check", "--select", "NIH1", "--extend-select", "NIH301", "leaky.py")[1]) == LEAKY_FINDINGS
    assert run(capsys, "check", "--select", "NIH999", "leaky.py")[0] == 2


def test_rule_prints_the_registry_documentation(capsys):
    assert run(capsys, "rule", "NIH101") == (0, docs.explain(RULES["NIH101"]), "")
    assert run(capsys, "--explain", "nih201") == (0, docs.explain(RULES["NIH201"]), "")
    code, out, err = run(capsys, "rule", "NIH001")
    assert code == 0 and out.startswith("# NIH001 cannot-parse\n")
    code, out, err = run(capsys, "rule", "NIH999")
    assert (code, out) == (2, "") and err.startswith("noinherit-lint: unknown code(s) NIH999; known: NIH000, NIH001, NIH002, NIH101")
    code, out, _ = run(capsys, "rule", "--all")
    assert code == 0 and all(f"# {code} {rule.name}\n" in out for code, rule in RULES.items())


@pytest.mark.slow
def test_jobs_give_the_same_output_in_the_same_order(project, tmp_path):
    for index in range(6):
        write(project / f"m{index}.py", LEAKY if index % 2 else "x = 1\n")
    write(project / "broken.py", "def (:\n")
    outputs = []
    for jobs in ("1", "3"):
        completed = subprocess.run([sys.executable, "-m", "noinherit_lint.lint_cli", "check", "--no-cache",
                                    "-j", jobs, "."], cwd=project, capture_output=True, text=True, timeout=120)
        assert completed.returncode == 1, completed.stderr
        outputs.append(completed.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 3 * 2 + 2 + 1


@pytest.mark.slow
def test_the_console_script_is_installed():
    script = os.path.join(os.path.dirname(sys.executable), "noinherit-lint")
    completed = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert completed.stdout.strip() == f"noinherit-lint {__import__('noinherit_lint').__version__}"
