"""`noinherit-fix -`: standard input to standard output, byte for byte, for editors; settings and
excludes found from --stdin-filename; bad input echoed unchanged with one line on stderr, exit 2."""

from __future__ import annotations

import subprocess

from tests.cli.test_cli import SCRIPT

LEAKY = b'import subprocess\nf = open("p")\n'
FIXED = b'import subprocess\n\nfrom noinherit_ftools import ftools\n\nf = ftools.open("p")\n'
HIDDEN_1 = "noinherit-fix: No fixes made; 1 hidden fix can be enabled with the --unsafe-fixes option\n"


def fix_stdin(data: bytes, *args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *map(str, args)], input=data, cwd=cwd, capture_output=True, timeout=120)


def _result(completed: subprocess.CompletedProcess):
    return completed.returncode, completed.stdout, completed.stderr.decode()


def test_crlf_and_an_encoding_cookie_come_back_byte_for_byte(tmp_path):
    source = '# -*- coding: latin-1 -*-\r\nimport os\r\nname = "café"\r\nr, w = os.pipe2(0)\r\n'.encode("latin-1")
    fixed = '# -*- coding: latin-1 -*-\r\nimport os\r\nname = "café"\r\nr, w = os.pipe2(os.O_CLOEXEC)\r\n'
    assert _result(fix_stdin(source, "--platforms", "linux", "-", cwd=tmp_path)) == (1, fixed.encode("latin-1"), "")


def test_a_bom_and_a_file_with_nothing_to_fix_come_back_unchanged(tmp_path):
    source = b"\xef\xbb\xbfimport os\r\nr, w = os.pipe2(os.O_CLOEXEC)"
    assert _result(fix_stdin(source, "-", cwd=tmp_path)) == (0, source, "")


def test_only_safe_fixes_unless_unsafe_fixes(tmp_path):
    assert _result(fix_stdin(LEAKY, "-", cwd=tmp_path)) == (0, LEAKY, HIDDEN_1)
    assert _result(fix_stdin(LEAKY, "--unsafe-fixes", "-", cwd=tmp_path)) == (1, FIXED, "")


def test_python_2_input_goes_through_the_text_edits(tmp_path):
    source = b'print "starting"\nimport subprocess\nf = open("p")\nsubprocess.call(["ls"])\n'
    # the first statement is code, not an import block: the import goes at the top, as in Python 3
    fixed = (b'from noinherit_ftools import ftools\n\nprint "starting"\nimport subprocess\nf = ftools.open("p")\n'
             b'subprocess.call(["ls"], close_fds=True)\n')
    completed = fix_stdin(source, "--unsafe-fixes", "--stdin-filename", "legacy.py", "-", cwd=tmp_path)
    assert _result(completed) == (1, fixed, "")


def test_unparseable_input_is_echoed_unchanged_with_one_line_and_exit_2(tmp_path):
    bad = b"import os\nx = (\n"
    code, out, err = _result(fix_stdin(bad, "--stdin-filename", "pkg/mod.py", "-", cwd=tmp_path))
    assert (code, out) == (2, bad)
    assert err.startswith("pkg/mod.py: cannot parse (") and err.endswith("; not changed\n") and err.count("\n") == 1
    code, out, err = _result(fix_stdin(bad, "--diff", "-", cwd=tmp_path))
    assert (code, out) == (2, b"") and err.startswith("-: cannot parse (")


def test_undecodable_input_is_echoed_unchanged(tmp_path):
    bad = b'import os\nname = "caf\xe9"\n'  # latin-1 without a cookie
    assert _result(fix_stdin(bad, "-", cwd=tmp_path)) == (
        2, bad, "-: cannot decode as utf-8 at byte 21 (invalid continuation byte)\n")


def test_settings_come_from_the_project_of_stdin_filename(tmp_path):
    project = tmp_path / "project"
    (project / "pkg").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.noinherit]\nmin-python = "3.8"\n')
    # min-python 3.8 there: open() does not leak, nothing to fix
    named = fix_stdin(LEAKY, "--unsafe-fixes", "--stdin-filename", "project/pkg/mod.py", "-", cwd=tmp_path)
    assert _result(named) == (0, LEAKY, "")
    # without the name, the working folder's (no project: min-python 2.7)
    assert _result(fix_stdin(LEAKY, "--unsafe-fixes", "-", cwd=tmp_path)) == (1, FIXED, "")


def test_unsafe_fixes_from_the_project_of_stdin_filename(tmp_path):
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "pyproject.toml").write_text("[tool.noinherit]\nunsafe-fixes = true\n")
    named = fix_stdin(LEAKY, "--stdin-filename", "project/mod.py", "-", cwd=tmp_path)
    assert _result(named) == (1, FIXED, "")


def test_an_excluded_stdin_filename_is_passed_through(tmp_path):
    completed = fix_stdin(LEAKY, "--unsafe-fixes", "--exclude", "generated_*", "--stdin-filename",
                          "generated_api.py", "-", cwd=tmp_path)
    assert _result(completed) == (0, LEAKY, "")


def test_diff_of_stdin_is_labelled_with_the_file_name(tmp_path):
    completed = fix_stdin(LEAKY, "--diff", "--stdin-filename", "mod.py", "-", cwd=tmp_path)
    code, out, err = _result(completed)
    assert (code, err) == (0, HIDDEN_1.replace("No fixes made", "No fixes to make"))
    assert out.decode() == (
        "--- mod.py\t(safe fixes only)\n+++ mod.py\t(with --unsafe-fixes: NIH101)\n@@ -1,2 +1,5 @@ unsafe\n"
        " import subprocess\n-f = open(\"p\")\n+\n+from noinherit_ftools import ftools\n+\n+f = ftools.open(\"p\")\n"
    )


def test_check_of_stdin_prints_nothing_and_says_by_its_status(tmp_path):
    assert _result(fix_stdin(LEAKY, "--check", "--unsafe-fixes", "-", cwd=tmp_path)) == (1, b"", "")


def test_stdin_cannot_be_mixed_with_paths_and_stdin_filename_needs_it(tmp_path):
    (tmp_path / "a.py").write_bytes(LEAKY)
    assert _result(fix_stdin(LEAKY, "-", "a.py", cwd=tmp_path)) == (
        2, b"", "noinherit-fix: - (standard input) cannot be combined with other paths\n")
    assert _result(fix_stdin(LEAKY, "--stdin-filename", "x.py", "a.py", cwd=tmp_path)) == (
        2, b"", "noinherit-fix: --stdin-filename needs - (standard input) as the path\n")
    assert _result(fix_stdin(LEAKY, "--vendor", "ftools.py", "-", cwd=tmp_path)) == (
        2, b"", "noinherit-fix: --vendor cannot be combined with - (standard input)\n")
    assert (tmp_path / "a.py").read_bytes() == LEAKY


def test_the_notes_of_a_file_run_go_to_stderr_and_stdout_is_the_source_only(tmp_path):
    from tests.cli.test_dependency import MOD, TEST

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_mod.py").write_text(TEST)
    options = ("--min-python", "2.7", "--unsafe-fixes", "--scope", "always", "--line-length", "40")
    code, out, err = _result(fix_stdin(MOD.encode(), *options, "--stdin-filename", "pkg/mod.py", "-", cwd=tmp_path))
    (tmp_path / "pkg" / "mod.py").write_text(MOD)
    file_run = fix_stdin(b"", *options, "pkg/mod.py", cwd=tmp_path)
    assert (code, file_run.returncode) == (1, 1)
    assert out == (tmp_path / "pkg" / "mod.py").read_bytes() != MOD.encode()
    # the same notes as the file run (its first line says what it rewrote), in the same order
    assert err.splitlines() == file_run.stderr.decode().splitlines()[1:]
    assert [line.split(": ")[1] for line in err.splitlines()] == [
        "line too long after the fix (51 > 40 characters); not reflowed", "warning", "warning", "warning", "note"]
    assert err.startswith("pkg/mod.py:7: line too long")
    assert "tests/test_mod.py:7: warning: patches 'socket.socket', but pkg/mod.py:5 now calls ftools.socket" in err
    assert err.endswith('noinherit-fix: note: the rewritten code imports noinherit_ftools; pyproject.toml: add '
                        '"noinherit-ftools>=0.2.0" to [project] dependencies (or run with --add-dependency)\n')
    assert (tmp_path / "pyproject.toml").read_text() == '[project]\nname = "x"\n'  # never edited from stdin
