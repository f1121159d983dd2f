"""Every rule's documentation (its `Rule.doc`, ruff's sections) is complete and true: each section
is there, the Example is reported by the detector and the "Use instead" is not, and every runtime
function the docs name exists."""

import ast
import re

import pytest

from noinherit_lint import docs
from noinherit_lint.checker import check
from noinherit_lint.registry import RULES, FixAvailability
from noinherit_lint.settings import Settings

CODES = sorted(RULES)
# The most conservative settings: every rule can fire under them.
EXAMPLE_SETTINGS = Settings(min_python=(2, 7), min_python_source="doc example")
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.M | re.S)


def _example(code: str, section: str) -> str:
    block = PYTHON_BLOCK.search(docs.sections(RULES[code]).get(section, ""))
    assert block is not None, f"{code}: the {section} section has no ```python block"
    return block.group(1)


def _codes_reported(source: str):
    return {f.code for f in check(ast.parse(source), EXAMPLE_SETTINGS)}


@pytest.mark.parametrize("code", CODES)
def test_every_rule_documents_every_section(code):
    written = docs.sections(RULES[code])
    assert tuple(written) == docs.WRITTEN_SECTIONS, f"{code}: sections {list(written)}"
    assert all(written.values()), f"{code}: an empty section"
    assert RULES[code].fix_safety.reason.strip(), f"{code}: no fix safety reason"


@pytest.mark.parametrize("code", CODES)
def test_the_doc_example_is_reported(code):
    assert code in _codes_reported(_example(code, "Example"))


@pytest.mark.parametrize("code", CODES)
def test_the_doc_use_instead_is_not_reported(code):
    assert code not in _codes_reported(_example(code, "Use instead"))


@pytest.mark.parametrize("code", CODES)
def test_runtime_functions_named_in_the_docs_exist(code):
    from noinherit_ftools import ftools

    text = docs.explain(RULES[code])
    named = set(re.findall(r"ftools\.(\w+)", text)) - {"ftools"}
    assert all(name in ftools.__all__ for name in named), sorted(named - set(ftools.__all__))


@pytest.mark.parametrize("code", CODES)
def test_fix_safety_says_whether_there_is_a_fix(code):
    rule = RULES[code]
    assert (rule.fix is FixAvailability.NEVER) == (rule.fix_safety.applicability is None)
    rendered = docs.explain(rule)
    assert ("No automatic fix" in rendered) == (rule.fix is FixAvailability.NEVER)


def test_explain_prints_the_rule_and_refuses_unknown_codes(capsys):
    assert docs.main(["--explain", "NIH201"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# NIH201 dup2-inheritable\n")
    assert [line[3:] for line in out.splitlines() if line.startswith("## ")] == list(docs.SECTIONS)
    assert "Fix is sometimes available and safe: `inheritable=False` is added only when" in out
    assert docs.main(["--explain", "NIH999"]) == 2
    assert capsys.readouterr().err.startswith("--explain: unknown code(s) NIH999; known: NIH000, NIH001, NIH002, NIH101, ")


def test_nih001_is_documented_like_a_rule(capsys):
    """NIH001 (a file neither grammar parses) has every section; its Example is such a file and
    its Use instead parses; --explain prints it."""
    from noinherit_lint import parsing
    from noinherit_lint.registry import FILE_CODES

    record = FILE_CODES["NIH001"]
    written = docs.sections(record)
    assert tuple(written) == docs.WRITTEN_SECTIONS and all(written.values())
    example = PYTHON_BLOCK.search(written["Example"]).group(1)
    with pytest.raises(parsing.Unparsable):
        parsing.parse(example)
    parsing.parse(PYTHON_BLOCK.search(written["Use instead"]).group(1))
    assert docs.main(["--explain", "NIH001"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# NIH001 cannot-parse\n")
    assert [line[3:] for line in out.splitlines() if line.startswith("## ")] == list(docs.SECTIONS)
    assert "No automatic fix: there is no program to rewrite" in out


@pytest.mark.parametrize("code", [code for code in CODES if RULES[code].fix is not FixAvailability.NEVER])
def test_the_docs_give_every_reason_a_fix_can_carry(code):
    rendered = docs.explain(RULES[code])
    for safety in RULES[code].fix_safeties():
        assert safety.reason[1:] in rendered, f"{code}: {safety.reason[:40]}... is not in the docs"
    has_unsafe = any(not safety.is_safe for safety in RULES[code].fix_safeties())
    assert ("only with `--unsafe-fixes`" in rendered) == has_unsafe


def test_the_fix_safety_section_renders_the_other_safeties():
    text = docs.explain(RULES["NIH301"])
    assert "Fix is sometimes available and safe: `close_fds=True` is added where it is missing" in text
    assert "The fix is unsafe when an explicit `close_fds=False` becomes `close_fds=True`" in text
    assert "Fix is always available and safe: the flags get `| ftools.O_CLOEXEC`" in docs.explain(RULES["NIH102"])
    assert "Fix is sometimes available and unsafe: `open`/`file` become `ftools.open`" in docs.explain(RULES["NIH101"])
