"""flake8 runs no plugin on a file that is not Python 3; this makes noinherit-lint's run anyway.

flake8 parses each file with ``ast.parse`` in ``FileProcessor.build_ast``, called first thing
by ``FileChecker.run_ast_checks``.  A SyntaxError there reaches ``FileChecker.run_checks``,
which reports ``E999`` and runs no plugin at all, neither tree nor token plugins.  So
``flake8 --select NIH`` printed nothing for a Python 2 file and exited 0, and the
``noinherit-check`` pre-commit hook passed exactly the files it exists for.

`install` wraps those two methods and keeps what each does:

* ``FileProcessor.build_ast`` remembers its SyntaxError on the processor and re-raises it;
* ``FileChecker.run_ast_checks``, when the SyntaxError leaving it is that very one (the file did
  not parse, rather than some plugin raising), runs **our plugin alone** on the Python 2 front
  end's tree, reusing flake8's failed parse as the Python 3 attempt (`parsing.parse`), or
  reports ``NIH001`` when neither grammar reads the file, then re-raises for flake8, which
  reports ``E999`` as always.

What that keeps true: no other plugin (pyflakes, pycodestyle) sees a tree flake8 did not build
or runs on such a file, exactly as before; our results go through ``FileChecker.report``, so
``--select``/``--ignore`` (with ``--select E,F`` they are dropped like any unselected code),
``# noqa``, formatters and ``-j`` behave as for any finding.  ``install`` is called from the
plugin's ``parse_options``, which flake8 calls in the main process and again in each ``-j``
worker that is not forked (spawn, forkserver); forked workers inherit the wrapped class.  It
is idempotent.

Less fragile than the alternatives: a wrapped ``run_checks`` would have to read E999 out of
flake8's result tuples; replacing ``build_ast`` with one that returns our tree would hand it to
every plugin and drop E999; flake8 offers no hook for unparsable files.  The two methods and the call
between them are public names that flake8 7.0.0 to 7.5.0 share; the ``flake8>=7,<8``
requirement is what `tests/py2/test_flake8_versions.py` runs against (7.0.0 and the newest
7.x, in their own venvs).  If a future flake8 lacks them, `install` warns once and the plugin still
checks every file flake8 itself parses.
"""

from __future__ import annotations

from typing import Any, Type

from noinherit_lint import parsing
from noinherit_lint.flake8_wrap import wrap_methods
from noinherit_lint.rules.unparsable import NIH001

_INSTALLED = "_noinherit_lint_python2"
_ERROR = "_noinherit_lint_syntax_error"


def install(plugin_class: Type[Any]) -> bool:
    """Make flake8 run `plugin_class` on files that do not parse as Python 3; True if it could."""

    def make_build_ast(build_ast):
        def remembering_build_ast(processor):
            try:
                return build_ast(processor)
            except SyntaxError as exc:
                setattr(processor, _ERROR, exc)
                raise
        return remembering_build_ast

    def make_run_ast_checks(run_ast_checks):
        def run_ast_checks_then_python2(checker):
            try:
                return run_ast_checks(checker)
            except SyntaxError as exc:
                if getattr(checker.processor, _ERROR, None) is exc:
                    report_unparsed(checker, exc, plugin_class)
                raise
        return run_ast_checks_then_python2

    return wrap_methods(_INSTALLED, "this flake8 has no FileChecker.run_ast_checks / FileProcessor.build_ast; "
                        "files that are not Python 3 are not checked",
                        [("FileProcessor", "build_ast", make_build_ast),
                         ("FileChecker", "run_ast_checks", make_run_ast_checks)])


def report_unparsed(checker, python3_error: SyntaxError, plugin_class: Type[Any]) -> None:
    """Our plugin's findings for a file flake8 could not parse, reported through `checker`."""
    from flake8.exceptions import PluginExecutionFailed

    ours = [plugin for plugin in checker.plugins.tree if plugin.obj is plugin_class]
    if not ours:
        return
    lines = checker.processor.lines
    undecodable = plugin_class.undecodable(checker.filename, lines)
    if undecodable is not None:  # bytes no Python loads: flake8's latin-1 guess does not parse either
        if plugin_class.reports_file_code(NIH001, checker.filename):
            checker.report(None, undecodable.line, undecodable.col, f"{NIH001} cannot parse ({undecodable.describe()})")
        return
    try:
        tree = parsing.parse("".join(lines), checker.filename, python3_error=python3_error).tree
    except parsing.Unparsable as unparsable:
        if plugin_class.reports_file_code(NIH001, checker.filename):
            checker.report(None, unparsable.line, unparsable.col, f"{NIH001} cannot parse ({unparsable})")
        return
    except (RecursionError, MemoryError):
        if plugin_class.reports_file_code(NIH001, checker.filename):
            checker.report(None, python3_error.lineno or 1, 0, f"{NIH001} cannot parse (nested too deeply)")
        return
    for plugin in ours:
        instance = checker.run_check(plugin, tree=tree)
        try:
            for line, col, text, _ in instance.run():
                checker.report(None, line, col, text)
        except Exception as exc:  # the same report as a plugin failing on a Python 3 file
            raise PluginExecutionFailed(filename=checker.filename, plugin_name=plugin.display_name,
                                        exception=exc) from exc
