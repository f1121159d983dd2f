"""Run the runtime checks (tests/runtime/runtime_checks.py) in this interpreter under pytest."""

import importlib.util
import os
import sys

import pytest

from tests.runtime import runtime_checks

RUNTIME_FILE = os.path.join(runtime_checks.RUNTIME_DIR, "ftools.py")


@pytest.fixture(scope="module")
def ftools():
    """runtime/ftools.py loaded from its file, as a vendored copy would be."""
    spec = importlib.util.spec_from_file_location("ftools_under_test", RUNTIME_FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as the import system does before running it
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[spec.name]
        raise
    return module


@pytest.mark.parametrize("check", runtime_checks.CHECKS, ids=lambda c: c.__name__)
def test_runtime_check(check, ftools):
    try:
        check(ftools)
    except runtime_checks.Skip as e:
        pytest.skip(str(e))


def test_installed_package_is_the_runtime_file():
    """`pip install .` maps package noinherit_ftools -> runtime/ (no clash with PyPI `ftools`)."""
    from noinherit_ftools import ftools as installed

    assert os.path.samefile(installed.__file__, RUNTIME_FILE) or (
        open(installed.__file__, "rb").read() == open(RUNTIME_FILE, "rb").read())
    assert installed.open is open  # Python >= 3.4: the stdlib object itself
    assert installed.__name__ == "noinherit_ftools.ftools"
