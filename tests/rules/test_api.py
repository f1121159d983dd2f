"""The rule API's contract: what `CallSite.report` checks and fills in, and the shared helpers."""

import ast

import pytest

from noinherit_lint import registry
from noinherit_lint.api import CallSite, ModuleFacts
from noinherit_lint.arguments import passes_close_fds_false, stdio_redirected
from noinherit_lint.checker import check_source
from noinherit_lint.findings import Applicability, Fix, FixKind, Span, unsafe
from noinherit_lint.names import ModuleNames
from noinherit_lint.settings import Settings

SETTINGS = Settings(min_python=(3, 8), min_python_source="test")


def site(source: str, reports):
    tree = ast.parse(source)
    names = ModuleNames(tree, registry.star_exports())
    call, scope = names.calls[0]
    return CallSite(call, "os.dup2", scope, ModuleFacts(names, SETTINGS, tree), frozenset(reports))


def test_a_fix_gets_its_rules_fix_safety():
    (finding,) = check_source("import os\nos.dup2(a, 9)\n", SETTINGS)
    assert finding.fix.safety == registry.RULES["NIH201"].fix_safety
    assert finding.fix.safety.applicability is Applicability.SAFE


def test_a_fix_may_carry_another_documented_safety_and_it_is_not_part_of_the_edit():
    (other,) = registry.RULES["NIH201"].other_fix_safety
    fix = Fix(FixKind.ADD_KEYWORD, Span(1, 0, 1, 13), "inheritable=False", other)
    finding = site("os.dup2(a, 9)\n", ["NIH201"]).report("NIH201", "text", fix)
    assert finding.fix.safety is other and not finding.fix.is_safe
    assert finding.fix == Fix(FixKind.ADD_KEYWORD, Span(1, 0, 1, 13), "inheritable=False")


def test_a_fix_cannot_carry_a_safety_its_rule_does_not_document():
    fix = Fix(FixKind.ADD_KEYWORD, Span(1, 0, 1, 13), "inheritable=False", unsafe("drops a comment"))
    with pytest.raises(ValueError, match="NIH201: a fix's safety must be one its Rule documents"):
        site("os.dup2(a, 9)\n", ["NIH201"]).report("NIH201", "text", fix)


def test_dup2_before_exec_gets_an_unsafe_fix():
    (finding,) = check_source("import os\nos.dup2(a, 3)\nos.execv('/bin/tool', ['tool'])\n", SETTINGS)
    assert finding.fix is not None and finding.fix.safety is registry.RULES["NIH201"].other_fix_safety[0]
    assert finding.fix.safety.applicability is Applicability.UNSAFE


def test_a_check_reports_only_the_codes_it_declared():
    with pytest.raises(ValueError, match=r"registered for \['NIH201'\] reported NIH202"):
        site("os.dup2(a, 9)\n", ["NIH201"]).report("NIH202", "text")


def test_a_rule_without_a_fix_cannot_offer_one():
    fix = Fix(FixKind.ADD_KEYWORD, Span(1, 0, 1, 13), "x=1")
    with pytest.raises(ValueError, match="NIH202 has no fix"):
        site("os.dup2(a, 9)\n", ["NIH202"]).report("NIH202", "text", fix)


def test_every_registered_check_declares_registered_codes():
    tables = (registry.BY_QUALNAME, registry.BY_METHOD, registry.BY_CLASS_BASE)
    declared = {code for table in tables for checks in table.values() for c in checks for code in c.reports}
    assert declared == set(registry.RULES)


@pytest.mark.parametrize("call, expected", [
    ("Popen(a, close_fds=False)", True),
    ("Popen(a, -1, None, None, None, None, None, False)", True),
    ("Popen(a, -1, None, None, None, None, None, 0)", True),
    ("Popen(a, close_fds=True)", False),
    ("Popen(*a, False)", False),  # after *args the position is unknown
    ("Popen(a, close_fds=flag)", False),
])
def test_close_fds_false_by_keyword_or_position(call, expected):
    assert passes_close_fds_false(ast.parse(call).body[0].value) is expected


@pytest.mark.parametrize("call, qualname, expected", [
    ("run(a)", "subprocess.run", False),
    ("run(a, stdout=None)", "subprocess.run", False),
    ("run(a, stdout=PIPE)", "subprocess.run", True),
    ("Popen(a, -1, None, None, PIPE)", "subprocess.Popen", True),
    ("run(a, capture_output=True)", "subprocess.run", True),
    ("run(a, input=b'x')", "subprocess.run", True),
    ("check_output(a)", "subprocess.check_output", True),
    ("run(a, **kwargs)", "subprocess.run", None),
    ("run(*args)", "subprocess.run", None),
])
def test_stdio_redirected(call, qualname, expected):
    assert stdio_redirected(ast.parse(call).body[0].value, qualname) is expected
