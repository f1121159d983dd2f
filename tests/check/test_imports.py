"""`noinherit-lint check` starts fast: it imports neither libcst (the codemod's parser) nor the
codemod, whatever it checks (a file with findings, and one it cannot parse)."""

import subprocess
import sys

PROBE = (
    "import sys\n"
    "from noinherit_lint.lint_cli import main\n"
    "status = main(['check', '--no-cache', 'leaky.py', 'broken.py'])\n"
    "heavy = sorted(name for name in sys.modules if name.split('.')[0] == 'libcst')\n"
    "print(status, heavy)\n"
)


def test_the_check_command_does_not_import_libcst(tmp_path):
    (tmp_path / "leaky.py").write_text("import os\nr, w = os.pipe()\nos.dup2(w, 1)\n")
    (tmp_path / "broken.py").write_text("def (:\n")
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1 []"
    assert "broken.py:1:" in result.stdout and "NIH001" in result.stdout
