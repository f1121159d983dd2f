"""One settings loader for every front end: which value wins, and each problem said once.

For each checked file, each setting is the first one found of:

1. the command line (``--min-python`` ... for `noinherit-fix`; for flake8, ``--nih-min-python``
   ... on its command line);
2. the flake8 configuration file's ``nih-min-python``, ``nih-platforms``, ``nih-scope``
   (flake8 merges them with its command line; other commands read the file flake8 reads);
3. ``[tool.noinherit]`` in the nearest project's pyproject.toml (`projects.py`);
4. for min-python only: that project's requires-python, setup.cfg python_requires, setup.py
   python_requires=;
5. the defaults: min-python 2.7, all three platforms, scope ``module``.

Which codes: ``[tool.noinherit] select``/``ignore`` name the NIH codes a project uses, in both
tools; on top of that flake8's select / extend-select / ignore / extend-ignore / per-file-ignores
decide, applied by flake8 itself and, for other commands, the same way (`flake8_config`), where
``--select``/``--ignore`` stand for flake8's command-line options.  Which files: flake8's exclude
and extend-exclude (the command line's replace the configuration file's).

Usage by a command (flake8's adapter is `plugin.py`)::

    configuration = Configuration.for_command(CommandLine(min_python=args.min_python, ...), names)
    files = gather(paths, configuration.exclude)
    report = configuration.check_projects(files)   # each bad or odd project file once
    settings = configuration.settings_for(path)     # per file, cheap (files are read once)

A bad command-line or flake8-configuration value raises `SettingsError` at construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from noinherit_lint import projects
from noinherit_lint.flake8_config import (
    CodeChoice,
    Flake8Config,
    exclude_patterns,
    ignored_in,
    read_flake8_config,
)
from noinherit_lint.settings import (
    Settings,
    SettingsError,
    check_codes,
    parse_bool,
    parse_platforms,
    parse_runtime_module,
    parse_scope,
    parse_version,
)

PARSERS: Dict[str, Callable] = {
    "min-python": parse_version,
    "platforms": parse_platforms,
    "scope": parse_scope,
    "runtime-module": parse_runtime_module,
    "unsafe-fixes": parse_bool,
}
FLAKE8_OPTION = {"min-python": "nih-min-python", "platforms": "nih-platforms", "scope": "nih-scope"}


@dataclass(frozen=True)
class CommandLine:
    """Values given on a command line; None = not given."""

    min_python: Optional[str] = None
    platforms: Optional[str] = None
    scope: Optional[str] = None
    runtime_module: Optional[str] = None
    select: Optional[str] = None  # comma-separated, like flake8's --select
    extend_select: Optional[str] = None
    ignore: Optional[str] = None
    extend_ignore: Optional[str] = None
    exclude: Optional[str] = None
    extend_exclude: Optional[str] = None
    unsafe_fixes: Optional[str] = None  # "true"/"false": --unsafe-fixes / --no-unsafe-fixes

    def value(self, key: str) -> Optional[str]:
        return getattr(self, key.replace("-", "_"))


@dataclass
class ProjectReport:
    """The problems of the projects some files belong to, each once."""

    errors: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)


def _codes(text: Optional[str]) -> Optional[Tuple[str, ...]]:
    if text is None:
        return None
    return tuple(item.strip() for item in text.split(",") if item.strip())


@dataclass(frozen=True)
class Configuration:
    """The settings of one run: built once, asked per file (picklable, for worker processes)."""

    # key -> (parsed value, where it was given), for values fixed for the whole run
    explicit: Mapping[str, Tuple[object, str]] = field(default_factory=dict)
    # flake8's choice of codes, for commands that are not flake8 (None: flake8 applies it)
    choice: Optional[CodeChoice] = None
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    exclude: Tuple[str, ...] = ()

    @classmethod
    def from_values(cls, given: Iterable[Tuple[str, Optional[str], str]], **fields) -> "Configuration":
        """`given` holds (key, raw value or None, source) in precedence order; the first given
        value of each key wins and is parsed (a bad one raises `SettingsError`)."""
        explicit: Dict[str, Tuple[object, str]] = {}
        for key, raw, source in given:
            if raw is not None and key not in explicit:
                explicit[key] = (PARSERS[key](raw, source), source)
        return cls(explicit, **fields)

    @classmethod
    def for_command(cls, command_line: CommandLine, option_names: Mapping[str, str],
                    flake8: Optional[Flake8Config] = None) -> "Configuration":
        """A command other than flake8: its command line, then the flake8 configuration file
        found from the working folder (or `flake8`), as flake8 would read it."""
        flake8 = read_flake8_config() if flake8 is None else flake8
        given = [(key, command_line.value(key), option_names.get(key, f"--{key}")) for key in PARSERS]
        given += [(key, flake8.get(option), flake8.source(option)) for key, option in FLAKE8_OPTION.items()]

        def codes(key: str) -> Optional[Tuple[str, ...]]:
            """flake8's rule: a list given on the command line replaces the file's."""
            given = _codes(command_line.value(key))
            if given is not None:
                return check_codes(given, option_names.get(key, f"--{key}"))
            return flake8.codes(key)

        choice = CodeChoice(select=codes("select"), extend_select=codes("extend-select") or (),
                            ignore=codes("ignore"), extend_ignore=codes("extend-ignore") or ())
        exclude = exclude_patterns(flake8, _codes(command_line.exclude), _codes(command_line.extend_exclude))
        return cls.from_values(given, choice=choice, per_file_ignores=flake8.per_file_ignores(),
                               exclude=exclude)

    def settings_for(self, path: Optional[str]) -> Settings:
        """The settings of one checked file; `SettingsError` if its project's files are bad."""
        project = projects.project_for(path)
        if project.errors:
            raise SettingsError(project.errors[0])
        settings = Settings()

        def pick(key: str) -> Tuple[object, str]:
            if key in self.explicit:
                return self.explicit[key]
            if key in project.tool:
                return project.tool[key], project.tool_sources[key]
            return None, ""

        min_python, source = pick("min-python")
        if min_python is not None:
            settings = replace(settings, min_python=min_python, min_python_source=source)
        elif project.min_python is not None:
            settings = replace(settings, min_python=project.min_python, min_python_source=project.min_python_source)
        for key, attribute in (("platforms", "platforms"), ("scope", "scope"), ("runtime-module", "runtime_module"),
                               ("unsafe-fixes", "unsafe_fixes")):
            value, _ = pick(key)
            if value is not None:
                settings = replace(settings, **{attribute: value})
        choice = self.choice
        if choice is not None and path:
            choice = choice.ignoring(ignored_in(path, self.per_file_ignores))
        per_file = project.tool.get("per-file-ignores", ())
        return replace(settings, select=project.tool.get("select", ()), ignore=project.tool.get("ignore", ()),
                       per_file_ignore=ignored_in(path, per_file) if path and per_file else (),
                       flake8_choice=choice)

    def check_projects(self, paths: Sequence[Optional[str]]) -> ProjectReport:
        """Read the projects of `paths` (once each) and collect their errors and warnings."""
        roots = {projects.root_of(path) for path in paths}
        report = ProjectReport()
        for root in sorted(roots, key=lambda r: r or ""):
            project = projects.load_project(root)
            report.warnings.extend(project.warnings)
            report.errors.extend(project.errors)
        return report
