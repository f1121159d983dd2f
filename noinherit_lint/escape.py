"""Text from files and file names made safe to print: control characters escaped, so that a
file name or a message cannot break a line of output or drive the terminal."""

from __future__ import annotations

_CONTROL = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})
_CONTROL.update({code: f"\\u{code:04x}" for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]})


def display(text: str) -> str:
    """`text` with control characters (and bidirectional overrides) escaped."""
    return text.translate(_CONTROL)


_CONTROL_BUT_LINE_BREAKS = {code: text for code, text in _CONTROL.items() if chr(code) not in "\r\n"}


def display_but_line_breaks(text: str) -> str:
    """`display`, keeping CR and LF: for a format that escapes them its own way (GitHub's ``%0D``,
    ``%0A``, which the runner turns back into line breaks of the annotation)."""
    return text.translate(_CONTROL_BUT_LINE_BREAKS)
