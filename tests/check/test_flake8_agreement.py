"""`noinherit-lint check` prints exactly the lines ``flake8`` prints with this plugin, on the same
tree and settings: noqa in its forms, settings from pyproject.toml and the flake8 configuration
file, per-file ignores from both, a Python 2 file, a file neither grammar reads, non-ASCII
columns, CRLF, a coding cookie, bytes that neither Python decodes (NIH001 in both, where flake8
alone would check its latin-1 reading of them), and symbolic links (to files, folders, dangling,
loops: the files flake8 lists, under the links' paths)."""

from __future__ import annotations

import os
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
    # Bytes that do not decode as Python reads a module: flake8 reads them as latin-1 and parses
    # that (a UTF-16 BOM without a cookie is E999 at 1:11 there); no Python loads them: NIH001.
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
        unparsable = ("broken.py", "utf16_bom.py", "latin1_no_cookie.py", "unknown_cookie.py")
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
        assert ("./utf16_bom.py:1:1: NIH001 cannot parse (as Python 3 and 2.7: line 1: non-UTF-8 byte 0xff "
                "(invalid start byte), but no encoding declared)") in flake8
        assert ("./latin1_no_cookie.py:2:6: NIH001 cannot parse (as Python 3 and 2.7: line 2: non-UTF-8 byte 0xe9 "
                "(invalid continuation byte), but no encoding declared)") in flake8
        assert ("./unknown_cookie.py:1:1: NIH001 cannot parse (as Python 3 and 2.7: line 1: unknown encoding: "
                "klingon)") in flake8
    # no finding of the rules on a latin-1 guess of the bytes
    assert not any(line.startswith(("./latin1_no_cookie.py", "./unknown_cookie.py")) and " NIH001 " not in line
                   for line in flake8)
    # noqa, noqa: CODE, noqa:PREFIX suppress; noqa: E501 does not; a bracketed call's noqa must be
    # on its first line, a triple-quoted string's may be on its last
    assert [line.split(":")[1] for line in flake8 if "noqa_forms.py" in line and "NIH101" in line] == ["6", "7"]
    assert "file_noqa.py" not in reported
    assert "legacy/old.py:2:1: NIH301" not in reported and "legacy/old.py:3:5: NIH101" in reported
    assert ("tests/test_x.py:3:5: NIH101" in reported) == (config is None)


LEAK = "import subprocess\nh = open(p)\nsubprocess.call(['x'])\n"


@pytest.mark.slow
def test_links_are_the_files_flake8_lists_under_the_links_paths(tmp_path):
    """A link to a file (in the tree or outside it) is checked under its own path, as is its
    target; a dangling link and a loop are one NIH002 line each; a link to a folder, even one
    named x.py, is not followed (flake8's os.walk does not follow it)."""
    outside, tree = tmp_path / "outside", tmp_path / "tree"
    write(outside / "leak.py", LEAK)
    write(outside / "pkg" / "inner.py", LEAK)
    write(tree / "real.py", LEAK)
    os.symlink("../outside/leak.py", tree / "link_out.py")
    os.symlink("real.py", tree / "link_in.py")
    os.symlink("nowhere.py", tree / "dangling.py")
    os.symlink("loop_b.py", tree / "loop_a.py")
    os.symlink("loop_a.py", tree / "loop_b.py")
    os.symlink("../outside/pkg", tree / "folder.py")
    os.symlink("../outside/pkg", tree / "folder")
    arguments = ["--select", "NIH", "--nih-min-python", "2.7"]
    flake8_status, flake8 = _lines([sys.executable, "-m", "flake8", *arguments, "."], tree)
    flake8 = [line for line in flake8 if line.split(": ", 1)[1].startswith("NIH")]
    status, ours = _lines([sys.executable, "-m", "noinherit_lint.lint_cli", "check", "--no-cache", "--select", "NIH",
                           "--min-python", "2.7", "."], tree)
    assert [line.rsplit(" [", 1)[0] for line in ours] == flake8
    assert (status, flake8_status) == (2, 1)  # check: a file it cannot read is exit status 2
    assert [line.split(":")[0] for line in flake8] == [
        "./dangling.py", "./link_in.py", "./link_in.py", "./link_out.py", "./link_out.py", "./loop_a.py",
        "./loop_b.py", "./real.py", "./real.py"]
    assert ("./dangling.py:1:1: NIH002 cannot read (FileNotFoundError: [Errno 2] No such file or directory: "
            "'./dangling.py')") in flake8
    assert ("./loop_a.py:1:1: NIH002 cannot read (OSError: [Errno 40] Too many levels of symbolic links: "
            "'./loop_a.py')") in flake8
    assert "./link_out.py:2:5: NIH101 " in "\n".join(flake8)


@pytest.mark.slow
@pytest.mark.parametrize("source, expected", [
    # flake8 decodes standard input with its cookie, else as UTF-8 (it fails on invalid UTF-8
    # itself, before any plugin runs): a cookie that does not fit the bytes is NIH001 in both
    (b"#!/usr/bin/env python\n# coding: ascii\nimport subprocess\nx = '\xc3\xa9'\n",
     ["app.py:4:6: NIH001 cannot parse (as Python 3 and 2.7: line 4: byte 0xc3 does not decode as ascii "
      "(ordinal not in range(128)))"]),
    (b"# coding: klingon\nimport os\n",
     ["app.py:1:1: NIH001 cannot parse (as Python 3 and 2.7: line 1: unknown encoding: klingon)"]),
    # a cookie that fits is read with it: the rules run, no NIH001
    (b"# -*- coding: latin-1 -*-\nimport subprocess\ns = '\xe9'; h = open('p')\nsubprocess.call(['x'])\n",
     ["app.py:3:15: NIH101", "app.py:4:1: NIH301"]),
])
def test_stdin_agrees(tmp_path, source, expected):
    def lines(command):
        completed = subprocess.run(command, cwd=tmp_path, input=source, capture_output=True, timeout=120)
        assert b"Traceback" not in completed.stderr, completed.stderr
        return completed.returncode, [line.rsplit(" [", 1)[0] for line in completed.stdout.decode().splitlines()]

    flake8 = lines([sys.executable, "-m", "flake8", "--select", "NIH", "--nih-min-python", "2.7",
                    "--stdin-display-name", "app.py", "-"])
    ours = lines([sys.executable, "-m", "noinherit_lint.lint_cli", "check", "--no-cache", "--min-python", "2.7",
                  "--stdin-filename", "app.py", "-"])
    assert ours == flake8
    assert flake8[0] == 1 and [line[:len(prefix)] for line, prefix in zip(flake8[1], expected)] == expected
    assert len(flake8[1]) == len(expected)
