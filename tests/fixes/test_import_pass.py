"""The import pass after the fixes: which imports may have become unused (read from the old tree),
the exact text after removing them, and how often the new text is parsed (its cost)."""

import ast

import pytest

from noinherit_lint.findings import Span
from noinherit_lint.fixes import source as source_module
from noinherit_lint.fixes.source import fix_source
from noinherit_lint.fixes.unused import removal_candidates
from noinherit_lint.settings import Settings
from tests.fixes.handmade import SPAWNING_THREAD

SETTINGS = Settings(min_python=(2, 7), min_python_source="test", scope="always", unsafe_fixes=True)
PLACED = "from noinherit_ftools import ftools\n\n"


def _callee_spans(tree, *names):
    return [Span.of(node.func) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and ast.unparse(node.func) in names]


def test_a_name_read_only_inside_the_fixes_is_a_candidate_and_one_read_outside_is_not():
    tree = ast.parse("import os, shutil\nimport sys as system\nf(shutil.copyfile(a, b), os.getcwd())\n"
                     "system.exit(shutil.rmtree(c))\n")
    assert removal_candidates(tree, _callee_spans(tree, "shutil.copyfile"), "m.py") == frozenset()
    spans = _callee_spans(tree, "shutil.copyfile", "shutil.rmtree", "os.getcwd")
    assert removal_candidates(tree, spans, "m.py") == {"os", "shutil"}
    assert removal_candidates(tree, spans, "pkg/__init__.py") == frozenset()  # imports there are exports


def test_a_read_is_inside_a_long_span_that_starts_before_shorter_ones():
    tree = ast.parse("import os\nf(\n    g(x),\n    os.sep,\n)\nh(os)\n")
    outer = Span(2, 0, 5, 1)  # the call f(...)
    inner = Span(3, 4, 3, 8)  # g(x), which ends before os.sep
    assert removal_candidates(tree, [outer, inner], "m.py") == frozenset()  # os is read in h(os)
    tree = ast.parse("import os\nf(\n    g(x),\n    os.sep,\n)\n")
    assert removal_candidates(tree, [outer, inner], "m.py") == {"os"}
    assert removal_candidates(tree, [inner], "m.py") == frozenset()


def test_an_all_entry_is_a_read_outside_every_fix():
    tree = ast.parse('import shutil\n__all__ = ["shutil"]\nshutil.copyfile(a, b)\n')
    assert removal_candidates(tree, _callee_spans(tree, "shutil.copyfile"), "m.py") == frozenset()


@pytest.mark.parametrize("before, after", [
    ("import os, shutil\nimport subprocess\n\nshutil.copyfile(a, b)\nos.getcwd()\n",
     "import os\nimport subprocess\n\n" + PLACED + "ftools.copyfile(a, b)\nos.getcwd()\n"),
    ("import shutil\nimport subprocess\n\nshutil.copyfile(a, b)\nshutil.rmtree(a)\n",
     "import shutil\nimport subprocess\n\n" + PLACED + "ftools.copyfile(a, b)\nshutil.rmtree(a)\n"),
    ("import shutil\nimport subprocess\n\nf(shutil.copyfile(a, b), shutil)\n",
     "import shutil\nimport subprocess\n\n" + PLACED + "f(ftools.copyfile(a, b), shutil)\n"),
    ('import shutil\nimport subprocess\n\n__all__ = ["shutil"]\nshutil.copyfile(a, b)\n',
     'import shutil\nimport subprocess\n\n' + PLACED + '__all__ = ["shutil"]\nftools.copyfile(a, b)\n'),
    ("import shutil\nimport subprocess\n\nfrom noinherit_ftools import ftools\n\nshutil.copyfile(a, b)\n",
     "import subprocess\n\nfrom noinherit_ftools import ftools\n\nftools.copyfile(a, b)\n"),
    # the module's first statement removed: the module starts with the next one, not a blank line
    ("import shutil\n\nimport subprocess\n\nshutil.copyfile(a, b)\n",
     "import subprocess\n\n" + PLACED + "ftools.copyfile(a, b)\n"),
    ("import shutil\n\n# the tools\nimport subprocess\n\nshutil.copyfile(a, b)\n",
     "# the tools\nimport subprocess\n\n" + PLACED + "ftools.copyfile(a, b)\n"),
    # not the first: the blank lines around it stay as they were
    ("import os\n\nimport shutil\n\nimport subprocess\n\nshutil.copyfile(a, b)\nos.getcwd()\n",
     "import os\n\nimport subprocess\n\n" + PLACED + "ftools.copyfile(a, b)\nos.getcwd()\n"),
])
def test_the_imports_left_unused_go_and_the_others_stay(before, after):
    # a thread that spawns makes the copies hazards (NIH103 needs one)
    before, after = before + SPAWNING_THREAD, after + SPAWNING_THREAD
    assert fix_source(before, SETTINGS).source == after
    assert fix_source(before, SETTINGS, whole_module=True).source == after


@pytest.mark.parametrize("before, parses", [
    # shutil is still read: no candidate, the old tree places the import, one parse checks the result
    ("import shutil\nimport subprocess\n\nshutil.copyfile(a, b)\nshutil.rmtree(a)\n", 1),
    # removed, with the runtime already imported: the result is parsed again, as the check
    ("import shutil\nimport subprocess\n\nfrom noinherit_ftools import ftools\n\nshutil.copyfile(a, b)\n", 2),
    # removed, then the import placed in the new block (its head parsed alone), then checked
    ("import shutil\nimport subprocess\n\nshutil.copyfile(a, b)\nx = 1\n", 2),
])
def test_the_new_text_is_parsed_only_where_the_import_pass_needs_it(monkeypatch, before, parses):
    texts = []
    real = source_module.parse_rewritten

    def counting(text, *args):
        texts.append(text)
        return real(text, *args)

    monkeypatch.setattr(source_module, "parse_rewritten", counting)
    result = fix_source(before + SPAWNING_THREAD, SETTINGS)
    assert len(texts) == parses and texts[-1] == result.source and result.changed
