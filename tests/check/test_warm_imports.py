"""A `noinherit-lint check` whose files are all cached imports neither the parser nor the
detector (`checker`, the rules, their registry and documentation): the warm run costs reading
and hashing the files, not importing what would parse them.  The first file the cache misses
imports the detector, and the findings are the same either way."""

import subprocess
import sys

import pytest

PROBE = (
    "import sys\n"
    "from noinherit_lint.lint_cli import main\n"
    "status = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "heavy = sorted(name for name in sys.modules if name.split('.')[:2] in (\n"
    "    ['noinherit_lint', 'checker'], ['noinherit_lint', 'rules'], ['noinherit_lint', 'registry'],\n"
    "    ['noinherit_lint', 'docs'], ['noinherit_lint', 'parsing'], ['noinherit_lint', 'file_results'],\n"
    "    ['noinherit_lint', 'analysis'], ['noinherit_lint', 'output']) and name != 'noinherit_lint.output'\n"
    "    and name != 'noinherit_lint.output.text')\n"
    "print(status, heavy)\n"
)
LEAKY = 'import subprocess\n\ndef f():\n    subprocess.Popen(["ls"], close_fds=False)\n'
FINDING = "./leaky.py:4:5: NIH301 subprocess.Popen(close_fds=False) passes every inheritable handle"


def _run(cwd, *arguments):
    result = subprocess.run([sys.executable, "-c", PROBE, "check", *arguments], cwd=cwd,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.slow  # three interpreters, each importing the detector or reading the cache: ~3-4 s
def test_a_warm_run_imports_no_rule_and_a_miss_imports_the_detector(tmp_path):
    (tmp_path / "leaky.py").write_text(LEAKY)
    (tmp_path / "clean.py").write_text("x = 1\n")
    cold = _run(tmp_path, ".")
    assert cold[-1].startswith("1 ['noinherit_lint.") and "'noinherit_lint.checker'" in cold[-1]
    assert "'noinherit_lint.rules'" in cold[-1] and "'noinherit_lint.parsing'" in cold[-1]
    warm = _run(tmp_path, ".")
    assert warm[-1] == "1 []"
    assert warm[:-1] == cold[:-1] and any(line.startswith(FINDING) for line in warm)
    (tmp_path / "clean.py").write_text("x = 2\n")  # a changed file misses the cache
    changed = _run(tmp_path, ".")
    assert "'noinherit_lint.checker'" in changed[-1] and changed[:-1] == cold[:-1]


def test_statistics_imports_the_rule_names_and_json_no_rule(tmp_path):
    (tmp_path / "leaky.py").write_text(LEAKY)
    _run(tmp_path, ".")
    statistics = _run(tmp_path, "--statistics", ".")
    assert "'noinherit_lint.output.rules_info'" in statistics[-1]
    assert statistics[-2] == "1     NIH301 popen-close-fds"
    json_run = _run(tmp_path, "--output-format", "json", ".")
    assert json_run[-1] == "1 ['noinherit_lint.output.json_format', 'noinherit_lint.output.urls']"
