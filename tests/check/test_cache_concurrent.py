"""Processes sharing one cache folder at once (parallel pre-commit batches, two editors' checks):
each writes the pack of the folder they share, none sees a torn pack, and whatever entries survive
are right: a later run prints what a run without the cache prints."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SOURCES = {f"m{index}.py": (f"import subprocess\n\n\ndef run{index}(path, argv):\n"
                            f"    handle = open(path, 'a')\n    return subprocess.call(argv)\n"
                            if index % 2 else f"x = {index}\n") for index in range(8)}
COMMAND = [sys.executable, "-m", "noinherit_lint.lint_cli", "check", "--min-python", "2.7"]


def _start(cwd, names):
    return subprocess.Popen(COMMAND + sorted(names), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.mark.slow  # 3 rounds of 4 interpreters at once, plus 2 checks each: ~6-9 s on a shared machine
def test_parallel_batches_sharing_the_folder_stay_correct(tmp_path):
    for name, text in SOURCES.items():
        (tmp_path / name).write_text(text)
    names = sorted(SOURCES)
    batches = [names[index::4] for index in range(4)]
    expected = subprocess.run(COMMAND + ["--no-cache"] + names, cwd=tmp_path, capture_output=True, text=True)
    assert expected.returncode == 1 and expected.stdout.count(": NIH101 ") == 4
    for round_ in range(3):
        if round_:  # an edit between rounds: some entries become stale
            (tmp_path / f"m{round_}.py").write_text(SOURCES[f"m{round_}.py"] + f"y = {round_}\n")
        processes = [_start(tmp_path, batch) for batch in batches]
        for process in processes:
            _, err = process.communicate(timeout=120)
            assert process.returncode in (0, 1) and "warning" not in err and "Traceback" not in err, err
        pack, = (tmp_path / ".noinherit_cache").glob("*/*.json")
        assert json.loads(pack.read_bytes())["folder"] == str(tmp_path)  # whole, never torn
        assert not list((tmp_path / ".noinherit_cache").glob("*/*.part"))
        fresh = subprocess.run(COMMAND + ["--no-cache"] + names, cwd=tmp_path, capture_output=True, text=True)
        cached = subprocess.run(COMMAND + names, cwd=tmp_path, capture_output=True, text=True)
        assert (cached.returncode, cached.stdout) == (fresh.returncode, fresh.stdout)
