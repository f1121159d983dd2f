"""The cache of `noinherit-lint check`: an unchanged file with unchanged settings and tool is not
parsed again; a change of any of the three is; damaged entries are misses; git ignores it."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

import noinherit_lint
from noinherit_lint import file_results
from tests.check.conftest import LEAKY, LEAKY_FINDINGS, PYPROJECT, run, write


@pytest.fixture
def parses(monkeypatch):
    """The files whose findings were computed (not taken from the cache), per run."""
    seen = []
    real = file_results.checked  # check_run imports it on the first miss

    def counting(raw, settings, filename):
        seen.append(filename)
        return real(raw, settings, filename)

    monkeypatch.setattr(file_results, "checked", counting)
    return seen


def _check(capsys, *args):
    code, out, _ = run(capsys, "check", *args, "leaky.py", "other.py")
    return code, out


@pytest.fixture
def two_files(project):
    write(project / "other.py", "x = 1\n")
    return project


def test_second_run_parses_nothing_and_prints_the_same(two_files, parses, capsys):
    first = _check(capsys)
    assert parses == ["leaky.py", "other.py"]
    del parses[:]
    assert _check(capsys) == first
    assert parses == []
    assert first[0] == 1 and [line.rsplit(" [", 1)[0] for line in first[1].splitlines()] == LEAKY_FINDINGS


def test_changed_content_is_parsed_again(two_files, parses, capsys):
    _check(capsys)
    del parses[:]
    write(two_files / "leaky.py", LEAKY.replace("open(path, 'a')", "open(path, 'a', closefd=True)  "))
    code, out = _check(capsys)
    assert parses == ["leaky.py"]
    assert "leaky.py:5:14: NIH101" in out
    write(two_files / "leaky.py", "y = 2\n")
    assert _check(capsys) == (0, "")


def test_content_switched_back_and_alternating_settings_are_hits(two_files, parses, capsys):
    first = _check(capsys)
    write(two_files / "leaky.py", "y = 2\n")  # another branch
    assert _check(capsys) == (0, "")
    write(two_files / "leaky.py", LEAKY)  # switched back
    del parses[:]
    assert _check(capsys) == first and parses == []
    strict = _check(capsys, "--min-python", "3.9")  # another hook's settings
    del parses[:]
    assert _check(capsys) == first and _check(capsys, "--min-python", "3.9") == strict and parses == []


def test_changed_settings_are_a_miss(two_files, parses, capsys):
    _check(capsys)
    del parses[:]
    write(two_files / "pyproject.toml", PYPROJECT.replace(">=2.7", ">=3.4"))  # NIH101 no longer applies
    code, out = _check(capsys)
    assert sorted(parses) == ["leaky.py", "other.py"]
    assert "NIH101" not in out and "NIH301" not in out and code == 0
    del parses[:]
    _check(capsys, "--min-python", "2.7")  # a command-line setting is part of the key too
    assert sorted(parses) == ["leaky.py", "other.py"]
    del parses[:]
    _check(capsys, "--select", "NIH3", "--min-python", "2.7")
    assert sorted(parses) == ["leaky.py", "other.py"]


def test_another_version_is_a_miss(two_files, parses, capsys, monkeypatch):
    first = _check(capsys)
    del parses[:]
    monkeypatch.setattr(noinherit_lint, "__version__", "99.0")
    assert _check(capsys) == first
    assert sorted(parses) == ["leaky.py", "other.py"]
    assert sorted(p.name.split("-")[0] for p in (two_files / ".noinherit_cache").iterdir() if p.is_dir()) == [
        "0.1.0", "99.0"]


def _packs(root):
    return sorted((root / ".noinherit_cache").glob("*/*.json"))


def test_one_pack_per_folder_and_no_entry_folders(two_files, capsys):
    write(two_files / "sub" / "third.py", "z = 3\n")
    run(capsys, "check", "leaky.py", "other.py", "sub/third.py")
    cache = two_files / ".noinherit_cache"
    (fingerprint,) = [p for p in cache.iterdir() if p.is_dir()]
    assert sorted(p.name for p in cache.iterdir() if not p.is_dir()) == [".gitignore", "CACHEDIR.TAG"]
    packs = {json.loads(p.read_bytes())["folder"]: sorted(json.loads(p.read_bytes())["entries"])
             for p in fingerprint.iterdir()}
    assert packs == {str(two_files): ["leaky.py", "other.py"], str(two_files / "sub"): ["third.py"]}


def test_a_damaged_pack_is_a_miss_and_rewritten(two_files, parses, capsys):
    first = _check(capsys)
    (pack,) = _packs(two_files)  # both files are in one folder: one pack
    pack.write_bytes(b"{not json")
    del parses[:]
    assert _check(capsys) == first
    assert sorted(parses) == ["leaky.py", "other.py"]
    del parses[:]
    assert _check(capsys) == first and parses == []


def test_a_damaged_entry_is_a_miss_for_its_file_and_rewritten(two_files, parses, capsys):
    first = _check(capsys)
    (pack,) = _packs(two_files)
    data = json.loads(pack.read_bytes())
    data["entries"]["leaky.py"][0][1] = [["NIH101"]]  # not a finding
    pack.write_text(json.dumps(data))
    del parses[:]
    assert _check(capsys) == first
    assert parses == ["leaky.py"]
    del parses[:]
    assert _check(capsys) == first and parses == []


def test_parallel_workers_leave_the_cache_to_the_main_process(two_files, parses, capsys):
    first = run(capsys, "check", "-j", "2", "leaky.py", "other.py")
    assert parses == []  # the workers computed both
    (pack,) = _packs(two_files)
    assert sorted(json.loads(pack.read_bytes())["entries"]) == ["leaky.py", "other.py"]
    assert run(capsys, "check", "leaky.py", "other.py") == first and parses == []  # -j 1 reads what -j 2 wrote
    write(two_files / "other.py", "x = 2\n")
    assert run(capsys, "check", "-j", "2", "leaky.py", "other.py") == first
    assert run(capsys, "check", "leaky.py", "other.py") == first and parses == []


def test_no_cache_neither_reads_nor_writes(two_files, parses, capsys):
    _check(capsys, "--no-cache")
    assert not (two_files / ".noinherit_cache").exists()
    _check(capsys)
    del parses[:]
    _check(capsys, "--no-cache")
    assert sorted(parses) == ["leaky.py", "other.py"]


def test_an_unusable_cache_folder_is_one_warning(two_files, capsys):
    write(two_files / "blocker", "a file, not a folder\n")
    code, out, err = run(capsys, "check", "--cache-dir", "blocker/cache", "leaky.py")
    assert code == 1 and "leaky.py:5:14: NIH101" in out
    assert err.splitlines()[0].startswith("noinherit-lint: warning: cannot use the cache folder blocker/cache (")
    assert err.splitlines()[0].endswith("); caching is off")


def test_a_pack_that_cannot_be_written_is_one_warning(two_files, parses, capsys):
    first = _check(capsys)
    (pack,) = _packs(two_files)
    pack.unlink()
    (pack / "in-the-way").mkdir(parents=True)  # a folder where the pack goes: the rename fails
    code, out, err = run(capsys, "check", "leaky.py", "other.py")
    assert (code, out) == first
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and warnings[0].startswith(
        "noinherit-lint: warning: cannot write to the cache folder .noinherit_cache (")
    assert warnings[0].endswith("); caching is off")
    assert not list((two_files / ".noinherit_cache").glob("*/*.part"))


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_ignores_the_cache_folder(two_files, capsys):
    subprocess.run(["git", "init", "-q"], cwd=two_files, check=True)
    _check(capsys)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=two_files,
                            capture_output=True, text=True, check=True).stdout
    assert sorted(line[3:] for line in status.splitlines()) == ["leaky.py", "other.py", "pyproject.toml"]
    assert (two_files / ".noinherit_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
