"""The cache of `noinherit-lint check` and findings that depend on another file of the project: an
edited dependency makes the entry a miss, and the finding changes."""

from __future__ import annotations

import json
import os

from noinherit_lint.cache import content_digest
from tests.check.conftest import run, write

HELPER_QUIET = "def run_tool(args):\n    return len(args)\n"
HELPER_SPAWNS = "import subprocess\n\n\ndef run_tool(args):\n    return subprocess.call(args)\n"
MAIN = ("import subprocess\nfrom pkg.helpers import run_tool\n\n\ndef main(path):\n    with open(path) as f:\n"
        "        run_tool([f.read()])\n")
FINDING = ("pkg/main.py:6:10: NIH101 open() creates a handle that child processes inherit on Python < 3.4: "
           "`run_tool` (pkg/helpers.py), called at line 7, may start a child while it is open; use ftools.open() "
           "[NIH101]")


def _check(capsys):
    return run(capsys, "check", "--select", "NIH101", "pkg/main.py")[1].splitlines()


def test_an_edited_dependency_changes_the_cached_finding(project, capsys):
    write(project / "pkg" / "__init__.py", "")
    helper = write(project / "pkg" / "helpers.py", HELPER_QUIET)
    write(project / "pkg" / "main.py", MAIN)
    assert FINDING not in _check(capsys)
    assert FINDING not in _check(capsys)  # from the cache
    dependency = json.dumps([str(helper), content_digest(HELPER_QUIET.encode())], separators=(",", ":"))
    assert any(dependency in pack.read_text() for pack in (project / ".noinherit_cache").glob("*/*.json"))
    write(helper, HELPER_SPAWNS)
    os.utime(helper, ns=(helper.stat().st_mtime_ns + 10**9,) * 2)
    assert FINDING in _check(capsys)
    assert FINDING in _check(capsys)
    write(helper, HELPER_QUIET)
    assert FINDING not in _check(capsys)
    write(helper, HELPER_SPAWNS)
    assert FINDING in _check(capsys)
    assert FINDING in _check(capsys)  # the entry the next run finds holds the finding
    helper.unlink()  # a dependency that is gone: a miss, the call is unknown again
    assert FINDING not in _check(capsys)


def test_a_module_added_later_changes_the_cached_finding(project, capsys):
    write(project / "pkg" / "__init__.py", "")
    write(project / "pkg" / "main.py", MAIN)
    assert FINDING not in _check(capsys)  # pkg.helpers does not exist: the call is unknown
    assert FINDING not in _check(capsys)  # from the cache
    write(project / "pkg" / "helpers.py", HELPER_SPAWNS)
    assert FINDING in _check(capsys)
    assert FINDING in _check(capsys)


def test_an_init_file_added_later_changes_the_cached_finding(project, capsys):
    write(project / "pkg" / "helpers.py", HELPER_SPAWNS)
    write(project / "pkg" / "main.py", MAIN)
    assert FINDING not in _check(capsys)  # no package: `pkg.helpers` is not a module next to the script
    assert FINDING not in _check(capsys)  # from the cache
    write(project / "pkg" / "__init__.py", "")
    assert FINDING in _check(capsys)
    assert FINDING in _check(capsys)


def test_a_finding_from_standard_input_resolves_from_the_given_filename(project, capsys, monkeypatch):
    write(project / "pkg" / "__init__.py", "")
    write(project / "pkg" / "helpers.py", HELPER_SPAWNS)
    out = run(capsys, "check", "--select", "NIH101", "-", "--stdin-filename", "pkg/main.py",
              stdin=MAIN.encode(), monkeypatch=monkeypatch)[1]
    assert FINDING in out.splitlines()


def test_parallel_workers_return_the_dependencies_the_main_process_caches(project, capsys, monkeypatch):
    from noinherit_lint import file_results

    in_this_process = []
    real = file_results.checked
    monkeypatch.setattr(file_results, "checked", lambda *args: in_this_process.append(args[2]) or real(*args))
    write(project / "pkg" / "__init__.py", "")
    helper = write(project / "pkg" / "helpers.py", HELPER_SPAWNS)
    write(project / "pkg" / "main.py", MAIN)
    write(project / "pkg" / "other.py", "x = 1\n")
    parallel = ["check", "-j", "2", "--select", "NIH101", "pkg/main.py", "pkg/other.py"]
    assert FINDING in run(capsys, *parallel)[1].splitlines()
    assert in_this_process == []  # the workers computed both
    dependency = json.dumps([str(helper), content_digest(HELPER_SPAWNS.encode())], separators=(",", ":"))
    assert any(dependency in pack.read_text() for pack in (project / ".noinherit_cache").glob("*/*.json"))
    assert FINDING in _check(capsys)  # a hit, its dependency unchanged
    write(helper, HELPER_QUIET)
    assert FINDING not in _check(capsys)
    assert in_this_process == ["pkg/main.py"]
