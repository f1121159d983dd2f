"""Each fix kind edits exactly the node with the fix's span and keeps everything else."""

import ast

import pytest

from noinherit_lint.findings import Finding, Fix, FixKind, Span
from tests.fixes.handmade import fix, run

# the runtime import at the top of a module, and the blank line isort leaves before a statement
IMPORT = "from noinherit_ftools import ftools\n\n"


def callee(source, snippet="open", text="open", nth=0):
    return fix(source, FixKind.RUNTIME_CALLEE, text, snippet, ast.expr, nth)


# --------------------------------------------------------------------------- runtime callee

@pytest.mark.parametrize("before, after", [
    ("open(p)\n", "ftools.open(p)\n"),
    ("(open)(p)\n", "(ftools.open)(p)\n"),
    ("data = open(p).read()\n", "data = ftools.open(p).read()\n"),
    ('x = "héllo→"; f = open("p")\n', 'x = "héllo→"; f = ftools.open("p")\n'),
    ("f = open(\n    p,  # the path\n    'rb' ,\n)\n", "f = ftools.open(\n    p,  # the path\n    'rb' ,\n)\n"),
    ("if x:\n\tf = open (p)\n", "if x:\n\tf = ftools.open (p)\n"),
])
def test_runtime_callee_replaces_only_the_callee(before, after):
    result = run(before, callee(before))
    assert result.source == IMPORT + after
    assert result.changed and not result.not_fixed


def test_runtime_callee_of_a_dotted_callee():
    before = "import shutil\nshutil.copyfile(a, b)  # keep\n"
    result = run(before, callee(before, "shutil.copyfile", "copyfile"))
    # `import shutil` is unused after the swap: removed, and the import takes its place
    assert result.source == IMPORT + "ftools.copyfile(a, b)  # keep\n"


def test_the_import_is_added_once_for_several_calls():
    before = "a = open(p)\nb = open(q)\n"
    result = run(before, callee(before, nth=0), callee(before, nth=1))
    assert result.source == IMPORT + "a = ftools.open(p)\nb = ftools.open(q)\n"


def test_a_call_inside_a_fixed_call():
    before = "x = open(open(p).read())\n"
    result = run(before, callee(before, nth=0), callee(before, nth=1))
    assert result.source == IMPORT + "x = ftools.open(ftools.open(p).read())\n"


def test_callee_and_keyword_fix_on_the_same_call():
    before = "x = open(p)\n"
    findings = [callee(before), fix(before, FixKind.ADD_KEYWORD, "opener=o", "open(p)", ast.Call)]
    assert run(before, *findings).source == IMPORT + "x = ftools.open(p, opener=o)\n"


# --------------------------------------------------------------------------- replace / or-flag

@pytest.mark.parametrize("before, snippet, text, after", [
    ("subprocess.call(c, close_fds=False)\n", "False", "True", "subprocess.call(c, close_fds=True)\n"),
    ("fcntl.fcntl(fd, fcntl.F_DUPFD, 3)\n", "fcntl.F_DUPFD", "fcntl.F_DUPFD_CLOEXEC",
     "fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)\n"),
    ("f(( F_DUPFD ))\n", "F_DUPFD", "F_DUPFD_CLOEXEC", "f(( F_DUPFD_CLOEXEC ))\n"),
    ("x = -a\n", "a", "b | c", "x = -(b | c)\n"),
    ("x = [a]\n", "a", "b | c", "x = [b | c]\n"),
])
def test_replace(before, snippet, text, after):
    assert run(before, fix(before, FixKind.REPLACE, text, snippet)).source == after


@pytest.mark.parametrize("before, snippet, after", [
    ("os.pipe2(0)\n", "0", "os.pipe2(os.O_CLOEXEC)\n"),
    ("os.pipe2((0))\n", "0", "os.pipe2((os.O_CLOEXEC))\n"),
    ("os.pipe2(os.O_NONBLOCK)\n", "os.O_NONBLOCK", "os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)\n"),
    ("os.pipe2(a | b)\n", "a | b", "os.pipe2(a | b | os.O_CLOEXEC)\n"),
    ("os.pipe2(a or b)\n", "a or b", "os.pipe2((a or b) | os.O_CLOEXEC)\n"),
    ("os.pipe2(a if c else b)\n", "a if c else b", "os.pipe2((a if c else b) | os.O_CLOEXEC)\n"),
    ("os.pipe2((a or b))\n", "a or b", "os.pipe2(((a or b) | os.O_CLOEXEC))\n"),
    ("x = 2 * flags\n", "flags", "x = 2 * (flags | os.O_CLOEXEC)\n"),
    ("os.pipe2(\n    flags,  # why\n)\n", "flags", "os.pipe2(\n    flags | os.O_CLOEXEC,  # why\n)\n"),
])
def test_or_flag(before, snippet, after):
    assert run(before, fix(before, FixKind.OR_FLAG, "os.O_CLOEXEC", snippet)).source == after


# --------------------------------------------------------------------------- arguments

@pytest.mark.parametrize("before, after", [
    ("f()\n", "f(close_fds=True)\n"),
    ("f(a)\n", "f(a, close_fds=True)\n"),
    ("f(a, b=1)\n", "f(a, b=1, close_fds=True)\n"),
    ("f(a,b)\n", "f(a,b,close_fds=True)\n"),
    ("f(*a, **k)\n", "f(*a, **k, close_fds=True)\n"),
    ("f(\n    a,\n    b,\n)\n", "f(\n    a,\n    b,\n    close_fds=True,\n)\n"),
    ("f(\n    a,  # one\n    b,  # two\n)\n", "f(\n    a,  # one\n    b,  # two\n    close_fds=True,\n)\n"),
    ("f(a,\n  b)\n", "f(a,\n  b,\n  close_fds=True)\n"),
    ("f(\n    a\n)\n", "f(\n    a,\n    close_fds=True\n)\n"),
    ("f(  # c\n    a\n)\n", "f(  # c\n    a,\n    close_fds=True\n)\n"),
    ("if x:\n    f(\n        a,\n    )\n", "if x:\n    f(\n        a,\n        close_fds=True,\n    )\n"),
    ("f(a,\r\n  b)\r\n", "f(a,\r\n  b,\r\n  close_fds=True)\r\n"),
])
def test_add_keyword_follows_the_call_style(before, after):
    finding = fix(before, FixKind.ADD_KEYWORD, "close_fds=True", _call_text(before), ast.Call)
    assert run(before, finding).source == after


def _call_text(source):
    call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call))
    return ast.get_source_segment(source, call)


def test_add_keyword_that_is_already_passed_is_reported_not_duplicated():
    before = "f(a, close_fds=False)\n"
    result = run(before, fix(before, FixKind.ADD_KEYWORD, "close_fds=True", before.strip(), ast.Call))
    assert result.source == before and not result.changed
    assert result.not_fixed == ["1:1 NIH999: not fixed (the call already passes close_fds=)"]


@pytest.mark.parametrize("before, after", [
    ("s.recvmsg(1, 2)\n", "s.recvmsg(1, 2, socket.MSG_CMSG_CLOEXEC)\n"),
    ("s.recvmsg()\n", "s.recvmsg(socket.MSG_CMSG_CLOEXEC)\n"),
    ("s.recvmsg(1, b=2)\n", "s.recvmsg(1, socket.MSG_CMSG_CLOEXEC, b=2)\n"),
    ("s.recvmsg(b=2)\n", "s.recvmsg(socket.MSG_CMSG_CLOEXEC, b=2)\n"),
    ("s.recvmsg(\n    1,\n    2,\n)\n", "s.recvmsg(\n    1,\n    2,\n    socket.MSG_CMSG_CLOEXEC,\n)\n"),
])
def test_append_argument(before, after):
    finding = fix(before, FixKind.APPEND_ARGUMENT, "socket.MSG_CMSG_CLOEXEC", _call_text(before), ast.Call)
    assert run(before, finding).source == after


# --------------------------------------------------------------------------- safety

def test_a_span_that_matches_no_node_is_reported_and_nothing_else_changes():
    before = "x = open(p)\n"
    wrong = Span(1, 5, 1, 9)  # "pen(" : no node
    result = run(before, Finding("NIH101", "m", wrong, Fix(FixKind.RUNTIME_CALLEE, wrong, "open")))
    assert result.source == before and not result.changed
    assert result.not_fixed == ["1:6 NIH101: not fixed (no expression has this span)"]


def test_keyword_fixes_match_calls_only():
    before = "x = y\n"
    span = Span(1, 4, 1, 5)
    result = run(before, Finding("NIH301", "m", span, Fix(FixKind.ADD_KEYWORD, span, "close_fds=True")))
    assert result.source == before and result.not_fixed


def test_text_that_is_not_an_expression_is_reported():
    before = "os.pipe2(0)\n"
    result = run(before, fix(before, FixKind.OR_FLAG, "os.O_CLOEXEC +", "0"))
    assert result.source == before and "not an expression" in result.not_fixed[0]


@pytest.mark.parametrize("before, after", [
    ("f(\n    a  # c\n)\n", "f(\n    a,  # c\n    close_fds=True\n)\n"),
    ("f(a, b  # c\n)\n", "f(a, b,  # c\nclose_fds=True\n)\n"),
    ("f(\n    a,\n\n    # last\n)\n", "f(\n    a,\n\n    # last\n    close_fds=True,\n)\n"),
])
def test_add_keyword_keeps_comments_on_their_lines(before, after):
    finding = fix(before, FixKind.ADD_KEYWORD, "close_fds=True", _call_text(before), ast.Call)
    assert run(before, finding).source == after


# --------------------------------------------------------------------------- the table of fix kinds


@pytest.mark.parametrize("kind", list(FixKind), ids=[k.slug for k in FixKind])
def test_every_fix_kind_names_an_edit_function(kind):
    import inspect

    from noinherit_lint.fixes import edits

    function = edits.edit_function(kind)
    assert function.__name__ == kind.edit
    assert list(inspect.signature(function).parameters)[1:] == ["text", "context"]


def test_fix_kind_names_are_unique():
    assert len({kind.slug for kind in FixKind}) == len(FixKind)
