"""The codes the tool itself reports about a file, next to the rules' codes (`registry.RULES`).

They are not rules (nothing to fix): they say that a file could not be checked, so that no file
ever passes silently.  Each is registered with its documentation in `noinherit_lint/rules/`
(`registry.FILE_CODES`): this module only names them for the front ends.
"""

from noinherit_lint.rules.invalid_settings import NIH000
from noinherit_lint.rules.unparsable import NIH001
from noinherit_lint.rules.unreadable import NIH002

__all__ = ["NIH000", "NIH001", "NIH002"]
