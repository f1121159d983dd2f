"""Fix safety levels in `noinherit-fix`: safe fixes by default, unsafe ones with --unsafe-fixes (or
``unsafe-fixes = true``), --diff shows both and marks the unsafe ones, and a last line counts the
fixes held back."""

from __future__ import annotations

import pytest

from noinherit_lint.cli import main
from noinherit_lint.settings import clear_caches

# NIH101 (unsafe: a runtime swap), NIH301 adding close_fds=True (safe at min-python 2.7), NIH301
# replacing an explicit close_fds=False (unsafe).
SOURCE = (
    'import os\n'
    'import subprocess\n'
    'f = open("p")\n'
    'subprocess.call(["ls"])\n'
    'subprocess.call(["ls"], close_fds=False)\n'
)
SAFE_ONLY = (
    'import os\n'
    'import subprocess\n'
    'f = open("p")\n'
    'subprocess.call(["ls"], close_fds=True)\n'
    'subprocess.call(["ls"], close_fds=False)\n'
)
EVERY_FIX = (
    'import os\n'
    'import subprocess\n'
    '\n'
    'from noinherit_ftools import ftools\n'
    '\n'
    'f = ftools.open("p")\n'
    'subprocess.call(["ls"], close_fds=True)\n'
    'subprocess.call(["ls"], close_fds=True)\n'
)
HIDDEN_2 = "noinherit-fix: {}; 2 hidden fixes can be enabled with the --unsafe-fixes option\n"
OPTIONS = ("--min-python", "2.7")


@pytest.fixture(autouse=True)
def _fresh_settings():
    clear_caches()
    yield
    clear_caches()


def fix(capsys, *args):
    code = main([*OPTIONS, *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _file(tmp_path, text=SOURCE, name="job.py"):
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def test_a_default_run_makes_only_the_safe_fixes(tmp_path, capsys):
    path = _file(tmp_path)
    assert fix(capsys, path) == (1, "", f"Rewriting {path}\n" + HIDDEN_2.format("Fixed 1 finding in 1 file"))
    assert path.read_bytes() == SAFE_ONLY.encode()
    # the held-back fixes stay held back: a second run changes nothing and says so again
    assert fix(capsys, path) == (0, "", HIDDEN_2.format("No fixes made"))
    assert path.read_bytes() == SAFE_ONLY.encode()


def test_unsafe_fixes_makes_every_fix_and_no_summary(tmp_path, capsys):
    path = _file(tmp_path)
    assert fix(capsys, "--unsafe-fixes", path) == (1, "", f"Rewriting {path}\n")
    assert path.read_bytes() == EVERY_FIX.encode()


def test_diff_shows_both_kinds_and_marks_the_unsafe_ones(tmp_path, capsys):
    path = _file(tmp_path)
    code, out, err = fix(capsys, "--diff", path)
    assert code == 1 and err == HIDDEN_2.format("Would fix 1 finding in 1 file")
    assert out == (
        f"--- {path}\n"
        f"+++ {path}\n"
        "@@ -1,5 +1,5 @@\n"
        " import os\n"
        " import subprocess\n"
        ' f = open("p")\n'
        '-subprocess.call(["ls"])\n'
        '+subprocess.call(["ls"], close_fds=True)\n'
        ' subprocess.call(["ls"], close_fds=False)\n'
        f"--- {path}\t(safe fixes only)\n"
        f"+++ {path}\t(with --unsafe-fixes: NIH101, NIH301)\n"
        "@@ -1,5 +1,8 @@ unsafe\n"
        " import os\n"
        " import subprocess\n"
        '-f = open("p")\n'
        "+\n"
        "+from noinherit_ftools import ftools\n"
        "+\n"
        '+f = ftools.open("p")\n'
        ' subprocess.call(["ls"], close_fds=True)\n'
        '-subprocess.call(["ls"], close_fds=False)\n'
        '+subprocess.call(["ls"], close_fds=True)\n'
    )
    assert path.read_bytes() == SOURCE.encode()


def test_diff_with_unsafe_fixes_is_one_plain_diff(tmp_path, capsys):
    path = _file(tmp_path)
    code, out, err = fix(capsys, "--diff", "--unsafe-fixes", path)
    assert (code, err) == (1, "")
    assert out == (
        f"--- {path}\n"
        f"+++ {path}\n"
        "@@ -1,5 +1,8 @@\n"
        " import os\n"
        " import subprocess\n"
        '-f = open("p")\n'
        '-subprocess.call(["ls"])\n'
        '-subprocess.call(["ls"], close_fds=False)\n'
        "+\n"
        "+from noinherit_ftools import ftools\n"
        "+\n"
        '+f = ftools.open("p")\n'
        '+subprocess.call(["ls"], close_fds=True)\n'
        '+subprocess.call(["ls"], close_fds=True)\n'
    )


def test_check_counts_the_hidden_fixes_and_a_file_with_only_unsafe_fixes_would_not_change(tmp_path, capsys):
    path = _file(tmp_path)
    assert fix(capsys, "--check", path) == (
        1, "", f"Would rewrite {path}\n" + HIDDEN_2.format("Would fix 1 finding in 1 file"))
    only_unsafe = _file(tmp_path, 'import subprocess\nf = open("p")\n', "only_unsafe.py")
    assert fix(capsys, "--check", only_unsafe) == (
        0, "", "noinherit-fix: No fixes to make; 1 hidden fix can be enabled with the --unsafe-fixes option\n")
    assert path.read_bytes() == SOURCE.encode()


def test_the_summary_adds_up_over_files_and_workers(tmp_path, capsys):
    first, second = _file(tmp_path, name="a.py"), _file(tmp_path, name="b.py")
    code, out, err = fix(capsys, "-j", "2", "--check", first, second)
    assert code == 1
    assert err == (f"Would rewrite {first}\nWould rewrite {second}\n"
                   "noinherit-fix: Would fix 2 findings in 2 files; 4 hidden fixes can be enabled with the "
                   "--unsafe-fixes option\n")


def test_unsafe_fixes_from_tool_noinherit_and_the_command_line_overrides_it(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text("[tool.noinherit]\nunsafe-fixes = true\n")
    path = _file(tmp_path)
    assert fix(capsys, "--no-unsafe-fixes", path)[0] == 1
    assert path.read_bytes() == SAFE_ONLY.encode()
    path.write_bytes(SOURCE.encode())
    assert fix(capsys, path) == (1, "", f"Rewriting {path}\n")
    assert path.read_bytes() == EVERY_FIX.encode()


def test_unsafe_fixes_in_tool_noinherit_must_be_a_boolean(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.noinherit]\nunsafe-fixes = "yes"\n')
    path = _file(tmp_path)
    assert fix(capsys, path) == (2, "", f"noinherit-fix: {tmp_path / 'pyproject.toml'}: [tool.noinherit] "
                                        "unsafe-fixes: expected a boolean (true or false, unquoted), got the "
                                        "TOML string 'yes'\n")
    assert path.read_bytes() == SOURCE.encode()


def test_a_fix_can_be_unsafe_where_its_rule_is_safe(tmp_path, capsys):
    """NIH201's inheritable=False is safe, except in a module that execs (fd 3 may be for the program)."""
    before_exec = 'import os\nos.dup2(log_fd, 3)\nos.execv("/bin/tool", ["tool"])\n'
    path = _file(tmp_path, before_exec)
    assert fix(capsys, "--min-python", "3.8", path) == (
        0, "", "noinherit-fix: No fixes made; 1 hidden fix can be enabled with the --unsafe-fixes option\n")
    assert fix(capsys, "--min-python", "3.8", "--unsafe-fixes", path)[0] == 1
    assert path.read_text() == 'import os\nos.dup2(log_fd, 3, inheritable=False)\nos.execv("/bin/tool", ["tool"])\n'
    alone = _file(tmp_path, "import os\nos.dup2(log_fd, 3)\n", "alone.py")
    assert fix(capsys, "--min-python", "3.8", alone) == (1, "", f"Rewriting {alone}\n")
    assert alone.read_text() == "import os\nos.dup2(log_fd, 3, inheritable=False)\n"


def test_unsafe_and_no_unsafe_fixes_exclude_each_other(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--unsafe-fixes", "--no-unsafe-fixes", str(_file(tmp_path))])
    assert stopped.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
