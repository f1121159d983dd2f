"""What `noinherit-lint check` reports for one file's bytes: the findings flake8 would print.

The same steps as ``flake8 --select NIH`` with this plugin, without flake8's machinery:

* the module is read by `parsing.parse` (Python 3, else Python 2.7, as `flake8_python2` makes
  flake8 do); one that neither grammar reads is one ``NIH001`` finding where the grammar that read
  further stopped, as under flake8 (never a silent pass); so is one whose bytes neither Python
  decodes (`parsing.undecodable`, as the plugin reports it);
* `checker.check` decides the findings, `Settings.selects` which are reported (flake8's select /
  ignore / per-file-ignores and ``[tool.noinherit]``, all in the settings);
* ``# noqa`` is read by `noqa.NoqaLines`, the copy of flake8's reading.

The source is decoded only when something is to be reported (for ``# noqa`` and the character
columns SARIF wants); a clean file costs one ``ast.parse`` of its bytes and the rules.
"""

from __future__ import annotations

from typing import List, Tuple

from noinherit_lint import parsing
from noinherit_lint.checker import check_with_dependencies
from noinherit_lint.fixes.positions import LineColumns
from noinherit_lint.noqa import NoqaLines
from noinherit_lint.reported import Reported
from noinherit_lint.settings import Settings
from noinherit_lint.tool_codes import NIH001


def _decoded(raw: bytes) -> str:
    return parsing.flake8_text(raw)


def _unparsable(line: int, col: int, why: str) -> Tuple[str, int, int, int, int]:
    return f"{NIH001} cannot parse ({why})", line, col, line, col


def _read(raw: bytes, filename: str):
    """(tree, None) or (None, the NIH001 message and position).  Bytes that neither Python
    decodes are NIH001 where they stop decoding (`parsing.undecodable`), in both front ends."""
    try:
        return _parsed(raw, filename)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:  # the coding cookie or the bytes
        problem = parsing.undecodable(raw)
        if problem is None:  # cannot happen: parsing.parse decodes as `undecodable` does
            return None, _unparsable(1, 0, f"cannot decode ({exc})")
        return None, _unparsable(problem.line, problem.col, problem.describe())


def _parsed(source, filename: str):
    try:
        return parsing.parse(source, filename).tree, None
    except parsing.Unparsable as exc:
        return None, _unparsable(exc.line, exc.col, str(exc))
    except (RecursionError, MemoryError):
        return None, _unparsable(1, 0, "nested too deeply")
    except UnicodeDecodeError:  # the bytes: `_read` reports them
        raise
    except ValueError as exc:  # a NUL byte, before Python 3.12
        return None, _unparsable(1, 0, str(exc))


def findings_of(raw: bytes, settings: Settings, filename: str) -> List[Reported]:
    """The findings flake8 would report for a file holding `raw`, in position order."""
    return checked(raw, settings, filename)[0]


Dependencies = Tuple[Tuple[str, str], ...]


def checked(raw: bytes, settings: Settings, filename: str) -> Tuple[List[Reported], Dependencies]:
    """`findings_of`, and the (absolute path, content digest) of every other file of the project
    the findings depended on (`noinherit_lint.analysis.project_modules`): a cache keeps them."""
    tree, unparsable = _read(raw, filename)
    if tree is None:
        message, line, col, end_line, end_col = unparsable
        if NoqaLines(_decoded(raw)).suppresses(NIH001, line):
            return [], ()
        return [Reported(NIH001, message, line, col, end_line, end_col, col, end_col)], ()
    everything, dependencies = check_with_dependencies(tree, settings, filename)
    findings = [finding for finding in everything if settings.selects(finding.code)]
    if not findings:
        return [], dependencies
    text = _decoded(raw)
    noqa = NoqaLines(text)
    columns = LineColumns(text)
    reported = []
    for finding in findings:
        if noqa.suppresses(finding.code, finding.line):
            continue
        span = finding.span
        safety = finding.fix.safety if finding.fix is not None else None
        applicability = safety.applicability.value if safety is not None and safety.applicability else None
        if finding.fix is not None and applicability is None:
            applicability = "safe"
        reported.append(Reported(finding.code, finding.message, span.line, span.col, span.end_line, span.end_col,
                                 _chars(columns, span.line, span.col), _chars(columns, span.end_line, span.end_col),
                                 applicability))
    return reported, dependencies


def _chars(columns: LineColumns, line: int, byte_column: int) -> int:
    try:
        return columns.char_column(line, byte_column)
    except UnicodeDecodeError:  # a column inside a character: cannot happen for ast's columns
        return byte_column
