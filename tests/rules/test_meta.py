"""Meta-tests (flake8-async style): a rule cannot be half-added.  For every registered code there is
an eval file with positives and negatives and at least one asserted message, and its declared fix
availability is what the eval files show.  (Docs: test_rule_docs.py; golden fixes:
tests/fixes/test_golden.py.)"""

import ast
import re
from collections import defaultdict

import pytest

from noinherit_lint import checker, registry
from noinherit_lint.api import ModuleFacts
from noinherit_lint.names import ModuleNames
from noinherit_lint.registry import RULES, FixAvailability, star_exports
from tests.rules.eval_files import DATA, example_files, expectations, files_for, parse_runs

CODES = sorted(RULES)
HARNESS_FILES = {"harness_selftest.py"}


def _runs_of(code):
    """(file, run, settings, source, tree) for every run of every eval file about `code`."""
    for path in files_for(code):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for run, settings in parse_runs(source).items():
            yield path, run, settings, source, tree


def _looked_at_lines(tree, settings, code):
    """Lines a negative can be on: where a check that may report `code` ran, or that mention a name
    such a check is registered for (``open`` shadowed by a parameter, ``ForkingMixIn`` rebound)."""
    names = ModuleNames(tree, star_exports())
    facts = ModuleFacts(names, settings, tree)
    lines = {site.node.lineno for site, check in checker._sites(names, facts) if code in check.reports}
    leaves = {
        key.rpartition(".")[2]
        for table in (registry.BY_QUALNAME, registry.BY_METHOD, registry.BY_CLASS_BASE)
        for key, checks in table.items() if any(code in check.reports for check in checks)
    }
    for node in ast.walk(tree):
        named = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
        if named in leaves:
            lines.add(node.lineno)
    return lines


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_an_eval_file(code):
    assert (DATA / f"{code.lower()}.py").is_file(), f"write {DATA / code.lower()}.py (see eval_files.py)"


@pytest.mark.parametrize("path", example_files(), ids=lambda path: path.name)
def test_every_eval_file_is_about_a_registered_code(path):
    if path.name in HARNESS_FILES:
        return
    match = re.match(r"nih(\d{3}|\d)(?:_|$)", path.stem)
    assert match, f"{path.name}: name it nihNNN[_what].py or nihN_what.py"
    assert any(code.lower()[3:].startswith(match.group(1)) for code in RULES), path.name


@pytest.mark.parametrize("code", CODES)
def test_eval_files_have_positives_and_negatives(code):
    positives = negatives = 0
    for _, run, settings, source, tree in _runs_of(code):
        expected_lines = {e.line for e in expectations(source) if e.code == code and e.applies_to(run)}
        positives += len(expected_lines)
        negatives += len(_looked_at_lines(tree, settings, code) - expected_lines)
    assert positives, f"no line of the {code} eval files expects {code}"
    assert negatives, f"no call or name that {code}'s checks look at is left unreported in its eval files"


@pytest.mark.parametrize("code", CODES)
def test_eval_files_assert_a_message(code):
    asserted = [e for path in files_for(code) for e in expectations(path.read_text(encoding="utf-8"))
                if e.code == code and e.message]
    assert asserted, f'assert {code}\'s message text somewhere: # {code}: COL "part of the message"'


@pytest.mark.parametrize("code", CODES)
def test_fix_availability_is_what_the_eval_files_show(code):
    with_fix = defaultdict(int)
    for _, _, settings, _, tree in _runs_of(code):
        for finding in checker.check(tree, settings):
            if finding.code == code:
                with_fix[finding.fix is not None] += 1
    shown = {(True, False): FixAvailability.ALWAYS, (True, True): FixAvailability.SOMETIMES,
             (False, True): FixAvailability.NEVER}[bool(with_fix[True]), bool(with_fix[False])]
    assert shown is RULES[code].fix, f"{code}: {dict(with_fix)} findings with/without a fix"


@pytest.mark.parametrize("code", CODES)
def test_every_fix_safety_a_rule_declares_is_what_the_eval_files_show(code):
    """A fix carries one of its rule's documented safeties (`CallSite.report` enforces it); here:
    each declared safety occurs, so none is declared for show."""
    shown = set()
    for _, _, settings, _, tree in _runs_of(code):
        shown.update(f.fix.safety for f in checker.check(tree, settings) if f.code == code and f.fix)
    rule = RULES[code]
    declared = set() if rule.fix is FixAvailability.NEVER else set(rule.fix_safeties())
    assert shown == declared, f"{code}: the eval files show {sorted(s.applicability.value for s in shown)}"
