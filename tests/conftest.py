"""Options and fixtures shared by the whole test suite."""

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--regen-golden", action="store_true", default=False,
        help="rewrite tests/fixes/golden/fixed/* from the current codemod output instead of comparing",
    )


@pytest.fixture(scope="session")
def python27() -> str:
    """The pyenv Python 2.7 interpreter; the test is skipped (and says so) without one."""
    from tests.py2.conftest import python27_path

    path = python27_path()
    if path is None:
        pytest.skip("no pyenv Python 2.7 installed")
    return str(path)
