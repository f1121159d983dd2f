"""NIH1xx messages and fixes: which runtime attribute replaces which callee, and what is report-only."""

import ast
from dataclasses import replace

import pytest

from noinherit_lint.checker import check
from noinherit_lint.findings import Applicability, FixKind, Span
from noinherit_lint.settings import Settings

SET = Settings(min_python=(2, 7), min_python_source="test", scope="always")
ASSUMED = Settings(min_python=(2, 7), scope="always")  # min_python_source "default"

IMPORTS = ("import io, codecs, os, shutil, socket, select, logging, logging.handlers\n"
           "import SocketServer, BaseHTTPServer, SimpleXMLRPCServer\n")


# A thread of the module that spawns (reported as NIH301, which these tests ignore): the files a
# copy opens, which live only during the call, can reach that thread's child.
SPAWNING_THREAD = ("\nimport subprocess, threading\n"
                   "threading.Thread(target=lambda: subprocess.call(['make'], close_fds=False)).start()\n")
GLOBAL = ": it outlives the module code (kept in a module global), so a child started later gets it; "
LONG_LIVED = (": it outlives the module code (a logging handler or server, kept open for the life of the "
              "program), so a child started later gets it; ")
DURING_COPY = ": another thread of this module may start a child during the copy; "


def only_findings(source: str, settings: Settings = SET):
    """The NIH1xx findings of `source` (a copy gets a thread that spawns)."""
    if "shutil." in source:
        source += SPAWNING_THREAD
    return [f for f in check(ast.parse(IMPORTS + source), settings) if f.code.startswith("NIH1")]


def only_finding(source: str, settings: Settings = SET):
    findings = only_findings(source, settings)
    assert len(findings) == 1, findings
    return findings[0]


FIXABLE = [
    ('open("p")', "NIH101", "open"),
    ('file("p")', "NIH101", "open"),
    ('io.open("p")', "NIH101", "io_open"),
    ('codecs.open("p", "r", "utf-8")', "NIH101", "codecs_open"),
    ('shutil.copyfile("a", "b")', "NIH103", "copyfile"),
    ('shutil.copy("a", "b")', "NIH103", "copy"),
    ('shutil.copy2("a", "b")', "NIH103", "copy2"),
    ("socket.socket()", "NIH104", "socket"),
    ('socket.create_connection(("h", 1))', "NIH104", "create_connection"),
    ("socket.socketpair()", "NIH104", "socketpair"),
    ("socket.fromfd(3, 2, 1)", "NIH104", "fromfd"),
    ('logging.FileHandler("a.log")', "NIH105", "FileHandler"),
    ('logging.handlers.RotatingFileHandler("a.log")', "NIH105", "RotatingFileHandler"),
    ('logging.handlers.TimedRotatingFileHandler("a.log")', "NIH105", "TimedRotatingFileHandler"),
    ('logging.handlers.WatchedFileHandler("a.log")', "NIH105", "WatchedFileHandler"),
    ('logging.handlers.SocketHandler("h", 1)', "NIH105", "SocketHandler"),
    ('logging.handlers.DatagramHandler("h", 1)', "NIH105", "DatagramHandler"),
    ("os.pipe()", "NIH106", "pipe"),
    ("os.dup(1)", "NIH106", "dup"),
    ("os.openpty()", "NIH106", "openpty"),
    ("open(*args, **kwargs)", "NIH101", "open"),  # the runtime has the same signature: still fixed
]


@pytest.mark.parametrize("call, code, attribute", FIXABLE)
def test_fixable_calls_swap_the_callee_for_the_runtime_attribute(call, code, attribute):
    finding = only_finding(f"x = {call}\n")
    callee = call.split("(")[0]
    assert finding.code == code
    assert finding.span == Span(3, 4, 3, 4 + len(call))
    assert finding.fix is not None
    assert (finding.fix.kind, finding.fix.text) == (FixKind.RUNTIME_CALLEE, attribute)
    assert finding.fix.span == Span(3, 4, 3, 4 + len(callee))
    assert finding.message.startswith(f"{code} {callee}() ")
    case = {"NIH103": DURING_COPY, "NIH105": LONG_LIVED}.get(code, GLOBAL)
    assert finding.message.endswith(f" that child processes inherit on Python < 3.4{case}use ftools.{attribute}()")


@pytest.mark.parametrize("call, code", [
    ('io.FileIO("p")', "NIH101"),
    ('shutil.copytree("a", "b")', "NIH103"),
    ('shutil.move("a", "b")', "NIH103"),
    ('SocketServer.TCPServer(("", 0), None)', "NIH104"),
    ('BaseHTTPServer.HTTPServer(("", 0), None)', "NIH104"),
    ('SimpleXMLRPCServer.SimpleXMLRPCServer(("", 0))', "NIH104"),
    ("logging.handlers.SysLogHandler()", "NIH105"),
    ('logging.basicConfig(filename="a.log")', "NIH105"),
    ("select.epoll()", "NIH106"),
])
def test_report_only_calls_have_no_fix(call, code):
    finding = only_finding(f"x = {call}\n")
    assert finding.code == code
    assert finding.fix is None
    assert finding.message.endswith("(no automatic fix)")
    assert " on Python < 3.4: " in finding.message


def test_messages_follow_the_spec():
    assert only_finding('x = open("p")\n').message == (
        f"NIH101 open() creates a handle that child processes inherit on Python < 3.4{GLOBAL}use ftools.open()"
    )
    assert only_finding('shutil.copyfile("a", "b")\n').message == (
        f"NIH103 shutil.copyfile() opens files that child processes inherit on Python < 3.4{DURING_COPY}"
        "use ftools.copyfile()"
    )
    # Python 2 module names are shown by their Python 3 names
    assert only_finding('SocketServer.TCPServer(("", 0), None)\n').message == (
        "NIH104 socketserver.TCPServer() creates a listening socket that child processes inherit on "
        "Python < 3.4: it outlives the module code (a logging handler or server, kept open for the life of "
        "the program), so a child started later gets it; make it non-inheritable in server_bind() "
        "(no automatic fix)"
    )


def test_assumed_min_python_says_how_to_set_it():
    message = only_finding('x = open("p")\n', ASSUMED).message
    assert message == (
        f"NIH101 open() creates a handle that child processes inherit on Python < 3.4{GLOBAL}use ftools.open() "
        "(min-python 2.7 assumed: set requires-python, [tool.noinherit] min-python or --nih-min-python)"
    )


@pytest.mark.parametrize("min_python, reported", [((2, 6), True), ((3, 3), True), ((3, 4), False), ((3, 12), False)])
def test_version_gate(min_python, reported):
    settings = Settings(min_python=min_python, min_python_source="test", scope="always")
    assert bool(check(ast.parse('x = open("p")\n'), settings)) is reported


def test_every_fix_names_a_public_runtime_function():
    from noinherit_ftools import ftools

    for call, _, _ in FIXABLE:
        attribute = only_finding(f"x = {call}\n").fix.text
        assert attribute in ftools.__all__ and callable(getattr(ftools, attribute)), attribute
    for call, _, _, settings in FLAG_FIXES:
        constant = only_finding(f"x = {call}\n", settings).fix.text
        assert constant in ftools.__all__ and isinstance(getattr(ftools, constant), int), constant


LINUX = replace(SET, platforms=frozenset({"linux"}))
FLAG_FIXES = [
    # (call, code, the flags/type expression, settings)
    ('os.open("p", os.O_RDONLY)', "NIH102", "os.O_RDONLY", SET),
    ('os.open("p", flags=os.O_RDONLY | os.O_CREAT)', "NIH102", "os.O_RDONLY | os.O_CREAT", SET),
    ("socket.socket(socket.AF_INET, socket.SOCK_STREAM)", "NIH104", "socket.SOCK_STREAM", LINUX),
    ("socket.socket(type=socket.SOCK_DGRAM)", "NIH104", "socket.SOCK_DGRAM", LINUX),
]


@pytest.mark.parametrize("call, code, flags, settings", FLAG_FIXES)
def test_flag_fixes_keep_the_callee_and_add_a_runtime_constant(call, code, flags, settings):
    finding = only_finding(f"x = {call}\n", settings)
    assert finding.code == code
    assert finding.fix.kind is FixKind.RUNTIME_FLAG
    constant = {"NIH102": "O_CLOEXEC", "NIH104": "SOCK_CLOEXEC"}[code]
    assert finding.fix.text == constant
    start = 4 + call.index(flags)
    assert finding.fix.span == Span(3, start, 3, start + len(flags))
    assert finding.fix.safety.applicability is Applicability.SAFE
    assert finding.message.endswith(f"; add ftools.{constant} to its " + ("flags" if code == "NIH102" else "type"))


@pytest.mark.parametrize("call", ["socket.socket(socket.AF_INET, socket.SOCK_STREAM)", "socket.socket()"])
def test_callee_swaps_are_unsafe(call):
    """Without Linux-only platforms (SOCK_CLOEXEC is atomic on Linux only), or without a type
    argument, only the callee swap remains, and it bypasses a mock of ``mod.socket``."""
    finding = only_finding(f"x = {call}\n")
    assert finding.fix.kind is FixKind.RUNTIME_CALLEE
    assert finding.fix.safety.applicability is Applicability.UNSAFE
    assert "mock.patch" in finding.fix.safety.reason


def test_linux_sockets_with_sock_cloexec_are_not_reported():
    assert only_findings("x = socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)\n",
                         LINUX) == []
