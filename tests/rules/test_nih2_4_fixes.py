"""The fix contract of NIH2xx-4xx findings, which the codemod relies on.

REPLACE and OR_FLAG spans are the exact argument node; ADD_KEYWORD and APPEND_ARGUMENT spans are
the whole call.  Where a rule is report-only (by its gates), `fix` is None.
"""

import textwrap

import pytest

from noinherit_lint.checker import check_source
from noinherit_lint.findings import Fix, FixKind, Span
from noinherit_lint.settings import ALL_PLATFORMS, Settings

LINUX = frozenset({"linux"})


def settings(min_python=(3, 8), platforms=ALL_PLATFORMS, source="test"):
    return Settings(min_python=min_python, min_python_source=source, platforms=platforms)


def only(source, code, **options):
    found = [f for f in check_source(textwrap.dedent(source), settings(**options)) if f.code == code]
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- NIH201


def test_dup2_fix_adds_keyword_to_whole_call():
    finding = only("import os\nx = os.dup2(a, 9)\n", "NIH201")
    assert finding.span == Span(2, 4, 2, 17)
    assert finding.fix == Fix(FixKind.ADD_KEYWORD, Span(2, 4, 2, 17), "inheritable=False")


def test_dup2_multiline_call_span():
    finding = only("import os\nos.dup2(\n    a,\n    9,\n)\n", "NIH201")
    assert finding.fix == Fix(FixKind.ADD_KEYWORD, Span(2, 0, 5, 1), "inheritable=False")


def test_dup2_report_only_before_34():
    finding = only("import os\nos.dup2(a, 9)\n", "NIH201", min_python=(3, 3))
    assert finding.fix is None
    assert "3.4" in finding.message


@pytest.mark.parametrize("source", [
    """
    import os
    pid = os.fork()
    if pid == 0:
        os.dup2(a, 9)
    """,
    """
    import os
    def child():
        pid = os.fork()
        if not pid:
            os.dup2(a, 9)
    """,
    """
    import os
    pid = os.fork()
    if pid:
        wait()
    else:
        os.dup2(a, 9)
    """,
    """
    import os
    if os.fork() > 0:
        os._exit(0)
    os.setsid()
    os.dup2(a, 9)
    os.execv("/bin/sh", ["sh"])
    """,
    """
    import os, pty
    pid, fd = pty.fork()
    if 0 == pid:
        os.dup2(a, 9)
    """,
])
def test_dup2_in_fork_child_is_not_reported(source):
    """The descriptor is meant for the program the child execs: a finding there is noise."""
    findings = check_source(textwrap.dedent(source), Settings(min_python=(3, 8), min_python_source="test"))
    assert [f for f in findings if f.code == "NIH201"] == []


@pytest.mark.parametrize("source", [
    """
    import os
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.dup2(a, 9)
    """,
    """
    import os
    if os.fork() > 0:
        os._exit(0)
    os.setsid()
    os.dup2(a, 9)
    """,
    """
    import os
    pid = os.fork()
    def elsewhere(pid):
        if pid == 0:
            os.dup2(a, 9)
    """,
])
def test_dup2_in_fork_parent_keeps_fix(source):
    assert only(source, "NIH201").fix is not None


@pytest.mark.parametrize("target", ["self.targetfd", "fd2", "out.fileno()", "STDOUT"])
def test_dup2_onto_a_target_that_may_be_a_standard_stream_is_report_only(target):
    finding = only(f"import os\nos.dup2(a, {target})\n", "NIH201")
    assert finding.fix is None
    assert "unless the target is a standard stream" in finding.message


@pytest.mark.parametrize("spawn", [
    "subprocess.Popen(a, close_fds=False)",
    "subprocess.Popen(a, -1, None, None, None, None, None, False)",  # close_fds is the 8th parameter
])
def test_dup2_in_a_module_that_spawns_with_close_fds_false_is_report_only(spawn):
    source = f"import os, subprocess\nos.dup2(fd, 9)\n{spawn}\n"
    dup2 = only(source, "NIH201")
    assert dup2.fix is None
    assert "unless the child this module starts with close_fds=False needs it" in dup2.message
    close_fds = only(source, "NIH301")  # the same decision: report-only, because of the dup2
    assert close_fds.fix is None


def test_dup2_explicit_inheritable_true_is_report_only():
    assert only("import os\nos.dup2(a, 9, inheritable=True)\n", "NIH201").fix is None


def test_dup2_with_kwargs_is_report_only():
    assert only("import os\nos.dup2(a, 9, **kw)\n", "NIH201").fix is None


# --------------------------------------------------------------------------- NIH202 (report-only)


def test_set_inheritable_is_report_only_and_suggests_pass_fds():
    finding = only("import os\nos.set_inheritable(fd, True)\n", "NIH202")
    assert finding.fix is None
    assert "pass_fds=" in finding.message and "handle_list" in finding.message


# --------------------------------------------------------------------------- NIH203


@pytest.mark.parametrize("source, span, text", [
    ("import fcntl\nfcntl.fcntl(fd, fcntl.F_DUPFD, 3)\n", Span(2, 16, 2, 29), "fcntl.F_DUPFD_CLOEXEC"),
    ("import fcntl as fc\nfc.fcntl(fd, fc.F_DUPFD)\n", Span(2, 13, 2, 23), "fc.F_DUPFD_CLOEXEC"),
    ("from fcntl import fcntl, F_DUPFD, F_DUPFD_CLOEXEC\nfcntl(fd, F_DUPFD, 3)\n",
     Span(2, 10, 2, 17), "F_DUPFD_CLOEXEC"),
    ("from fcntl import *\nfcntl(fd, F_DUPFD, 3)\n", Span(2, 10, 2, 17), "F_DUPFD_CLOEXEC"),
    ("import fcntl as f\nfrom fcntl import F_DUPFD as D\nf.fcntl(fd, D)\n", Span(3, 12, 3, 13), "f.F_DUPFD_CLOEXEC"),
    ("from fcntl import F_DUPFD_CLOEXEC as DC, F_DUPFD, fcntl\nfcntl(fd, F_DUPFD)\n",
     Span(2, 10, 2, 17), "DC"),
])
def test_dupfd_fix_replaces_the_command_argument(source, span, text):
    finding = only(source, "NIH203")
    assert finding.fix == Fix(FixKind.REPLACE, span, text)


def test_dupfd_report_only_when_cloexec_not_reachable_by_name():
    finding = only("from fcntl import fcntl, F_DUPFD\nfcntl(fd, F_DUPFD, 3)\n", "NIH203")
    assert finding.fix is None


def test_dupfd_report_only_when_min_python_lacks_the_constant():
    finding = only("import fcntl\nfcntl.fcntl(fd, fcntl.F_DUPFD, 3)\n", "NIH203", min_python=(2, 7))
    assert finding.fix is None
    assert "3.6" in finding.message


# --------------------------------------------------------------------------- NIH204


@pytest.mark.parametrize("source, span, text", [
    ("import os\nos.pipe2(0)\n", Span(2, 9, 2, 10), "os.O_CLOEXEC"),
    ("import os as o\nr, w = o.pipe2(o.O_NONBLOCK)\n", Span(2, 15, 2, 27), "o.O_CLOEXEC"),
    ("import os\nos.memfd_create('m', flags=os.MFD_ALLOW_SEALING | os.MFD_HUGETLB)\n",
     Span(2, 27, 2, 64), "os.MFD_CLOEXEC"),
    ("import os\nfrom os import eventfd\neventfd(0, os.EFD_NONBLOCK)\n", Span(3, 11, 3, 26), "os.EFD_CLOEXEC"),
])
def test_flag_fix_ors_the_flag_into_the_argument(source, span, text):
    assert only(source, "NIH204").fix == Fix(FixKind.OR_FLAG, span, text)


@pytest.mark.parametrize("source", [
    "from os import pipe2, O_NONBLOCK\nimport os\npipe2(O_NONBLOCK)\n",  # from-import flag names
    "from os import pipe2\npipe2(0)\n",  # os not importable by name
    "import os\nfrom os import pipe2\ndef f(os):\n    pipe2(0)\n",  # os shadowed where the call is
])
def test_flag_fix_report_only_cases(source):
    found = [f for f in check_source(source, settings()) if f.code == "NIH204"]
    assert found and all(f.fix is None for f in found)


# --------------------------------------------------------------------------- NIH205

RECVMSG = "import socket\nSCM = socket.SCM_RIGHTS\n"


def test_recvmsg_fix_appends_flag_on_linux():
    finding = only(RECVMSG + "sock.recvmsg(1, 64)\n", "NIH205", platforms=LINUX)
    assert finding.fix == Fix(FixKind.APPEND_ARGUMENT, Span(3, 0, 3, 19), "socket.MSG_CMSG_CLOEXEC")


def test_recvmsg_fix_ors_into_given_flags_on_linux():
    finding = only(RECVMSG + "sock.recvmsg(1, 64, socket.MSG_PEEK)\n", "NIH205", platforms=LINUX)
    assert finding.fix == Fix(FixKind.OR_FLAG, Span(3, 20, 3, 35), "socket.MSG_CMSG_CLOEXEC")


def test_recvmsg_report_only_off_linux():
    assert only(RECVMSG + "sock.recvmsg(1, 64)\n", "NIH205").fix is None
    assert only(RECVMSG + "sock.recvmsg(1, 64)\n", "NIH205", platforms=frozenset({"linux", "macos"})).fix is None


def test_recv_fds_report_only():
    assert only("import socket\nsocket.recv_fds(s, 1, 1)\n", "NIH205", platforms=LINUX).fix is None


# --------------------------------------------------------------------------- NIH301


def test_close_fds_false_replaced_by_true():
    finding = only("import subprocess\nsubprocess.run(c, close_fds=False)\n", "NIH301")
    assert finding.fix == Fix(FixKind.REPLACE, Span(2, 28, 2, 33), "True")


def test_missing_close_fds_added_before_32():
    finding = only("import subprocess\nsubprocess.call(c)\n", "NIH301", min_python=(2, 7), platforms=LINUX)
    assert finding.fix == Fix(FixKind.ADD_KEYWORD, Span(2, 0, 2, 18), "close_fds=True")


@pytest.mark.parametrize("source, options", [
    # (a) Windows before 3.7 with redirected stdio: close_fds=True is a ValueError there
    ("import subprocess\nsubprocess.call(c, stdout=f, close_fds=False)\n", dict(min_python=(3, 6))),
    ("import subprocess\nsubprocess.check_output(c)\n", dict(min_python=(2, 7))),
    ("import subprocess\nsubprocess.run(c, capture_output=True)\n", dict(min_python=(2, 7))),
    # (b) the module makes handles inheritable on purpose
    ("import os, subprocess\nos.set_inheritable(fd, True)\nsubprocess.call(c, close_fds=False)\n",
     dict(platforms=LINUX)),
    # (c) **kwargs may carry close_fds
    ("import subprocess\nsubprocess.call(c, **kw)\n", dict(min_python=(2, 7), platforms=LINUX)),
])
def test_close_fds_report_only_cases(source, options):
    assert only(source, "NIH301", **options).fix is None


def test_windows_after_36_keeps_fix_with_redirection():
    finding = only("import subprocess\nsubprocess.call(c, stdout=f, close_fds=False)\n", "NIH301",
                   min_python=(3, 7))
    assert finding.fix is not None


# --------------------------------------------------------------------------- messages


def test_version_gated_messages_say_how_to_set_min_python_when_assumed():
    source = "import os, subprocess\nsubprocess.call(c)\nos.system('x')\nos.dup2(a, 9)\n"
    found = {f.code: f.message for f in check_source(source, Settings(platforms=LINUX))}
    assert "min-python 2.7 assumed" in found["NIH301"]
    assert "min-python 2.7 assumed" in found["NIH302"]
    assert "assumed" not in found["NIH201"]  # every version: not gated


def test_messages_start_with_code_and_name_the_callee():
    source = "import os as o\no.dup2(a, 9)\n"
    (finding,) = check_source(source, settings())
    assert finding.message.startswith("NIH201 os.dup2() ")
