"""`noinherit-fix` (the command, in this process) on Python 2 files: the exact bytes written.

Every byte that no fix means to change stays: the PEP 263 cookie and the latin-1 bytes it
declares, a BOM, CRLF line endings (the added import gets the file's), tabs mixed with spaces the
way 2.7 reads them, and the Python 2 constructs themselves (``ur''`` stays ``ur''``, ``<>``,
backticks, ``0644``, ``10L``, tuple parameters, print and exec statements).  ``--check`` and
``--diff`` write nothing; the mode is kept; a second run changes nothing; and 2.7 compiles
every result (when pyenv has a 2.7).
"""

from __future__ import annotations

import stat

import pytest

from noinherit_lint.cli import main
from noinherit_lint.settings import clear_caches
from tests.py2.conftest import python27_path, python27_rejects

FIX = ["--min-python", "2.7", "--scope", "always", "--unsafe-fixes"]  # every fix: these are about bytes
IMPORT = b"from noinherit_ftools import ftools"

LATIN1_CRLF = (
    b'# -*- coding: latin-1 -*-\r\n'
    b'import re, subprocess\r\n'
    b'PATTERN = ur"\\d+ caf\xe9"\r\n'
    b'try:\r\n'
    b'    log = open("caf\xe9.log", "a")\r\n'
    b'except IOError, e:\r\n'
    b'    print >>sys.stderr, "no log:", e\r\n'
    b'subprocess.call(["ls"], stdout=log)\r\n'
)
LATIN1_CRLF_FIXED = LATIN1_CRLF.replace(b"subprocess\r\n", b"subprocess\r\n\r\n" + IMPORT + b"\r\n\r\n", 1).replace(
    b'log = open(', b'log = ftools.open(')

BOM_LITERALS = (
    b'\xef\xbb\xbfimport os, subprocess\n'
    b'fd = os.open("x", os.O_WRONLY | os.O_CREAT, 0644)\n'
    b'print "fd", `fd`\n'
    b'if fd <> 3: subprocess.Popen(["ls"])\n'
    b'n = 10L\n'
)
BOM_LITERALS_FIXED = (
    b'\xef\xbb\xbfimport os, subprocess\n\n' + IMPORT + b'\n\n'
    b'fd = os.open("x", os.O_WRONLY | os.O_CREAT | ftools.O_CLOEXEC, 0644)\n'
    b'print "fd", `fd`\n'
    b'if fd <> 3: subprocess.Popen(["ls"], close_fds=True)\n'
    b'n = 10L\n'
)

TABS = (
    b'import os, subprocess\n'
    b'class W:\n'
    b'    def run(self, (a, b)):\n'
    b'\tif a:\n'
    b'\t    r, w = os.pipe()\n'
    b'        exec "x = 1" in {}\n'  # eight spaces: the same indentation as the tab, for 2.7
    b'\treturn os.dup(r)\n'
)
# os is unused after the swaps: removed; subprocess was unused before: kept
TABS_FIXED = TABS.replace(b"os.pipe()", b"ftools.pipe()").replace(b"os.dup(r)", b"ftools.dup(r)").replace(
    b"import os, subprocess\n", b"import subprocess\n\n" + IMPORT + b"\n\n")

CASES = {"latin-1 cookie, CRLF, ur''": (LATIN1_CRLF, LATIN1_CRLF_FIXED),
         "BOM, literals, backticks, <>": (BOM_LITERALS, BOM_LITERALS_FIXED),
         "tabs mixed with spaces, tuple parameters, exec": (TABS, TABS_FIXED)}


@pytest.fixture(autouse=True)
def _fresh_settings():
    clear_caches()
    yield
    clear_caches()


def run(capsys, *args):
    code = main([*FIX, *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.mark.parametrize("name", CASES)
def test_exact_bytes_and_a_fixed_point(tmp_path, capsys, name):
    before, after = CASES[name]
    path = tmp_path / "legacy.py"
    path.write_bytes(before)
    path.chmod(0o754)
    assert run(capsys, path) == (1, "", f"Rewriting {path}\n")
    assert path.read_bytes() == after
    assert stat.S_IMODE(path.stat().st_mode) == 0o754
    assert run(capsys, path) == (0, "", "")
    assert path.read_bytes() == after


def test_ur_strings_stay_ur_strings(tmp_path, capsys):
    """pyupgrade turned ``ur'\\d+'`` into ``urr'\\d+'``; every string here is left as it is."""
    source = (b"import subprocess\nA = ur'\\d+'\nB = UR\"x\"\nC = Ur'''\n'''\nD = uR\"\"\"y\"\"\"\n"
              b"f = open(A)\n")
    path = tmp_path / "strings.py"
    path.write_bytes(source)
    assert run(capsys, path)[0] == 1
    assert path.read_bytes() == source.replace(b"f = open(A)", b"f = ftools.open(A)").replace(
        b"import subprocess\n", b"import subprocess\n\n" + IMPORT + b"\n\n")


def test_check_and_diff_write_nothing(tmp_path, capsys):
    path = tmp_path / "legacy.py"
    path.write_bytes(LATIN1_CRLF)
    assert run(capsys, "--check", path) == (1, "", f"Would rewrite {path}\n")
    code, out, err = run(capsys, "--diff", path)
    assert (code, err) == (1, "")
    assert out == (f"--- {path}\n+++ {path}\n@@ -1,8 +1,11 @@\n"
                   " # -*- coding: latin-1 -*-\r\n"
                   " import re, subprocess\r\n+\r\n+from noinherit_ftools import ftools\r\n+\r\n PATTERN = ur\"\\d+ café\"\r\n try:\r\n"
                   "-    log = open(\"café.log\", \"a\")\r\n+    log = ftools.open(\"café.log\", \"a\")\r\n"
                   " except IOError, e:\r\n     print >>sys.stderr, \"no log:\", e\r\n"
                   " subprocess.call([\"ls\"], stdout=log)\r\n")
    assert path.read_bytes() == LATIN1_CRLF


def test_a_python_2_file_without_a_fix_is_left_alone(tmp_path, capsys):
    source = b"# -*- coding: latin-1 -*-\r\nprint 'caf\xe9'\r\nexec code in ns\r\n"
    path = tmp_path / "quiet.py"
    path.write_bytes(source)
    assert run(capsys, path) == (0, "", "")
    assert path.read_bytes() == source


def test_a_file_neither_grammar_reads_is_one_line_exit_2(tmp_path, capsys):
    source = b"# -*- coding: latin-1 -*-\r\nprint 'caf\xe9'\r\nf = open('p'\r\n"
    path = tmp_path / "broken.py"
    path.write_bytes(source)
    assert run(capsys, path) == (2, "", f"{path}: cannot parse (as Python 2.7: line 3: '(' was never closed; "
                                        "as Python 3: line 2: Missing parentheses in call to 'print'. Did you "
                                        "mean print(...)?); not changed\n")
    assert path.read_bytes() == source


def test_python_27_compiles_every_result(tmp_path, capsys):
    python27 = python27_path()
    if python27 is None:
        pytest.skip("no pyenv Python 2.7 installed")
    paths = []
    for index, (before, _) in enumerate(CASES.values()):
        paths.append(tmp_path / f"m{index}.py")
        paths[-1].write_bytes(before)
    assert run(capsys, *paths)[0] == 1
    assert python27_rejects(str(python27), paths) == set()
