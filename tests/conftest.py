"""Options shared by the whole test suite."""


def pytest_addoption(parser):
    parser.addoption(
        "--regen-golden", action="store_true", default=False,
        help="rewrite tests/fixes/golden/fixed/* from the current codemod output instead of comparing",
    )
