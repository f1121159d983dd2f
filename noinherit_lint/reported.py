"""`Reported`: one finding as `noinherit-lint check` reports it, what the cache stores and every
output format prints.  Its own module, importing nothing of the detector, so that a run whose
files are all cached (`cache`, `check_run`) never imports the parser or the rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Reported:
    """One reported finding.  `col`/`end_col` are ast's 0-based UTF-8 byte columns (what flake8
    prints, plus one); `char_col`/`end_char_col` the same in characters."""

    code: str
    message: str  # starts with the code, as flake8 prints it
    line: int
    col: int
    end_line: int
    end_col: int
    char_col: int
    end_char_col: int
    fix: Optional[str] = None  # "safe" / "unsafe" when the codemod can fix it, else None

    def as_list(self) -> list:
        return [self.code, self.message, self.line, self.col, self.end_line, self.end_col,
                self.char_col, self.end_char_col, self.fix]

    @classmethod
    def from_list(cls, values) -> "Reported":
        """The inverse of `as_list`; `ValueError` for anything else (a damaged cache entry)."""
        if not isinstance(values, list) or len(values) != 9:
            raise ValueError("not a finding")
        code, message, *numbers, fix = values
        if not (isinstance(code, str) and isinstance(message, str) and fix in (None, "safe", "unsafe")
                and all(type(n) is int and n >= 0 for n in numbers)):
            raise ValueError("not a finding")
        return cls(code, message, *numbers, fix)

    @property
    def text(self) -> str:
        """The message without its leading code."""
        return self.message[len(self.code):].lstrip() if self.message.startswith(self.code) else self.message
