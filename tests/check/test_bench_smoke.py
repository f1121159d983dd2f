"""bench/check_speed.py runs end to end on a three-file tree and prints the four ratios;
bench/cache_cost.py prints the cache's share of a cold and a warm run."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.check.conftest import LEAKY, write

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_check_speed_smoke(tmp_path, capsys, monkeypatch):
    if not (Path(sys.executable).parent / "noinherit-lint").exists():
        pytest.skip("needs the installed console scripts (the project's venv)")
    stdlib = tmp_path / "lib"
    write(stdlib / "leaky.py", LEAKY)
    write(stdlib / "clean.py", "x = 1\n")
    write(stdlib / "test" / "skipped.py", LEAKY)  # test folders are left out
    write(stdlib / "pkg" / "py2only.py", "print 'x'\n")  # this Python cannot parse it: left out
    monkeypatch.syspath_prepend(str(BENCH))
    import check_speed

    assert check_speed.main(["--stdlib", str(stdlib), "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"2 files of {stdlib} without tests (1 this Python cannot parse left out), 2 findings,")
    ratios = re.findall(r"^  (flake8 / check cold|check cold / ast.parse|check warm / check cold|"
                        r"check cold / no cache) +([0-9.]+)x +([0-9.]+)x", out, re.M)
    assert [name for name, _, _ in ratios] == ["flake8 / check cold", "check cold / ast.parse",
                                               "check warm / check cold", "check cold / no cache"]
    assert re.search(r"^  check --no-cache +[0-9.]+ s wall +[0-9.]+ s CPU$", out, re.M)
    assert all(float(cpu) > 0 and float(wall) > 0 for _, cpu, wall in ratios)


def test_cache_cost_smoke(tmp_path, capsys, monkeypatch):
    if shutil.which("git") is None or not (BENCH.parent / ".git").exists():
        pytest.skip("needs git and a git checkout of this project (--against archives a revision)")
    stdlib = tmp_path / "lib"
    write(stdlib / "leaky.py", LEAKY)
    write(stdlib / "pkg" / "clean.py", "x = 1\n")
    monkeypatch.syspath_prepend(str(BENCH))
    import cache_cost

    assert cache_cost.main(["--stdlib", str(stdlib), "--repeat", "1", "--against", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"2 files of {stdlib} without tests,")
    lines = re.findall(r"^  (working tree|HEAD) +(cold|warm): in the cache ([0-9.]+) s of the run's ([0-9.]+) s"
                       r"  \(prepare=[0-9.]+ key=[0-9.]+ get=[0-9.]+ (?:put=[0-9.]+ )?(?:flush=[0-9.]+)?", out, re.M)
    assert [(label, run) for label, run, _, _ in lines] == [
        ("working tree", "cold"), ("working tree", "warm"), ("HEAD", "cold"), ("HEAD", "warm")]
    assert all(0 <= float(cache) <= float(total) for _, _, cache, total in lines)
