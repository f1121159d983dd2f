"""README's rule table is the one generated from the registered rules, and lists every code once."""

import re
from pathlib import Path

import pytest

from noinherit_lint import docs
from noinherit_lint.registry import RULES, known_codes

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_table_equals_generated_table():
    readme = README.read_text(encoding="utf-8")
    assert docs.replace_table(readme, docs.rules_table()) == readme, (
        "README's rule table is stale: run `python -m noinherit_lint.docs README.md`"
    )


def test_every_registered_code_is_in_the_table_once():
    table = docs.rules_table()
    assert len(RULES) >= 17
    assert set(known_codes()) == set(RULES) | {"NIH000", "NIH001", "NIH002"}
    for code in known_codes():
        assert len(re.findall(rf"^\| {code} \|", table, flags=re.M)) == 1, code


def test_table_rows_follow_the_rules():
    table = docs.rules_table()
    lines = table.splitlines()
    assert lines[0] == "| code | name | matches | leaks on | autofix | fix safety |"
    assert [line.split(" | ")[0].lstrip("| ") for line in lines[2:]] == list(known_codes())
    row = next(line for line in lines if line.startswith("| NIH102 |"))
    assert row == ("| NIH102 | `os-open-without-cloexec` | `os.open(path, flags)` whose flags lack "
                   "`O_CLOEXEC`/`O_NOINHERIT` | Python < 3.4 | yes | safe |")
    # a pipe inside a cell would split it: every row has exactly the header's number of cells
    assert all(len(re.split(r"(?<!\\)\|", line)) == 8 for line in lines)
    assert next(line for line in lines if line.startswith("| NIH201 |")).endswith("| partly | safe (some unsafe) |")
    assert next(line for line in lines if line.startswith("| NIH302 |")).endswith("| no | – |")


def test_replace_table_rewrites_only_between_the_markers(tmp_path):
    path = tmp_path / "README.md"
    path.write_text(f"# t\n\n{docs.START}\nold\n{docs.END}\n\nafter\n", encoding="utf-8")
    assert docs.main([str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert text == f"# t\n\n{docs.START}\n{docs.rules_table()}{docs.END}\n\nafter\n"
    assert docs.main([str(path)]) == 0 and path.read_text(encoding="utf-8") == text  # a fixed point


def test_missing_markers_are_an_error(tmp_path, capsys):
    path = tmp_path / "README.md"
    path.write_text("no markers\n", encoding="utf-8")
    assert docs.main([str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}: the markers ")
    with pytest.raises(ValueError):
        docs.replace_table("no markers", docs.rules_table())
