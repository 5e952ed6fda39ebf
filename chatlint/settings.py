"""A run's settings as plain data: what the config file and the command line say.

Settings are decoded and validated by :mod:`chatlint.config`, and worked out into the
rules that run on each file by :mod:`chatlint.run_config`. They hold no behaviour and
pickle, so worker processes receive them as they are.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple, Optional, Tuple

from chatlint.sources import ReadOptions
from chatlint.violation import Severity

if TYPE_CHECKING:
    from chatlint.declarative import RuleSpec

#: Directories never walked into unless a path names them explicitly.
DEFAULT_EXCLUDES = (
    "*.egg-info",
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pytest_cache",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pycache__",
    "_build",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)


@dataclass(frozen=True)
class Settings:
    """Everything a run needs from configuration, decoded and validated."""

    #: The directory relative globs are anchored to: the config file's, else the cwd.
    root: Path
    #: The file the settings came from, or ``None`` for built-in defaults.
    source: Optional[Path] = None
    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    exclude: Tuple[str, ...] = DEFAULT_EXCLUDES
    extend_exclude: Tuple[str, ...] = ()
    #: Rule options by rule code, already decoded into each rule's Options dataclass.
    rule_options: Mapping[str, Any] = field(default_factory=dict)
    #: Message kind by path glob, overriding the kind that comes from the format.
    kinds: Tuple[Tuple[str, str], ...] = ()
    #: Transcript roles whose turns are linted.
    roles: Tuple[str, ...] = ("agent",)
    #: Keys (globs) whose string values are messages in YAML/JSON macro files.
    message_keys: Tuple[str, ...] = ReadOptions.message_keys
    extend_message_keys: Tuple[str, ...] = ()
    #: The team's own rules, read from the files listed in ``extend-rules``.
    declared_rules: Tuple[RuleSpec, ...] = ()
    #: Severity overrides by rule code.
    severities: Mapping[str, Severity] = field(default_factory=dict)
    #: Findings at or above this severity make the exit status 1.
    fail_on: Severity = Severity.INFO
    #: Run preview rules too (rules not yet measured precise enough to be on by default).
    preview: bool = False
    #: The baseline file a run reports against when ``--baseline`` does not name one.
    baseline: Optional[Path] = None
    #: Globs a walked file must match to be linted (empty: every file of a known type).
    include: Tuple[str, ...] = ()
    extend_include: Tuple[str, ...] = ()
    #: Leave out what ``.gitignore`` and ``.ignore`` files name, as git does.
    respect_gitignore: bool = True

    @property
    def where(self) -> str:
        """How errors in these settings name their origin."""
        return str(self.source) if self.source else "command line"


class Overrides(NamedTuple):
    """What the command line (or an editor's settings) puts on top of the config file.

    ``select`` and ``roles`` replace the config's when given, ``fail_on`` replaces
    it, ``preview`` turns preview mode on, and the others add to the config's lists.
    (A named tuple: cheaper to define than a dataclass, on every run.)
    """

    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    roles: Tuple[str, ...] = ()
    fail_on: Optional[Severity] = None
    preview: bool = False
    #: ``--no-respect-gitignore``: lint what ignore files name too.
    respect_gitignore: Optional[bool] = None

    @property
    def where(self) -> str:
        """How errors in overrides name their origin."""
        return "command line"


def with_overrides(settings: Settings, overrides: Overrides) -> Settings:
    """``settings`` with ``overrides`` applied."""
    return dataclasses.replace(
        settings,
        select=overrides.select if overrides.select is not None else settings.select,
        extend_select=settings.extend_select + overrides.extend_select,
        ignore=settings.ignore + overrides.ignore,
        roles=overrides.roles or settings.roles,
        fail_on=overrides.fail_on if overrides.fail_on is not None else settings.fail_on,
        preview=overrides.preview or settings.preview,
        respect_gitignore=(
            overrides.respect_gitignore
            if overrides.respect_gitignore is not None
            else settings.respect_gitignore
        ),
    )
