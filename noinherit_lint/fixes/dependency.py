"""Declare the runtime a rewrite made the project import: ``noinherit-ftools`` in its dependencies.

`needed(root)` says where the project declares its dependencies and whether the runtime is
among them (any specifier counts); `declare(root)` adds it by a text edit that keeps every
other byte (comments, layout, line endings, a BOM), and checks the result by reading it back:

* ``pyproject.toml`` ``[project] dependencies`` (PEP 621), unless ``dependencies`` is dynamic;
* ``setup.cfg`` ``[options] install_requires`` (setuptools' declarative form), when setup.py
  does not pass ``install_requires=`` itself;
* otherwise (setup.py alone, Poetry, a ``file:`` or dynamic list, no project file) nothing is
  edited and `Need.advice` is the one line that says what to add where.
"""

from __future__ import annotations

import ast
import configparser
import os
import re
import sys
from dataclasses import dataclass
from typing import List, Optional

from noinherit_lint.fixes.files import Identity, Snapshot, _digest
from noinherit_lint.settings import display_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DISTRIBUTION = "noinherit-ftools"
# The oldest runtime with everything rewritten code uses (the flag constants came in 0.2.0): the
# runtime this linter ships.
FLOOR = "0.2.0"
REQUIREMENT = f"{DISTRIBUTION}>={FLOOR}"


class DependencyError(Exception):
    """The project file could not be read or edited safely; one line naming it."""


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(requirement: object) -> Optional[str]:
    if not isinstance(requirement, str):
        return None
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return _normalized(match.group(1)) if match else None


def _lists_runtime(requirements) -> bool:
    return any(_names(r) == DISTRIBUTION for r in requirements)


@dataclass(frozen=True)
class Need:
    """What a project needs: `file` is edited by `declare` (None: only `advice` can be given)."""

    root: str
    present: bool
    file: Optional[str] = None  # "pyproject.toml" or "setup.cfg"
    advice: str = ""  # the one line telling the user what to add where

    @property
    def editable(self) -> bool:
        return self.file is not None


def _read(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise DependencyError(f"{display_path(path)}: cannot read ({reason})") from None


def _pyproject(root: str):
    path = os.path.join(root, "pyproject.toml")
    if not os.path.isfile(path):
        return None
    try:
        return tomllib.loads(_read(path).lstrip("\ufeff"))
    except ValueError as exc:
        raise DependencyError(f"{display_path(path)}: not valid TOML ({str(exc).splitlines()[0]})") from None


def _setup_py_requires(root: str):
    """(setup.py exists, it passes install_requires=, the runtime is in a string literal of it)."""
    path = os.path.join(root, "setup.py")
    if not os.path.isfile(path):
        return False, False, False
    try:
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return True, True, False  # unknown: assume it declares its own
    passes = any(isinstance(n, ast.keyword) and n.arg == "install_requires" for n in ast.walk(tree))
    listed = any(isinstance(n, ast.Constant) and _names(n.value) == DISTRIBUTION for n in ast.walk(tree))
    return True, passes, listed


def _setup_cfg(root: str) -> Optional[configparser.RawConfigParser]:
    path = os.path.join(root, "setup.cfg")
    if not os.path.isfile(path):
        return None
    parser = configparser.RawConfigParser()
    try:
        parser.read_string(_read(path).lstrip("\ufeff"), source=path)
    except configparser.Error as exc:
        raise DependencyError(f"{display_path(path)}: cannot parse ({str(exc).splitlines()[0]})") from None
    return parser


def _cfg_requirements(value: str) -> List[str]:
    """setuptools' list-semi: one per line, or ``;``-separated on one line; comments dropped."""
    items = value.splitlines() if "\n" in value else value.split(";")
    return [item.strip() for item in items if item.strip() and not item.strip().startswith("#")]


def needed(root: str) -> Need:
    """Where `root`'s project declares its dependencies, and whether the runtime is one."""
    what = f'"{REQUIREMENT}"'
    data = _pyproject(root)
    name = display_path(os.path.join(root, "pyproject.toml"))
    project = data.get("project") if isinstance(data, dict) else None
    if isinstance(project, dict):
        dependencies = project.get("dependencies", [])
        if "dependencies" not in (project.get("dynamic") or []):
            if not isinstance(dependencies, list):
                raise DependencyError(f"{name}: [project] dependencies is not an array")
            return Need(root, _lists_runtime(dependencies), "pyproject.toml",
                        f"{name}: add {what} to [project] dependencies")
    poetry = ((data or {}).get("tool") or {}).get("poetry") if isinstance(data, dict) else None
    if isinstance(poetry, dict) and not isinstance(project, dict):
        present = any(_normalized(k) == DISTRIBUTION for k in (poetry.get("dependencies") or {}))
        return Need(root, present, None,
                    f'{name}: add {DISTRIBUTION} = ">={FLOOR}" to [tool.poetry.dependencies] (not edited)')
    has_setup_py, setup_py_passes, setup_py_lists = _setup_py_requires(root)
    setup_py = display_path(os.path.join(root, "setup.py"))
    cfg = _setup_cfg(root)
    cfg_name = display_path(os.path.join(root, "setup.cfg"))
    declarative = cfg is not None and (cfg.has_section("options") or cfg.has_section("metadata"))
    if declarative and not setup_py_passes:
        value = cfg.get("options", "install_requires", fallback="")
        if value.strip().startswith(("file:", "attr:")):
            return Need(root, False, None,
                        f"{cfg_name}: add {REQUIREMENT} to the file [options] install_requires names (not edited)")
        return Need(root, _lists_runtime(_cfg_requirements(value)), "setup.cfg",
                    f"{cfg_name}: add {REQUIREMENT} to [options] install_requires")
    if has_setup_py:
        return Need(root, setup_py_lists, None,
                    f"{setup_py}: add {what} to install_requires= (setup.py is not edited)")
    if isinstance(project, dict):  # dynamic dependencies with no setup.cfg/setup.py declaring them
        return Need(root, False, None, f"{name}: add {what} where the dynamic [project] dependencies are declared")
    # a pyproject.toml of tool settings only: nothing here declares dependencies, nothing to say
    return Need(root, True)


# --------------------------------------------------------------------------- text edits


def _newline(text: str) -> str:
    match = re.search(r"\r\n|\n", text)
    return match.group(0) if match else "\n"


_TABLE = re.compile(r"^[ \t]*\[(?!\[)\s*([^\]]*?)\s*\][ \t]*(#.*)?$")


def _lines(text: str) -> List[str]:
    return text.splitlines(keepends=True)


def _toml_array_end(text: str, start: int) -> int:
    """The index of the ``]`` closing the array whose ``[`` is at `start` (strings, comments
    and nested arrays skipped)."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            if i < 0:
                break
            continue
        if c in "\"'":
            triple = text.startswith(c * 3, i)
            quote = c * 3 if triple else c
            j = i + len(quote)
            while j < len(text):
                if c == '"' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                j += 1
            i = j + len(quote)
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unterminated array")


def _add_to_pyproject(text: str) -> str:
    nl = _newline(text)
    lines = _lines(text)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    table = None  # line index of [project]
    end = len(lines)  # first line after the [project] table
    for index, line in enumerate(lines):
        match = _TABLE.match(line.rstrip("\r\n"))
        if match is None:
            continue
        if table is not None:
            end = index
            break
        if match.group(1) == "project":
            table = index
    if table is None:
        raise ValueError("no [project] table header")
    for index in range(table + 1, end):
        match = re.match(r"[ \t]*dependencies[ \t]*=[ \t]*", lines[index])
        if match is None:
            continue
        open_at = offsets[index] + match.end()
        if text[open_at:open_at + 1] != "[":
            raise ValueError("dependencies is not an inline array")
        close = _toml_array_end(text, open_at)
        inside = text[open_at + 1:close]
        item = f'"{REQUIREMENT}"'
        if "\n" not in inside:  # one line: ["a", "b"] -> ["a", "b", "new"]
            body = inside.rstrip()
            if not body.strip():
                return text[:open_at + 1] + item + text[close:]
            separator = " " if body.endswith(",") else ", "
            return text[:open_at + 1] + body + separator + item + inside[len(body):] + text[close:]
        # several lines: a new line after the last item, with its indentation and comma style
        item_lines = [line for line in inside.split("\n")[1:] if line.strip() and not line.strip().startswith("#")]
        last_line_start = text.rfind("\n", open_at, close) + 1
        closing_indent = text[last_line_start:close]
        if item_lines and item_lines[-1].strip() not in ("]",):
            indent = re.match(r"[ \t]*", item_lines[-1]).group(0)
        else:
            indent = closing_indent + "    "
        if closing_indent.strip():  # the last item shares its line with "]": `  "b"]`
            body = text[open_at + 1:close].rstrip()
            comma = "" if body.endswith(",") else ","
            at = open_at + 1 + len(body)
            return text[:at] + comma + nl + indent + item + text[at:]
        # "]" on its own line: insert before that line; the previous item gets a comma if needed
        before = text[open_at + 1:last_line_start].rstrip("\r\n")
        stripped = _strip_trailing_comment(before)
        needs_comma = stripped.strip() and not stripped.rstrip().endswith((",", "["))
        if needs_comma:
            at = open_at + 1 + len(stripped.rstrip())
            text = text[:at] + "," + text[at:]
            last_line_start += 1
        return text[:last_line_start] + indent + item + "," + nl + text[last_line_start:]
    # no dependencies key: after the table's last key line
    last = table
    for index in range(table + 1, end):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            last = index
    at = offsets[last + 1]
    prefix = "" if lines[last].endswith(("\n", "\r")) else nl
    return text[:at] + prefix + f'dependencies = ["{REQUIREMENT}"]' + nl + text[at:]


def _strip_trailing_comment(text: str) -> str:
    """`text` without a ``# comment`` on its last line (outside strings, for requirement lists)."""
    head, _, last = text.rpartition("\n")
    quote = None
    for i, c in enumerate(last):
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#":
            last = last[:i]
            break
    return (head + "\n" + last) if _ else last


def _add_to_setup_cfg(text: str) -> str:
    nl = _newline(text)
    lines = _lines(text)
    section, end = None, len(lines)
    for index, line in enumerate(lines):
        match = re.match(r"\[([^\]]+)\]", line)
        if match is None:
            continue
        if section is not None:
            end = index
            break
        if match.group(1).strip() == "options":
            section = index
    if section is None:  # a new [options] section at the end
        prefix = "" if not text or text.endswith(("\n", "\r")) else nl
        return text + prefix + nl + "[options]" + nl + "install_requires =" + nl + f"    {REQUIREMENT}" + nl
    key = None
    for index in range(section + 1, end):
        if re.match(r"install[_-]requires\s*[=:]", lines[index]):
            key = index
            break
    if key is None:
        last = section
        for index in range(section + 1, end):
            if lines[index].strip() and not lines[index].lstrip().startswith(("#", ";")):
                last = index
        at = sum(len(line) for line in lines[:last + 1])
        prefix = "" if lines[last].endswith(("\n", "\r")) else nl
        return text[:at] + prefix + "install_requires =" + nl + f"    {REQUIREMENT}" + nl + text[at:]
    first_value = re.split(r"[=:]", lines[key], maxsplit=1)[1].strip()
    last = key  # the last continuation line holding a requirement
    indent = "    "
    for index in range(key + 1, end):
        line = lines[index]
        if not line.strip():
            continue
        if not line[:1].isspace():
            break
        if not line.lstrip().startswith(("#", ";")):
            last = index
            indent = re.match(r"[ \t]*", line).group(0)
    if last == key and first_value:  # one line: `install_requires = a; b`
        line = lines[key]
        body = line.rstrip("\r\n")
        return _splice(lines, key, body + f"; {REQUIREMENT}" + line[len(body):])
    at = sum(len(line) for line in lines[:last + 1])
    prefix = "" if lines[last].endswith(("\n", "\r")) else nl
    return text[:at] + prefix + indent + REQUIREMENT + nl + text[at:]


def _splice(lines: List[str], index: int, new: str) -> str:
    return "".join(lines[:index] + [new] + lines[index + 1:])


def declared_text(root: str, need: Need) -> tuple:
    """(snapshot of the file, old bytes, new bytes) of the edit that declares the runtime; `DependencyError` if
    it cannot be made so that the file reads back as before plus the one requirement."""
    path = os.path.join(root, need.file)
    name = display_path(path)
    try:
        info = os.stat(path)
        with open(path, "rb") as handle:
            raw = handle.read()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DependencyError(f"{name}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    try:
        if need.file == "pyproject.toml":
            new = _add_to_pyproject(body)
            _same_plus_runtime_toml(body, new)
        else:
            new = _add_to_setup_cfg(body)
            _same_plus_runtime_cfg(body, new)
    except (ValueError, KeyError, configparser.Error) as exc:
        raise DependencyError(f"{name}: cannot add {REQUIREMENT} safely ({exc}); add it yourself") from None
    return Snapshot(path, Identity.of(info), _digest(raw)), raw, (bom + new).encode("utf-8")


def _same_plus_runtime_toml(old: str, new: str) -> None:
    before, after = tomllib.loads(old), tomllib.loads(new)
    added = after["project"]["dependencies"]
    if not added or added[-1] != REQUIREMENT:
        raise ValueError("the requirement did not land at the end of the array")
    added.pop()
    if "dependencies" not in before["project"] and not added:
        del after["project"]["dependencies"]
    if before != after:
        raise ValueError("the edit changed something else")


def _same_plus_runtime_cfg(old: str, new: str) -> None:
    def read(text):
        parser = configparser.RawConfigParser()
        parser.read_string(text)
        return {s: dict(parser.items(s)) for s in parser.sections()}

    before, after = read(old), read(new)
    requires = after["options"].pop("install_requires")
    old_requires = before.get("options", {}).pop("install_requires", "")
    if _cfg_requirements(requires) != _cfg_requirements(old_requires) + [REQUIREMENT]:
        raise ValueError("install_requires would not read as before plus the runtime")
    if "options" not in before and not after["options"]:
        del after["options"]
    if before != after:
        raise ValueError("the edit changed something else")
