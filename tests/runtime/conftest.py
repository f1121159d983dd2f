"""Show which interpreters the runtime checks ran under (and which were missing)."""

from tests.runtime import runtime_checks


def pytest_terminal_summary(terminalreporter):
    for line in runtime_checks.INTERPRETER_REPORT:
        terminalreporter.write_line(line)
