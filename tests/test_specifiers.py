"""`noinherit_lint.specifiers` against `packaging` itself (the oracle; test extra only).

For each specifier: we reject it exactly when `packaging.specifiers.SpecifierSet` does, and
`oldest_python` equals the oldest series found by asking packaging about every final release
X.Y.Z in a range wide enough for the numbers the specifier mentions (what pip asks for an
interpreter: its three-number version).
"""

from __future__ import annotations

import random
import re

import pytest

from noinherit_lint.specifiers import SpecifierError, oldest_python, parse

packaging_specifiers = pytest.importorskip("packaging.specifiers")

HANDWRITTEN = [
    ">=3.8", ">=3.8.0rc1", ">=3.8rc1", "<3.8.0rc1", "<3.8", "<=3.8", ">3.8", ">3.8.0", ">3.8.0.0",
    ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*", "!=2.*, >=2.6", "~=3.6", "~=3.6.1", "~=2.7.18",
    "==3.11.*", "==3.*", "==3", "==3.8.0.0.*", "!=3.8.*,>=3.8,<3.10", ">=3.8,<3.8", ">=4", "<2",
    "===3.8.0", "===3.8", "===foo", "== 3.8.*", ">= 3.8", " >=3.8 , <4 ", ">=v3.8", ">=V3.8", ">=1!2.0",
    "==3.8+local", "!=3.8.0+local", ">=3.8.post1", "<3.8.post1", ">3.8.post1", "<=3.8.dev0",
    ">=3.8.dev0", "<3.8.dev0", ">3.7.post1.dev0", ">=3.8a1.post1", "==3.8.0-1", ">=3.8-1",
    ">=3.8.*", "~=3", "~=3.8.*", ">=3.8+local", "3.8", ">=2.7 || >=3.6", ">=3.8 or <3", "=>3.8",
    "=3.8", ">=3.8;", ">=", "", " , ", ">=3.8,", "==3.8.*.*", "!=3.8a1.*", ">=3.8.0RC1", ">=3.8.0\u212a",
    ">=3.8.0\u00a0", "\u00a0>=3.8", ">=\u00a03.8", "===a b", "~=3.8-1", "~=3.8.post1.dev2", ">=3.10",
    ">=3.9999", ">=3.8.12345678901234567890",
]

OPERATORS = ["==", "!=", "<=", ">=", "<", ">", "~=", "===", "=", "=>", ""]
PRE = ["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "RC"]
POST = ["post", "rev", "r", "POST"]
SEPARATORS = ["", ".", "-", "_"]


def _random_version(rng: random.Random) -> str:
    parts = [str(rng.choice([2, 3, 3, 3, 3, 3, 0, 4]))] + [str(rng.randint(0, 12)) for _ in range(rng.randint(0, 3))]
    text = ("v" if rng.random() < 0.05 else "") + ("1!" if rng.random() < 0.05 else "") + ".".join(parts)
    if rng.random() < 0.15:
        return text + ".*"
    if rng.random() < 0.25:
        text += rng.choice(SEPARATORS) + rng.choice(PRE) + rng.choice(["", "1", "0"])
    if rng.random() < 0.2:
        text += rng.choice(["-1"] + [s + p + n for s in SEPARATORS for p in POST for n in ("", "2")])
    if rng.random() < 0.15:
        text += rng.choice(SEPARATORS) + "dev" + rng.choice(["", "0", "3"])
    if rng.random() < 0.08:
        text += rng.choice(["+local", "+1.2", "+abc-def", "+"])
    return text


def random_specifier(rng: random.Random) -> str:
    clauses = []
    for _ in range(rng.randint(1, 3)):
        space = rng.choice(["", "", " "])
        clauses.append(space + rng.choice(OPERATORS) + rng.choice(["", "", " "]) + _random_version(rng) + space)
    return rng.choice([",", ", ", " ,"]).join(clauses)


def packaging_accepts(text: str) -> bool:
    try:
        packaging_specifiers.SpecifierSet(text)
    except packaging_specifiers.InvalidSpecifier:
        return False
    return True


def packaging_oldest(text: str):
    """Brute force: the oldest X.Y with a final X.Y.Z that packaging says is allowed."""
    specifier = packaging_specifiers.SpecifierSet(text)
    numbers = [int(n) for n in re.findall(r"[0-9]+", text) if len(n) < 4]
    top = max(numbers + [0]) + 3
    for major, minors in ((2, range(0, 8)), (3, range(0, top))):
        for minor in minors:
            if any(specifier.contains(f"{major}.{minor}.{micro}") for micro in range(0, top)):
                return (major, minor)
    return None


def ours(text: str):
    try:
        return True, oldest_python(text)
    except SpecifierError:
        return False, None


def _huge(text: str) -> bool:
    return any(len(n) >= 4 for n in re.findall(r"[0-9]+", text))


@pytest.mark.parametrize("text", HANDWRITTEN)
def test_handwritten_specifiers_agree_with_packaging(text):
    accepted, oldest = ours(text)
    assert accepted == packaging_accepts(text), text
    if accepted and not _huge(text):
        assert oldest == packaging_oldest(text), text


def test_generated_specifiers_agree_with_packaging():
    rng = random.Random(440)
    checked = valid = 0
    for _ in range(3000):
        text = random_specifier(rng)
        accepted, oldest = ours(text)
        assert accepted == packaging_accepts(text), text
        if accepted:
            assert oldest == packaging_oldest(text), text
            valid += 1
        checked += 1
    assert valid > checked // 4  # the generator exercises the semantics, not only the grammar


@pytest.mark.parametrize("text, expected", [
    (">=3.8.0rc1", (3, 8)),   # a pre-release lower bound still means 3.8
    (">3.8", (3, 8)),         # 3.8.1 qualifies
    ("<3.8.0rc1", (2, 0)),
    ("!=3.8.*,>=3.8", (3, 9)),
    (">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*", (2, 7)),  # a union of two ranges
    ("~=3.6.1", (3, 6)),
    (">=2.8", (3, 0)),        # there is no 2.8
    (">=3.8,<3.8", None),
    ("", (2, 0)),
    (">=3.9999", (3, 9999)),
    (">=3.8.12345678901234567890", (3, 8)),
])
def test_oldest_python_examples(text, expected):
    assert oldest_python(text) == expected


@pytest.mark.parametrize("text, reason", [
    (">=3.8.*", "a .* suffix is allowed only after == or !="),
    ("~=3", "~= needs at least two numbers, as in ~=3.8"),
    (">=3.8+local", "a +local label is allowed only after == or !="),
    ("3.8", "an operator such as >= is missing"),
    (">=2.7 || >=3.6", "PEP 440 has no 'or': the comma-separated clauses must all hold"),
    ("three", "not a PEP 440 version specifier"),
    (">=3.6, >=3.8.*", "clause '>=3.8.*': a .* suffix is allowed only after == or !="),
])
def test_invalid_specifiers_say_why(text, reason):
    with pytest.raises(SpecifierError) as info:
        parse(text)
    assert str(info.value) == reason
