"""`noinherit-lint check` prints exactly the lines ``flake8`` prints with this plugin, on the same
tree and settings: noqa in its forms, settings from pyproject.toml and the flake8 configuration
file, per-file ignores from both, a Python 2 file, a file neither grammar reads, non-ASCII
columns, CRLF, a coding cookie, and bytes that do not decode (read as latin-1, as flake8 does)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.check.conftest import LEAKY, PYPROJECT, write

SPAWNING = "import os, subprocess\nsubprocess.call(['x'])\n"
TREE = {
    "pyproject.toml": PYPROJECT + '\n[tool.noinherit]\nper-file-ignores = { "legacy/*" = ["NIH301"] }\n',
    "leaky.py": LEAKY,
    "noqa_forms.py": SPAWNING
    + "a = open('p')  # noqa\n"
    + "b = open('p')  # noqa: NIH101\n"
    + "c = open('p')  # noqa:NIH1\n"
    + "d = open('p')  # noqa: E501\n"
    + "e = (open('p'),\n     '''x''')  # noqa\n"
    + "f = open('''p\n''')  # noqa: NIH101\n",
    "file_noqa.py": "# flake8: noqa\n" + SPAWNING + "a = open('p')\n",
    "unicode.py": SPAWNING + "ä = 'é'; g = open('p')\n",
    "crlf_latin1.py": ("# -*- coding: latin-1 -*-\r\n" + SPAWNING.replace("\n", "\r\n")
                       + "s = '\xe9'; h = open('p')\r\n").encode("latin-1"),
    "legacy/old.py": SPAWNING + "i = open('p')\n",
    "tests/test_x.py": SPAWNING + "j = open('p')\n",
    "py2_module.py": "import subprocess\nprint 'x'\nsubprocess.call(['x'])\nk = open('p')\n",
    "broken.py": "import subprocess\ndef (:\n",
    "empty.py": "",
    # Bytes that do not decode as Python reads a module: flake8 reads them as latin-1 (a UTF-16
    # BOM without a cookie is E999 at 1:11 there), and so must check.
    "utf16_bom.py": b"\xff\xfeimport os\n",
    "latin1_no_cookie.py": ("import subprocess\ns = '\xe9'; m = open('p')\nsubprocess.call(['x'])\n").encode("latin-1"),
    "unknown_cookie.py": "# coding: klingon\n" + SPAWNING + "n = open('p')\n",
}
FLAKE8_CFG = "[flake8]\nper-file-ignores =\n    tests/*: NIH101\nextend-ignore = NIH205\n"


def _lines(command, cwd):
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed.returncode, sorted(completed.stdout.splitlines())


@pytest.mark.slow
@pytest.mark.parametrize("config, arguments", [
    (None, ["--select", "NIH"]),
    (FLAKE8_CFG, []),
    (FLAKE8_CFG, ["--extend-ignore", "NIH301"]),
    (None, ["--select", "NIH1"]),
])
def test_check_prints_what_flake8_prints(tmp_path, config, arguments):
    for name, text in TREE.items():
        write(tmp_path / name, text)
    if config:
        write(tmp_path / "setup.cfg", config)
    flake8_status, flake8 = _lines([sys.executable, "-m", "flake8", *arguments, "."], tmp_path)
    flake8 = [line for line in flake8 if line.split(": ", 1)[1].startswith("NIH")]  # not pycodestyle's
    status, ours = _lines([sys.executable, "-m", "noinherit_lint.lint_cli", "check", "--no-cache", *arguments, "."],
                          tmp_path)
    suffixes = [line.rsplit(" [", 1)[1] for line in ours]
    assert suffixes == [line.split(": ", 1)[1].split(" ", 1)[0] + "]" for line in ours]  # ends with its code
    ours = [line.rsplit(" [", 1)[0] for line in ours]
    if arguments == ["--select", "NIH1"]:
        # The one difference: flake8 drops the NIH001 of a file it could not read when NIH001 is
        # not selected; check never passes such a file silently.
        unparsable = ("broken.py", "utf16_bom.py")
        assert [line for line in ours if " NIH001 " in line] == [
            line for line in ours if line.startswith(tuple(f"./{name}:" for name in unparsable))] != []
        ours = [line for line in ours if " NIH001 " not in line]
    assert ours == flake8
    assert status == flake8_status == 1
    # The tree holds what each case is about, so that agreement on nothing cannot pass.
    reported = "\n".join(flake8)
    assert "./leaky.py:5:14: NIH101 " in reported
    assert "./py2_module.py:4:5: NIH101 " in reported  # the Python 2 front end, in both
    assert ("./broken.py:2:5: NIH001 cannot parse" in reported) == (arguments != ["--select", "NIH1"])
    assert "./unicode.py:3:16: NIH101 " in reported  # flake8's column counts UTF-8 bytes
    assert "./crlf_latin1.py:4:15: NIH101 " in reported
    if arguments != ["--select", "NIH1"]:
        assert ("./utf16_bom.py:1:10: NIH001 cannot parse (cannot decode: invalid or missing encoding declaration; "
                "read as latin-1, as flake8 does: as Python 3 and 2.7: line 1: invalid syntax)") in flake8
    assert "./latin1_no_cookie.py:2:15: NIH101 " in reported  # latin-1 text, UTF-8 byte columns
    assert "./unknown_cookie.py:4:5: NIH101 " in reported
    # noqa, noqa: CODE, noqa:PREFIX suppress; noqa: E501 does not; a bracketed call's noqa must be
    # on its first line, a triple-quoted string's may be on its last
    assert [line.split(":")[1] for line in flake8 if "noqa_forms.py" in line and "NIH101" in line] == ["6", "7"]
    assert "file_noqa.py" not in reported
    assert "legacy/old.py:2:1: NIH301" not in reported and "legacy/old.py:3:5: NIH101" in reported
    assert ("tests/test_x.py:3:5: NIH101" in reported) == (config is None)
