"""`noinherit-fix --diff` splits lines as Python and flake8 do (`noinherit_lint.lines`): a form feed
or U+2028 inside a line does not end it, so the hunk's line numbers are the file's and the diff
applies with `patch`."""

import shutil
import subprocess

import pytest

from noinherit_lint.cli import main as fix_main
from noinherit_lint.projects import clear_caches

SOURCE = 'import subprocess\nnote = "a\x0cb\u2028c"  # one line\nf = open("p")\n'


def test_diff_numbers_physical_lines(tmp_path, capsys, monkeypatch):
    (tmp_path / "m.py").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    clear_caches()
    assert fix_main(["--diff", "--unsafe-fixes", "--min-python", "2.7", "m.py"]) == 1
    diff = capsys.readouterr().out
    assert (tmp_path / "m.py").read_text(encoding="utf-8") == SOURCE  # --diff writes nothing
    removed = [line for line in diff.split("\n") if line.startswith("-") and not line.startswith("---")]
    assert removed == ['-f = open("p")']
    assert 'note = "a\x0cb\u2028c"  # one line' in diff  # context kept whole, not split in three
    hunk = next(line for line in diff.split("\n") if line.startswith("@@"))
    old_start, old_count = hunk.split()[1][1:].split(",")
    assert int(old_start) + int(old_count) - 1 == 3  # the hunk ends at the file's last line

    if shutil.which("patch") is None:
        pytest.skip("no patch command to apply the diff")
    applied = subprocess.run(["patch", "-s", "m.py"], input=diff.encode("utf-8"), cwd=tmp_path,
                             capture_output=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert (tmp_path / "m.py").read_text(encoding="utf-8").endswith('f = ftools.open("p")\n')
