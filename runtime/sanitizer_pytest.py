"""pytest plugin: fail the test that started a child process with leaking descriptors.

Off unless asked for: ``pytest --nih-sanitize``, or ``nih_sanitize = true`` in the ini
file (``[tool.pytest.ini_options]``, ``pytest.ini``, ``setup.cfg``, ``tox.ini``).  While
off, the only cost is these option definitions: nothing is imported or installed.

On, :mod:`noinherit_ftools.sanitizer` runs in ``record`` mode from session start (its
baseline: what pytest and its plugins hold then).  Each record is tagged with the running
test's node id, forked children included; after each phase (setup, call, teardown) a phase that
spawned a child with leaking descriptors fails, its report holding the sanitizer's
block, and a summary at the end lists them.  ``--nih-sanitize-report PATH`` keeps the
records as JSON lines.  Runs on pytest 4.6 (Python 2.7) and later.
"""

import json
import os
import tempfile

import pytest

SECTION = "nih-sanitize"


def pytest_addoption(parser):
    group = parser.getgroup("noinherit", "noinherit-lint runtime sanitizer")
    group.addoption("--nih-sanitize", action="store_true", default=False, dest="nih_sanitize",
                    help="fail each test that starts a child process which receives "
                         "descriptors it was not passed on purpose")
    group.addoption("--nih-sanitize-report", metavar="PATH", default=None,
                    dest="nih_sanitize_report",
                    help="with --nih-sanitize: also keep every record in PATH (JSON lines)")
    parser.addini("nih_sanitize", type="bool", default=False,
                  help="run the noinherit sanitizer (like --nih-sanitize)")


def pytest_configure(config):
    if config.getoption("nih_sanitize") or config.getini("nih_sanitize"):
        config.pluginmanager.register(SanitizerSession(config), "nih-sanitize-session")


class SanitizerSession(object):
    """The plugin while on: reads the records after each phase and fails that phase."""

    def __init__(self, config):
        from . import sanitizer
        from . import sanitizer_report
        self.sanitizer = sanitizer
        self.block = sanitizer_report.block
        kept = config.getoption("nih_sanitize_report")
        worker = getattr(config, "workerinput", None)
        if kept and worker:  # pytest-xdist: one file per worker
            kept = "%s.%s" % (kept, worker.get("workerid", os.getpid()))
        if kept:
            self.path, self.temporary = os.path.abspath(kept), False
            open(self.path, "w").close()
        else:
            fd, self.path = tempfile.mkstemp(prefix="nih-sanitize-", suffix=".jsonl")
            os.close(fd)
            self.temporary = True
        self.offset = 0
        self.pending = {}      # node id -> records not yet attached to a report
        self.failures = []     # (node id, phase, records)
        self.elsewhere = []    # records made outside any test or after its phases
        self.finished = set()  # node ids whose teardown report was made

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session):
        # After every plugin's pytest_configure: what pytest opened is in the baseline.
        self.sanitizer.enable(mode="record", report=self.path)

    def _read(self):
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        end = data.rfind(b"\n") + 1  # a child may be writing a line right now
        self.offset += end
        for line in data[:end].splitlines():
            if not line.strip():
                continue
            record = json.loads(line.decode("utf-8"))
            context = record.get("context")
            if context is None or context in self.finished:
                self.elsewhere.append(record)
            else:
                self.pending.setdefault(context, []).append(record)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        self.sanitizer.set_context(item.nodeid)
        try:
            yield
        finally:
            self.sanitizer.set_context(None)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        self._read()
        found = self.pending.pop(item.nodeid, [])
        if call.when == "teardown":
            self.finished.add(item.nodeid)
        if not found:
            return
        self.failures.append((item.nodeid, call.when, found))
        text = "".join(self.block(record) for record in found)
        if report.passed and not hasattr(report, "wasxfail"):
            report.outcome = "failed"
            report.longrepr = ("descriptors leaked into child processes started during "
                               "%s (%s):\n%s" % (call.when, SECTION, text))
        else:
            report.sections.append(("%s (%s)" % (SECTION, call.when), text))

    def pytest_terminal_summary(self, terminalreporter):
        self._read()
        for context, records in sorted(self.pending.items()):
            self.elsewhere.extend(records)
        self.pending.clear()
        write = terminalreporter.write_line
        terminalreporter.section(SECTION)
        spawns = sum(len(records) for _, _, records in self.failures)
        checked, deferred = self.sanitizer.spawns_checked()
        write("%d spawn(s) checked in this process, %d fork+exec(s) checked in the child at "
              "the exec; %d passed leaking descriptors to the child, in %d test phase(s)"
              % (checked, deferred, spawns, len(self.failures)))
        for nodeid, when, records in self.failures:
            write("  %s (%s): %s" % (nodeid, when, _summary(records)))
        if self.elsewhere:
            write("outside any test phase (collection, a child finishing late): %s"
                  % _summary(self.elsewhere))
        if not self.temporary:
            write("records: %s" % self.path)

    def pytest_unconfigure(self, config):
        self.sanitizer.disable()
        if self.temporary:
            try:
                os.unlink(self.path)
            except OSError:
                pass


def _summary(records):
    """``2 spawns; fd 5 file (open at test_x.py:10), fd 7 pipe (os.pipe at ...)``."""
    seen = []
    for record in records:
        for entry in record["descriptors"]:
            created = entry.get("created") or {}
            site = created.get("site")
            maker = "%s at %s:%s" % (created["call"], os.path.basename(site[0]), site[1]) \
                if site else "maker unknown"
            text = "fd %d %s (%s)" % (entry["fd"], entry["kind"], maker)
            if text not in seen:
                seen.append(text)
        if record["kind"] == "fork" and (record.get("threads") or {}).get("count"):
            text = "fork with %d other thread(s) alive" % record["threads"]["count"]
            if text not in seen:
                seen.append(text)
    return "%d spawn(s); %s" % (len(records), ", ".join(seen))
