"""Every NIH2xx-4xx code is documented in its family module: what, why, example, fix, fix safety,
versions -- under the same slug the registry (and so README's table) uses."""

import re

import pytest

from noinherit_lint.registry import RULES
from noinherit_lint.rules import fork, inheritable, spawn

FAMILIES = {"2": inheritable, "3": spawn, "4": fork}
SECTIONS = ("What:", "Why:", "Example", "Fix:", "Fix safety:", "Versions:")
CODES = sorted(code for code in RULES if code[3] in FAMILIES)


def section(doc: str, code: str) -> str:
    match = re.search(rf"^{code} ``([\w-]+)``\n(.*?)(?=^NIH\d{{3}} ``|\Z)", doc, re.S | re.M)
    assert match, f"{code} has no section in its module docstring"
    return match.group(1), match.group(2)


def test_the_families_register_nih2xx_to_nih4xx():
    assert CODES == ["NIH201", "NIH202", "NIH203", "NIH204", "NIH205",
                     "NIH301", "NIH302", "NIH303", "NIH401", "NIH402", "NIH403"]


@pytest.mark.parametrize("code", CODES)
def test_each_code_has_every_doc_section(code):
    slug, text = section(FAMILIES[code[3]].__doc__, code)
    assert slug == RULES[code].name
    missing = [name for name in SECTIONS if name not in text]
    assert not missing, f"{code} lacks {missing}"
