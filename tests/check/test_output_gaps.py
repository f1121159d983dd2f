"""What `noinherit-lint check` does where an audit found gaps: control characters in names (the
JUnit report still parses, GitHub lines carry no raw ESC), a folder that cannot be listed (an error
in every format, not a pass), a closed stdin (one line, exit 2), flake8's order of the files
(sorted by name) in every format and with -j, and flake8's --exit-zero, --output-file, -j auto."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from noinherit_lint.fixes.walk import gather
from noinherit_lint.lint_cli import build_parser
from tests.check.conftest import LEAKY, run, write

DUP2 = "import os\nos.dup2(3, 5)\n"
LOCKED_ERROR = "cannot list (Permission denied)"


# --------------------------------------------------------------------------- control characters


def test_junit_parses_when_a_file_name_has_control_characters(project, capsys):
    write(project / "a\x01b.py", DUP2)
    write(project / "c\x1bd\x7f.py", DUP2)
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "junit", ".")
    assert code == 1
    root = ElementTree.fromstring(out)  # XML 1.0 has no way to carry \x01 or \x1b: they are escaped as text shows them
    names = [suite.get("name") for suite in root.findall("testsuite")]
    assert names == ["./a\\x01b.py", "./c\\x1bd\\x7f.py", "./leaky.py"]
    case = root.find("testsuite/testcase")
    assert (case.get("classname"), case.get("file")) == ("./a\\x01b.py", "./a\\x01b.py")
    assert case.find("failure").text.startswith("./a\\x01b.py:2:1: NIH201 os.dup2() makes")


def test_github_lines_escape_esc_and_keep_the_runners_escaping(project, capsys):
    name = "e\x1b[31m%\r\n,:\u202e.py"
    write(project / name, DUP2)
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "github", name)
    assert code == 1
    assert "\x1b" not in out and "\u202e" not in out and out.count("\n") == 1
    assert out.startswith("::error title=noinherit-lint (NIH201),file=e\\x1b[31m%25%0D%0A%2C%3A\\u202e.py,line=2,")
    assert out.split("::", 2)[2].startswith("e\\x1b[31m%25%0D%0A,:\\u202e.py:2:1: NIH201 os.dup2() makes")


# --------------------------------------------------------------------------- a folder that cannot be listed


@pytest.fixture
def locked(project, monkeypatch):
    """A folder `locked` that cannot be listed (as root, chmod 000 does not stop a listing: the
    PermissionError of another user is simulated at the scandir), next to leaky.py."""
    (project / "locked").mkdir()
    write(project / "locked" / "hidden.py", LEAKY)
    real_scandir = os.scandir

    def refusing_scandir(path="."):
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    return project


def test_junit_shows_a_folder_that_cannot_be_listed_as_an_error(locked, capsys):
    code, out, err = run(capsys, "check", "--no-cache", "--output-format", "junit", "locked", "leaky.py")
    assert code == 2
    assert err.splitlines() == [f"locked: {LOCKED_ERROR}"]
    root = ElementTree.fromstring(out)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "2", "1")
    suite = root.find("testsuite[@name='locked']")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "1")
    [case] = suite.findall("testcase")
    assert case.find("failure") is None
    error = case.find("error")
    assert error.get("message") == LOCKED_ERROR and error.text == f"locked: {LOCKED_ERROR}"


def test_json_has_an_entry_for_a_folder_that_cannot_be_listed(locked, capsys):
    code, out, err = run(capsys, "check", "--no-cache", "--output-format", "json", "locked", "leaky.py")
    assert code == 2 and err.splitlines() == [f"locked: {LOCKED_ERROR}"]
    objects = json.loads(out)
    assert objects[2] == {"code": "error", "message": LOCKED_ERROR, "filename": "locked",
                          "location": {"row": 1, "column": 1}, "end_location": {"row": 1, "column": 1},
                          "fix": None, "noqa_row": None, "url": None}
    assert [o["code"] for o in objects[:2]] == ["NIH101", "NIH301"]  # leaky.py, then locked: by name
    assert set(objects[2]) == set(objects[0])  # the findings' shape


def test_github_has_an_error_line_for_a_folder_that_cannot_be_listed(locked, capsys):
    code, out, err = run(capsys, "check", "--no-cache", "--output-format", "github", "locked", "leaky.py")
    assert code == 2 and err.splitlines() == [f"locked: {LOCKED_ERROR}"]
    lines = out.splitlines()
    assert [line.split("(")[1].split(")")[0] for line in lines[:2]] == ["NIH101", "NIH301"]
    assert lines[2:] == [f"::error title=noinherit-lint (error),file=locked::locked: {LOCKED_ERROR}"]


# --------------------------------------------------------------------------- closed stdin


def test_a_closed_stdin_is_one_line_and_exit_2(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)  # what Python sets after `<&-`
    assert run(capsys, "check", "-") == (2, "", "noinherit-lint: cannot read standard input (it is closed)\n")


def test_a_stdin_whose_read_fails_is_one_line_and_exit_2(project, capsys, monkeypatch):
    class Failing:
        def read(self):
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": Failing()})())
    assert run(capsys, "check", "-") == (2, "", "noinherit-lint: cannot read standard input (Input/output error)\n")


@pytest.mark.parametrize("module, arguments, line", [
    ("lint_cli", "check -", "noinherit-lint: cannot read standard input (it is closed)\n"),
    ("cli", "-", "noinherit-fix: cannot read standard input (it is closed)\n"),
])
def test_a_closed_stdin_in_a_real_process(tmp_path, module, arguments, line):
    code = f"import sys; from noinherit_lint.{module} import main; sys.exit(main(sys.argv[1:]))"
    completed = subprocess.run(f"'{sys.executable}' -c '{code}' {arguments} <&-", shell=True, cwd=tmp_path,
                               capture_output=True, text=True, timeout=60)
    assert (completed.returncode, completed.stdout, completed.stderr) == (2, "", line)


# --------------------------------------------------------------------------- flake8's order

ORDER_TREE = {  # flake8 sorts the path strings: src/a/x.py before src/b.py, which the walk gives first
    "src/b.py": DUP2,
    "src/a/x.py": DUP2,
    "src/a-b.py": DUP2,
    "src/a/y.py": "import subprocess\nsubprocess.call(['x'])\nf = open('p')\n",
    "tests/test_z.py": DUP2,
}


@pytest.fixture
def order_tree(project):
    for name, text in ORDER_TREE.items():
        write(project / name, text)
    return project


def _sorted_by_flake8(paths):
    return sorted(paths)  # flake8/checker.py Manager.report: self.results.sort(key=itemgetter(0)), the file name


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_format_is_in_flake8s_order_of_file_names(order_tree, capsys, jobs):
    arguments = ["check", "--no-cache", "-j", jobs, "tests", "src", "leaky.py"]
    expected = ["leaky.py", "src/a-b.py", "src/a/x.py", "src/a/y.py", "src/b.py", "tests/test_z.py"]
    assert _sorted_by_flake8(expected) == expected
    _, out, _ = run(capsys, *arguments)
    text = [line.split(":")[0] for line in out.splitlines()]
    assert list(dict.fromkeys(text)) == expected
    _, out, _ = run(capsys, *arguments, "--output-format", "json")
    assert list(dict.fromkeys(o["filename"] for o in json.loads(out))) == expected
    _, out, _ = run(capsys, *arguments, "--output-format", "junit")
    assert [s.get("name") for s in ElementTree.fromstring(out).findall("testsuite")] == expected
    _, out, _ = run(capsys, *arguments, "--output-format", "github")
    assert list(dict.fromkeys(line.split("file=")[1].split(",")[0] for line in out.splitlines())) == expected
    _, out, _ = run(capsys, *arguments, "--output-format", "sarif")
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(out)["runs"][0]["results"]]
    assert list(dict.fromkeys(uris)) == expected


def test_the_text_output_is_flake8s_output_line_for_line(order_tree, capsys):
    arguments = ["tests", "src", "leaky.py"]
    walked = gather(arguments, (), like_flake8=True).files
    # the order of the arguments, and the walk's: a folder's files before its subfolders
    assert walked == ["tests/test_z.py", "src/a-b.py", "src/b.py", "src/a/x.py", "src/a/y.py", "leaky.py"]
    flake8 = subprocess.run([sys.executable, "-m", "flake8", "--select", "NIH", *arguments],
                            capture_output=True, text=True, timeout=120)
    assert flake8.returncode == 1 and "Traceback" not in flake8.stderr
    assert list(dict.fromkeys(line.split(":")[0] for line in flake8.stdout.splitlines())) == sorted(walked)
    for jobs in ("1", "2"):
        _, out, _ = run(capsys, "check", "--no-cache", "-j", jobs, *arguments)
        assert [line.rsplit(" [", 1)[0] for line in out.splitlines()] == flake8.stdout.splitlines()


# --------------------------------------------------------------------------- --exit-zero


def test_exit_zero_with_findings(project, capsys):
    code, out, _ = run(capsys, "check", "--no-cache", "--exit-zero", "leaky.py")
    assert code == 0 and len(out.splitlines()) == 2


def test_exit_zero_forgives_unreadable_input_as_flake8_forgives_e902(locked, capsys):
    # flake8 --exit-zero missing.py prints its E902 and exits 0; a folder that cannot be listed is input too
    code, out, err = run(capsys, "check", "--no-cache", "--exit-zero", "missing.py", "locked")
    assert code == 0
    assert out.startswith("missing.py:1:1: NIH002 cannot read (FileNotFoundError")
    assert err.splitlines()[0] == f"locked: {LOCKED_ERROR}"


def test_exit_zero_still_exits_2_for_a_bad_setting_or_argument(project, capsys):
    assert run(capsys, "check", "--no-cache", "--exit-zero", "--min-python", "banana", "leaky.py")[0] == 2
    write(project / "pyproject.toml", '[tool.noinherit]\nnonsense = 1\n')
    assert run(capsys, "check", "--no-cache", "--exit-zero", "leaky.py")[0] == 2
    with pytest.raises(SystemExit) as stopped:
        run(capsys, "check", "--exit-zero", "--output-format", "xml", "leaky.py")
    assert stopped.value.code == 2


# --------------------------------------------------------------------------- --output-file


def test_output_file_holds_what_stdout_would(project, capsys):
    for extra in [["--statistics"], ["--output-format", "junit", "--statistics"], ["--output-format", "json"]]:
        code, expected, _ = run(capsys, "check", "--no-cache", *extra, ".")
        code_file, out, _ = run(capsys, "check", "--no-cache", *extra, "--output-file", "report.out", ".")
        assert (code_file, out) == (code, "") and code == 1
        assert (project / "report.out").read_text(encoding="utf-8") == expected  # statistics too, as flake8's
    assert sorted(os.listdir(project)) == ["leaky.py", "pyproject.toml", "report.out"]


def test_output_file_is_replaced_whole_keeping_its_mode(project, capsys):
    report = project / "report.txt"
    report.write_text("an older, longer report\n" * 100)
    os.chmod(report, 0o640)
    assert run(capsys, "check", "--no-cache", "--output-file", "report.txt", "leaky.py")[0] == 1
    assert report.read_text().splitlines()[0].startswith("leaky.py:5:14: NIH101 ")
    assert len(report.read_text().splitlines()) == 2
    assert stat.S_IMODE(os.stat(report).st_mode) == 0o640


def test_a_failed_write_leaves_the_output_file_as_it_was(project, capsys, monkeypatch):
    report = project / "report.txt"
    report.write_text("the last report\n")

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    code, out, err = run(capsys, "check", "--no-cache", "--output-file", "report.txt", "leaky.py")
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == "noinherit-lint: cannot write report.txt (No space left on device)"
    assert report.read_text() == "the last report\n"
    assert sorted(os.listdir(project)) == ["leaky.py", "pyproject.toml", "report.txt"]  # no temporary file left


def test_an_output_file_that_cannot_be_written_is_one_line_and_exit_2(project, capsys):
    code, out, err = run(capsys, "check", "--no-cache", "--exit-zero", "--output-file", "no/such/folder.txt", ".")
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == "noinherit-lint: cannot write no/such/folder.txt (No such file or directory)"
    assert run(capsys, "check", "--no-cache", "--output-file", ".", ".")[:2] == (2, "")


def test_a_run_stopped_by_a_bad_setting_does_not_touch_the_output_file(project, capsys):
    report = project / "report.txt"
    report.write_text("the last report\n")
    assert run(capsys, "check", "--no-cache", "--min-python", "banana", "--output-file", "report.txt", ".")[0] == 2
    assert report.read_text() == "the last report\n"


def test_an_output_file_that_is_a_device_is_written_to(project, capsys):
    assert run(capsys, "check", "--no-cache", "--output-file", os.devnull, ".")[:2] == (1, "")
    assert os.path.exists(os.devnull) and stat.S_ISCHR(os.stat(os.devnull).st_mode)


# --------------------------------------------------------------------------- -j auto


def test_jobs_auto_is_the_number_of_cpus(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert build_parser().parse_args(["check", "-j", "auto"]).jobs == 3
    assert build_parser().parse_args(["check", "--jobs", "auto"]).jobs == 3
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # unknown: one process
    assert build_parser().parse_args(["check", "-j", "auto"]).jobs == 1
    assert build_parser().parse_args(["check", "-j", "2"]).jobs == 2


def test_jobs_auto_checks_the_files(order_tree, capsys):
    expected = run(capsys, "check", "--no-cache", ".")
    assert run(capsys, "check", "--no-cache", "-j", "auto", ".") == expected and expected[0] == 1
