"""The CPython interpreters `pyenv versions --bare` lists, by "major.minor"."""

import os
import shutil
import subprocess
import sys

EXPECTED = ["2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]


def installed_interpreters():
    """{"3.12": "/path/to/python", ...} (the last listed patch release wins)."""
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return {}
    root = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip()
    listed = subprocess.run([pyenv, "versions", "--bare"], capture_output=True, text=True)
    found = {}
    for version in listed.stdout.split():
        parts = version.split(".")
        if len(parts) < 2 or not parts[0].isdigit() or not parts[1].isdigit():
            continue  # virtualenvs, pypy-..., system
        python = os.path.join(root, "versions", version, "bin", "python")
        if os.path.exists(python):
            found["%s.%s" % (parts[0], parts[1])] = python
    return found

# The fast loop (`pytest -m "not slow"`) runs a per-interpreter test on one interpreter of each
# runtime generation: 2.7 (the wrappers) and the one running the tests (audit hooks 3.8+);
# the other versions are `slow` (CI runs them all).
FAST = ("2.7", "%d.%d" % sys.version_info[:2])


def version_params(versions=EXPECTED):
    """`versions` for @pytest.mark.parametrize("version", ...), those not in FAST marked slow."""
    from tests.fast import fast_subset

    return fast_subset(versions, [version for version in FAST if version in versions])
