"""The leaky calls of tests/integration/leaky_programs.py, run for real under the sanitizer.

For each spawning call of ``leaky_programs.CALLS`` and each pyenv interpreter (2.7,
3.6-3.13), one program makes every creating call of ``CALLS`` and then spawns a real
child (see programs.py).  The child reports the descriptors it holds; the program the
statement that made each one.  The sanitizer must report exactly the descriptors the
child really received (no more, no fewer), each with the right kind, and the line of
the statement that made it (and, for ``os.set_inheritable``, the line that made it
inheritable) and the line of the spawn.

The same programs after ``noinherit-fix`` (NIH1/NIH2 fixes; the spawn is left as it is):
the sanitizer is still exact, and no statement the fix rewrote is reported; a program of
only fully fixed statements gives no report at all.
"""

import os

import pytest

from noinherit_lint.cli import main as fix_main
from noinherit_lint.settings import clear_caches
from tests.runtime.interpreters import version_params
from tests.sanitizer import programs
from tests.sanitizer.conftest import python_for, run_sanitized

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"),
                                reason="the programs read /proc/self/fd (Linux)")

#: Creators the sanitizer cannot see on 2.7-3.7 (types, not functions: wrapping them
#: would break isinstance): their descriptors are reported with an unknown maker.
UNSEEN_BEFORE_38 = ("io.FileIO(",)


def _lines_of(ranges, index):
    return ranges[index] if index in ranges else (0, 0)


def _within(line, span):
    return span[0] <= line <= span[1]


def check_program(python, site, folder, text, statements):
    """Run ``text`` in ``folder``; compare the sanitizer's report with the ground truth.

    Returns (the statements that leaked a reported descriptor: the one that made it
    inheritable, else the one that made it; the descriptors the child received).
    """
    script = os.path.join(str(folder), "prog.py")
    with open(script, "w") as f:
        f.write(text)
    run = run_sanitized(python, site, script, folder, args=("out.json", "truth.json"))
    assert run.returncode == 0, run.stderr
    manifest, failed, received = programs.ground_truth(str(folder))
    ranges, spawn_lines = programs.locate(text)
    assert len(run.records) <= 1, run.records
    reported = {}
    if run.records:
        (record,) = run.records
        assert record["site"][0] == script and _within(record["site"][1], spawn_lines), record
        reported = {entry["fd"]: entry for entry in record["descriptors"]}
    assert sorted(reported) == sorted(received), (
        "reported %s, the child received %s (failed statements: %s)"
        % (sorted(reported), sorted(received), failed))
    old_python = run.records and tuple(int(x) for x in run.records[0]["python"].split(".")) \
        < (3, 8)
    seen = set()
    for fd, entry in reported.items():
        made = manifest[fd]["created"]
        if made == -1:
            continue  # made while the prelude imported modules (2.7's /dev/urandom)
        expected_kind = statements[made]["kind"]
        assert entry["kind"] == expected_kind, (fd, entry, statements[made])
        created = entry["created"]
        if old_python and statements[made]["call"].startswith(UNSEEN_BEFORE_38):
            assert created is None, entry
        else:
            assert created is not None, (fd, entry, statements[made])
            assert created["site"][0] == script, created
            assert _within(created["site"][1], _lines_of(ranges, made)), (
                fd, created["site"], statements[made], _lines_of(ranges, made))
        marked = manifest[fd]["marked"]
        seen.add(made if marked is None else marked)  # the statement that leaked it
        if marked is not None:
            assert entry["made_inheritable"] is not None, entry
            assert _within(entry["made_inheritable"]["site"][1], _lines_of(ranges, marked))
    return seen, received


@pytest.mark.parametrize("spawner", sorted(programs.SPAWNERS))
@pytest.mark.parametrize("version", version_params())
def test_every_leak_is_caught_with_fd_kind_and_line(version, spawner, runtime_site, tmp_path):
    python = python_for(version)
    programs.prepare(str(tmp_path))
    program = programs.build(spawner)
    _, received = check_program(python, runtime_site, tmp_path, program.text,
                                program.statements)
    leaks_everywhere = spawner in ("call-close_fds-False", "os.system", "os.fork")
    if leaks_everywhere or version == "2.7":  # close_fds=True by default on 3.x
        assert received, "the program leaked nothing: the test proves nothing"


@pytest.fixture(scope="module")
def fixed_programs(tmp_path_factory):
    """(fixed program, fully fixed program), rewritten once by noinherit-fix."""
    folder = tmp_path_factory.mktemp("fixed")

    def fix(creators, name):
        script = folder / name
        script.write_text(programs.build("call-close_fds-False", creators).text)
        clear_caches()
        code = fix_main(["--unsafe-fixes", "--min-python", "2.7", "--scope", "always", "--select", "NIH1,NIH2",
                         "--vendor", str(folder / "ftools.py"), str(script)])
        assert code == 1
        return script.read_text()

    text = fix(None, "prog.py")
    left = _statements_with_findings(text)
    fully_fixed = [c for i, c in enumerate(programs.CREATORS, start=1) if i not in left]
    assert len(fully_fixed) >= 20, left
    whole = fix(fully_fixed, "whole.py")
    assert not _statements_with_findings(whole) - {0}, whole
    return {"text": text, "left": left, "fully_fixed": fully_fixed, "whole": whole,
            "ftools": (folder / "ftools.py").read_text()}


def _statements_with_findings(text):
    """Indexes of the statements that still have a NIH finding (min-python 2.7)."""
    import ast

    from noinherit_lint.checker import check
    from noinherit_lint.settings import Settings
    settings = Settings(min_python=(2, 7), min_python_source="test", scope="always")
    ranges, _ = programs.locate(text)
    lines = {f.line for f in check(ast.parse(text), settings)
             if f.code.startswith(("NIH1", "NIH2"))}
    return {index for index, (first, last) in ranges.items()
            if any(first <= line <= last for line in lines)}


@pytest.mark.parametrize("version", version_params())
def test_fixed_programs_report_only_what_the_fix_left(version, fixed_programs, runtime_site,
                                                      tmp_path):
    python = python_for(version)
    programs.prepare(str(tmp_path))
    (tmp_path / "ftools.py").write_text(fixed_programs["ftools"])
    statements = programs.build("call-close_fds-False").statements
    seen, _ = check_program(python, runtime_site, tmp_path, fixed_programs["text"], statements)
    assert seen <= fixed_programs["left"], (
        "reported statements the fix rewrote: %s" % sorted(seen - fixed_programs["left"]))

    whole = tmp_path / "whole"
    whole.mkdir()
    programs.prepare(str(whole))
    (whole / "ftools.py").write_text(fixed_programs["ftools"])
    statements = programs.build("call-close_fds-False", fixed_programs["fully_fixed"]).statements
    seen, received = check_program(python, runtime_site, whole, fixed_programs["whole"],
                                   statements)
    assert not received and not seen  # nothing leaks, nothing reported
