"""Helpers for tests that need the pyenv 2.7 interpreter (the `python27` fixture is in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from tests.integration.conftest import pyenv_root


def python27_path() -> Optional[Path]:
    root = pyenv_root()
    if root is None or not (root / "versions").is_dir():
        return None
    for candidate in sorted((root / "versions").glob("2.7.*"), reverse=True):
        python = candidate / "bin" / "python"
        if python.exists():
            return python
    return None


_COMPILE_ALL = (
    "import sys, warnings\n"
    "warnings.simplefilter('ignore')\n"
    "for line in sys.stdin:\n"
    "    path = line.rstrip('\\n')\n"
    "    try:\n"
    "        compile(open(path, 'rb').read(), path, 'exec', 0, True)\n"
    "    except Exception:\n"
    "        sys.stdout.write(path + '\\n')\n"
)


def python27_rejects(python27: str, paths) -> set:
    """The paths (as str) that Python 2.7 does not compile (like py_compile, without writing)."""
    import subprocess

    listing = "".join(f"{p}\n" for p in paths)
    out = subprocess.run([python27, "-c", _COMPILE_ALL], input=listing, capture_output=True, text=True,
                         check=True).stdout
    return set(out.splitlines())


def grammar_as_flake8_reads(path) -> str:
    """"python3", "python2" or "unparsable": how the front end reads `path` when flake8 hands it
    the text (flake8 strips a BOM; bytes that neither Python decodes, which flake8 reads as
    latin-1, are NIH001 whatever that text is)."""
    from noinherit_lint import parsing

    data = Path(path).read_bytes()
    if parsing.undecodable(data) is not None:
        return "unparsable"
    text = parsing.decode(data)
    for bom in ("\ufeff", "\xef\xbb\xbf"):  # flake8's FileProcessor.strip_utf_bom
        text = text[len(bom):] if text.startswith(bom) else text
    try:
        return parsing.parse(text, str(path)).grammar
    except parsing.Unparsable:
        return "unparsable"
