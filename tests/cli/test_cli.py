"""The `noinherit-fix` command-line contract: exit codes, output, what is (not) written, walking."""

import fnmatch
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from noinherit_lint import __version__
from noinherit_lint.cli import main
from noinherit_lint.settings import clear_caches

LEAKY = 'import subprocess\nf = open("p")\nsubprocess.call(["ls"])\n'
FIXED = ('import subprocess\n\nfrom noinherit_ftools import ftools\n\nf = ftools.open("p")\n'
         'subprocess.call(["ls"], close_fds=True)\n')
CLEAN = 'import subprocess\nsubprocess.call(["ls"], close_fds=True)\n'
SCRIPT = Path(sys.executable).parent / "noinherit-fix"


@pytest.fixture(autouse=True)
def _fresh_settings():
    clear_caches()
    yield
    clear_caches()


def run(capsys, *args):
    """`noinherit-fix ARGS` with every fix made: these tests are about files and output, and LEAKY's
    `open` fix is unsafe (which fixes a run makes by default: tests/cli/test_fix_levels.py)."""
    code = main(["--unsafe-fixes", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def write(path: Path, text, mode=None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    if mode is not None:
        path.chmod(mode)
    return path


# --------------------------------------------------------------------------- exit codes and modes

def test_clean_file_exit_0_nothing_printed(tmp_path, capsys):
    path = write(tmp_path / "clean.py", CLEAN)
    assert run(capsys, path) == (0, "", "")
    assert path.read_text() == CLEAN


def test_fixable_file_is_rewritten_exit_1(tmp_path, capsys):
    path = write(tmp_path / "leaky.py", LEAKY)
    code, out, err = run(capsys, path)
    assert (code, out, err) == (1, "", f"Rewriting {path}\n")
    assert path.read_text() == FIXED
    assert run(capsys, path) == (0, "", "")  # idempotent


def test_check_writes_nothing_and_exits_1(tmp_path, capsys):
    path = write(tmp_path / "leaky.py", LEAKY)
    code, out, err = run(capsys, "--check", path)
    assert (code, out, err) == (1, "", f"Would rewrite {path}\n")
    assert path.read_text() == LEAKY


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path, capsys):
    path = write(tmp_path / "leaky.py", LEAKY)
    code, out, err = run(capsys, "--diff", path)
    assert code == 1 and err == ""
    assert out == (
        f"--- {path}\n+++ {path}\n@@ -1,3 +1,6 @@\n import subprocess\n"
        '-f = open("p")\n-subprocess.call(["ls"])\n+\n+from noinherit_ftools import ftools\n+\n+f = ftools.open("p")\n+subprocess.call(["ls"], close_fds=True)\n'
    )
    assert path.read_text() == LEAKY
    code, out2, err = run(capsys, "--check", "--diff", path)
    assert (code, out2, err) == (1, out, "")


def test_unparseable_file_is_one_line_exit_2_and_others_still_processed(tmp_path, capsys):
    broken = write(tmp_path / "a_broken.py", 'import subprocess\nprint "hello"\nf = open("p"\n')
    leaky = write(tmp_path / "b_leaky.py", LEAKY)
    code, out, err = run(capsys, tmp_path)
    assert code == 2
    assert err == (f"{broken}: cannot parse (as Python 2.7: line 3: '(' was never closed; as Python 3: line 2: "
                   f"Missing parentheses in call to 'print'. Did you mean print(...)?); not changed\n"
                   f"Rewriting {leaky}\n")
    assert broken.read_text().startswith('import subprocess\nprint "hello"')
    assert leaky.read_text() == FIXED


def test_python_2_file_is_fixed(tmp_path, capsys):
    py2 = write(tmp_path / "a_py2.py", 'import subprocess\nprint "hello"\nf = open("p")\n')
    code, out, err = run(capsys, py2)
    assert (code, err) == (1, f"Rewriting {py2}\n")
    assert py2.read_text() == ('import subprocess\n\nfrom noinherit_ftools import ftools\n\nprint "hello"\n'
                               'f = ftools.open("p")\n')


@pytest.mark.parametrize("name, content, message", [
    ("nul.py", b"import subprocess\x00\nopen('p')\n", "cannot parse (*null bytes)"),
    ("bad_utf8.py", b"x = '\xff'\n", "cannot decode as utf-8 at byte 5 (invalid start byte)"),
    ("bad_cookie.py", b"# -*- coding: klingon -*-\nx = 1\n", "cannot decode (unknown encoding: klingon)"),
])
def test_bad_input_is_one_clear_line(tmp_path, capsys, name, content, message):
    path = write(tmp_path / name, content)
    code, out, err = run(capsys, path)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert fnmatch.fnmatchcase(err, f"{path}: {message}; not changed\n")
    assert path.read_bytes() == content


def test_nonexistent_path_directory_named_py_and_symlink_loop(tmp_path, capsys):
    (tmp_path / "pkg.py").mkdir()
    leaky = write(tmp_path / "pkg.py" / "inner.py", LEAKY)
    loop = tmp_path / "loop.py"
    loop.symlink_to(loop)
    code, out, err = run(capsys, tmp_path / "missing.py", tmp_path / "pkg.py", loop)
    assert code == 2
    lines = err.splitlines()
    assert f"{tmp_path / 'missing.py'}: no such file or directory" in lines
    assert f"Rewriting {leaky}" in lines
    assert any(line.startswith(f"{loop}: cannot read (") for line in lines)
    assert len(lines) == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path, capsys):
    path = write(tmp_path / "secret.py", LEAKY, mode=0)
    code, out, err = run(capsys, path)
    assert code == 2 and err == f"{path}: cannot read (Permission denied); not changed\n"


def test_read_only_file_is_not_changed(tmp_path, capsys):
    path = write(tmp_path / "ro.py", LEAKY, mode=0o444)
    code, out, err = run(capsys, path)
    assert code == 2 and err == f"{path}: is read-only; not changed\n"
    assert path.read_text() == LEAKY and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_mode_is_kept_and_no_temporary_file_is_left(tmp_path, capsys):
    path = write(tmp_path / "tool.py", "#!/usr/bin/env python\n" + LEAKY, mode=0o751)
    assert run(capsys, path)[0] == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tool.py"]


def _dead_pid() -> str:
    return subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()


def test_leftover_temporary_files_of_dead_runs_are_removed_in_every_folder_visited(tmp_path, capsys):
    """Issue 12: a killed run's temporary file survived unless the same file was rewritten later."""
    path = write(tmp_path / "leaky.py", LEAKY)
    dead = _dead_pid()
    stale = write(tmp_path / f".noinherit-fix-{dead}-x1.tmp", "half")
    old_style = write(tmp_path / f".other.py.noinherit-fix-{dead}-x3.tmp", "an older version's name")
    deep = write(tmp_path / "pkg" / "sub" / f".noinherit-fix-{dead}-x4.tmp", "no file to fix here")
    write(tmp_path / "pkg" / "sub" / "clean.py", CLEAN)
    alive = write(tmp_path / f".noinherit-fix-{os.getppid()}-x2.tmp", "in progress elsewhere")
    assert run(capsys, "--check", tmp_path)[0] == 1  # --check and --diff delete nothing
    assert stale.exists() and old_style.exists() and deep.exists()
    assert run(capsys, tmp_path)[0] == 1
    assert not stale.exists() and not old_style.exists() and not deep.exists() and alive.exists()
    assert path.read_text() == FIXED
    explicit = write(tmp_path / "one" / f".noinherit-fix-{dead}-x5.tmp", "beside an explicit file")
    write(tmp_path / "one" / "a.py", CLEAN)
    assert run(capsys, tmp_path / "one" / "a.py")[0] == 0 and not explicit.exists()


def test_symlinked_file_argument_rewrites_the_target_and_keeps_the_link(tmp_path, capsys):
    target = write(tmp_path / "real" / "leaky.py", LEAKY)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    assert run(capsys, link)[0] == 1
    assert link.is_symlink() and target.read_text() == FIXED


# --------------------------------------------------------------------------- bytes kept exactly

@pytest.mark.parametrize("before, after", [
    (b'import subprocess\r\nx = 1\r\nf = open("p")\r\n',
     b'import subprocess\r\n\r\nfrom noinherit_ftools import ftools\r\n\r\nx = 1\r\nf = ftools.open("p")\r\n'),
    (b'# -*- coding: latin-1 -*-\nimport subprocess\nx = "\xe9"; f = open("\xe9")\n',
     b'# -*- coding: latin-1 -*-\nimport subprocess\n\nfrom noinherit_ftools import ftools\n\n'
     b'x = "\xe9"; f = ftools.open("\xe9")\n'),
    (b'\xef\xbb\xbfimport subprocess\nf = open("\xc3\xa9")\n',
     b'\xef\xbb\xbfimport subprocess\n\nfrom noinherit_ftools import ftools\n\nf = ftools.open("\xc3\xa9")\n'),
    (b'import subprocess\nif x:\n\tf = open("p")\t# tab\n',
     b'import subprocess\n\nfrom noinherit_ftools import ftools\n\nif x:\n\tf = ftools.open("p")\t# tab\n'),
    (b'import subprocess\nf = open("p")', b'import subprocess\n\nfrom noinherit_ftools import ftools\n\nf = ftools.open("p")'),
])
def test_encoding_bom_line_endings_and_tabs_are_kept_byte_for_byte(tmp_path, capsys, before, after):
    path = write(tmp_path / "f.py", before)
    assert run(capsys, "--min-python", "2.7", path)[0] == 1
    assert path.read_bytes() == after


# --------------------------------------------------------------------------- walking

def test_directory_walk_skips_hidden_venv_build_and_excluded(tmp_path, capsys):
    wanted = [
        write(tmp_path / "pkg" / "__init__.py", LEAKY),
        write(tmp_path / "pkg" / "sub" / "mod.py", LEAKY),
        write(tmp_path / "build" / "__init__.py", LEAKY),  # a package named build is code
        write(tmp_path / "build" / "x.py", LEAKY),
        write(tmp_path / "script.py", LEAKY),
    ]
    skipped = [
        write(tmp_path / ".hidden" / "a.py", LEAKY),
        write(tmp_path / "venv" / "a.py", LEAKY),
        write(tmp_path / "env" / "lib" / "a.py", LEAKY),
        write(tmp_path / "node_modules" / "a.py", LEAKY),
        write(tmp_path / "lib" / "site-packages" / "a.py", LEAKY),
        write(tmp_path / "pkg" / "__pycache__" / "a.py", LEAKY),
        write(tmp_path / "dist" / "build" / "lib" / "a.py", LEAKY),
        write(tmp_path / "generated" / "a.py", LEAKY),
        write(tmp_path / "old.egg" / "a.py", LEAKY),
        write(tmp_path / "pkg" / "skip_me.py", LEAKY),
        write(tmp_path / "notes.txt", LEAKY),
        write(tmp_path / f".noinherit-fix-{os.getpid()}-abc.tmp", LEAKY),  # a live run's
    ]
    write(tmp_path / "env" / "pyvenv.cfg", "home = /usr\n")
    (tmp_path / "linked.py").symlink_to(tmp_path / "script.py")
    code, out, err = run(capsys, "--exclude", "generated,skip_*.py", tmp_path)
    assert code == 1
    assert sorted(err.splitlines()) == sorted(f"Rewriting {p}" for p in wanted)
    assert all(p.read_text() == FIXED for p in wanted)
    assert all(p.read_text() == LEAKY for p in skipped)


def test_explicit_file_is_taken_even_without_py_suffix_but_exclude_applies(tmp_path, capsys):
    script = write(tmp_path / "tool", LEAKY)
    other = write(tmp_path / "other.py", LEAKY)
    code, out, err = run(capsys, "--exclude", "other.py", script, other)
    assert (code, err) == (1, f"Rewriting {script}\n")
    assert other.read_text() == LEAKY


@pytest.mark.slow
def test_parallel_jobs_give_the_same_result(tmp_path, capsys):
    files = [write(tmp_path / f"m{i:02}.py", LEAKY if i % 3 else CLEAN) for i in range(12)]
    code, out, err = run(capsys, "-j", "2", "--check", tmp_path)
    serial = run(capsys, "--check", tmp_path)
    assert (code, out, err) == serial
    assert err.splitlines() == [f"Would rewrite {p}" for p in files if p.read_text() == LEAKY]


# --------------------------------------------------------------------------- settings

def test_min_python_from_the_project_and_from_the_option(tmp_path, capsys):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\nrequires-python = ">=3.8"\n')
    path = write(tmp_path / "leaky.py", LEAKY)
    assert run(capsys, "--check", path) == (0, "", "")  # 3.8: nothing to fix
    assert run(capsys, "--check", "--min-python", "2.7", path)[0] == 1


def test_tool_noinherit_runtime_module_and_select_ignore(tmp_path, capsys):
    write(tmp_path / "pyproject.toml", '[tool.noinherit]\nmin-python = "2.7"\nruntime-module = "myapp.ftools"\n')
    path = write(tmp_path / "leaky.py", LEAKY)
    assert run(capsys, "--select", "NIH3", path)[0] == 1
    assert path.read_text() == LEAKY.replace('["ls"])', '["ls"], close_fds=True)')
    write(tmp_path / "leaky.py", LEAKY)
    assert run(capsys, "--ignore", "NIH3", path)[0] == 1
    assert path.read_text() == LEAKY.replace("open(", "ftools.open(").replace(
        "import subprocess\n", "import subprocess\n\nfrom myapp import ftools\n\n")
    write(tmp_path / "leaky.py", LEAKY)
    assert run(capsys, "--runtime-module", "ftools", "--ignore", "NIH3", path)[0] == 1
    assert path.read_text().startswith("import subprocess\n\nimport ftools\n\n")


def test_noqa_lines_are_not_rewritten(tmp_path, capsys):
    source = 'import subprocess\nf = open("p")  # noqa\nsubprocess.call(["ls"])  # noqa: NIH301\n'
    path = write(tmp_path / "quiet.py", source)
    assert run(capsys, "--min-python", "2.7", path) == (0, "", "")
    assert path.read_text() == source


@pytest.mark.parametrize("args, message", [
    (["--min-python", "2"], "noinherit-fix: --min-python: expected a version like 2.7 or 3.8, got '2'\n"),
    (["--platforms", "beos"], "noinherit-fix: --platforms: expected a comma-separated subset of "
                              "linux,macos,windows, got 'beos'\n"),
    (["--scope", "all"], "noinherit-fix: --scope: expected 'module' or 'always', got 'all'\n"),
    (["--runtime-module", "a-b"], "noinherit-fix: --runtime-module: expected a module path such as "
                                  "pkg.ftools, got 'a-b'\n"),
])
def test_bad_option_values_are_one_line_exit_2(tmp_path, capsys, args, message):
    path = write(tmp_path / "leaky.py", LEAKY)
    assert run(capsys, *args, path) == (2, "", message)
    assert path.read_text() == LEAKY


def test_bad_pyproject_is_reported_once_per_run(tmp_path, capsys):
    write(tmp_path / "pyproject.toml", "[tool.noinherit]\nmin-pyhton = '2.7'\n")
    paths = [write(tmp_path / f"leaky{index}.py", LEAKY) for index in range(3)]
    code, out, err = run(capsys, *paths)
    assert code == 2
    assert err == (f"noinherit-fix: {tmp_path}/pyproject.toml: [tool.noinherit] unknown key 'min-pyhton' (did you "
                   "mean 'min-python'? known: min-python, platforms, scope, runtime-module, select, ignore, per-file-ignores, unsafe-fixes)\n")
    assert all(path.read_text() == LEAKY for path in paths)


# --------------------------------------------------------------------------- the console script

@pytest.mark.slow
def test_console_script_version_and_help():
    version = subprocess.run([str(SCRIPT), "--version"], capture_output=True, text=True)
    assert (version.returncode, version.stdout) == (0, f"noinherit-fix {__version__}\n")
    help_text = subprocess.run([str(SCRIPT), "--help"], capture_output=True, text=True).stdout
    for option in ("--diff", "--check", "--min-python", "--platforms", "--scope", "--select", "--ignore",
                   "--exclude", "--runtime-module", "--vendor", "-j N", "exit status"):
        assert option in help_text


def test_console_script_usage_error_exit_2():
    result = subprocess.run([str(SCRIPT)], capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "the following arguments are required: PATH" in result.stderr


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_line_on_a_terminal_for_large_trees_only(tmp_path, monkeypatch):
    for i in range(320):
        write(tmp_path / f"m{i:03}.py", CLEAN)
    leaky = write(tmp_path / "m100.py", LEAKY)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["--check", "--unsafe-fixes", str(tmp_path)]) == 1
    shown = terminal.getvalue()
    assert "\rnoinherit-fix: 25/320 files" in shown and "\rnoinherit-fix: 320/320 files" in shown
    assert f"\r\x1b[KWould rewrite {leaky}\n" in shown  # the progress line is cleared before a message
    assert shown.endswith("\r\x1b[K")

    small = tmp_path / "small"
    write(small / "a.py", LEAKY)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["--check", "--unsafe-fixes", str(small)]) == 1
    assert terminal.getvalue() == f"Would rewrite {small / 'a.py'}\n"
