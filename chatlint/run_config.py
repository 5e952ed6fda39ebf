"""Working out a run once: from the config file and the command line to the settings,
the complete set of rules, and the rules that run on each file.

Every surface (the command line, the Python API, an editor) builds one
:class:`RunConfig` and hands it to the linter, which only runs rules. Building it
checks everything that can be checked before a file is read: the config's keys and
types, the team's rule files, every selector and every glob.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, FrozenSet, Mapping, NamedTuple, Optional, Tuple, Type, Union

from chatlint.config import decode_settings, load_settings
from chatlint.globs import GlobSet, compile_globs, per_file_globs, relative_to
from chatlint.registry import Registry
from chatlint.rule import Rule
from chatlint.selection import active_codes, check_selectors
from chatlint.settings import Overrides, Settings, with_overrides
from chatlint.sources import Format, ReadOptions


class FileConfig(NamedTuple):
    """What one file is linted with (a named tuple: one is made per file)."""

    #: The codes of the rules that run on it, after its per-file ignores.
    codes: FrozenSet[str]
    #: How its format reads it: the message kind (config globs win) and field names.
    read_options: ReadOptions


class RunConfig:
    """A run's settings and rules, worked out once.

    ``registry`` is the complete set of rules the run knows: built-in, plugin and
    the team's declared rules. ``settings`` are the config file's with the overrides
    applied.
    """

    def __init__(
        self,
        settings: Settings,
        installed: Optional[Registry] = None,
        overrides: Optional[Overrides] = None,
    ) -> None:
        installed = installed if installed is not None else Registry.installed()
        if settings.declared_rules:
            from chatlint.declarative import with_declared  # only for teams that declare rules

            registry = with_declared(installed, settings.declared_rules)
        else:
            registry = installed
        check_selectors(registry, settings, overrides)
        if overrides is not None:
            settings = with_overrides(settings, overrides)
        where = settings.where
        self.settings = settings
        self.registry = registry
        #: Paths a directory walk leaves out.
        self.excludes: GlobSet = compile_globs(settings.exclude + settings.extend_exclude, where)
        #: Globs a walked file must match to be linted; ``None``: every file of a known type.
        self.includes: Optional[GlobSet] = (
            compile_globs(settings.include + settings.extend_include, where)
            if settings.include or settings.extend_include
            else None
        )
        self._per_file_ignores = per_file_globs(settings.per_file_ignores, where)
        self._kinds = tuple((compile_globs([glob], where), kind) for glob, kind in settings.kinds)
        self._root = settings.root.resolve()
        self._codes: Dict[Tuple[str, ...], FrozenSet[str]] = {}
        self._read_options: Dict[str, ReadOptions] = {}
        #: With no per-file ignores and no kind globs, every file of a format is linted
        #: alike: its FileConfig, by format name, made once (not once per file).
        self._alike: Optional[Dict[str, FileConfig]] = (
            {} if not self._per_file_ignores and not self._kinds else None
        )
        #: The codes that run on a file no per-file ignore matches.
        self.enabled = self._codes_ignoring(())
        for code in self.enabled:
            # Imported now (a rule known from the index is imported when first used), so
            # a plugin that fails to load stops the run here, before any file is read.
            registry.rules[code]

    @property
    def root(self) -> Path:
        """The project root (resolved): relative globs and baseline paths start here."""
        return self._root

    def for_file(self, path: Optional[str], file_format: Format) -> FileConfig:
        """How ``path`` is linted (``None``: a text with no file, as the API lints)."""
        alike = self._alike
        if alike is None:
            return FileConfig(self.codes_for(path), self.read_options(path, file_format))
        config = alike.get(file_format.name)
        if config is None:
            config = alike[file_format.name] = FileConfig(
                self.enabled, self.read_options(None, file_format)
            )
        return config

    def codes_for(self, path: Optional[str]) -> FrozenSet[str]:
        """The codes of the rules that run on ``path``, after its per-file ignores."""
        if path is None or not self._per_file_ignores:
            return self.enabled
        relative = relative_to(path, self._root)
        ignored = tuple(
            code
            for globs, codes in self._per_file_ignores
            if globs.matches(relative)
            for code in codes
        )
        return self._codes_ignoring(ignored) if ignored else self.enabled

    def _codes_ignoring(self, file_ignores: Tuple[str, ...]) -> FrozenSet[str]:
        codes = self._codes.get(file_ignores)
        if codes is None:
            settings = self.settings
            codes = active_codes(
                self.registry,
                select=settings.select,
                extend_select=settings.extend_select,
                ignore=settings.ignore,
                preview=settings.preview,
                file_ignores=file_ignores,
            )
            self._codes[file_ignores] = codes
        return codes

    def read_options(self, path: Optional[str], file_format: Format) -> ReadOptions:
        """How to read ``path``: its message kind (config globs win) and format settings."""
        kind = file_format.kind
        if self._kinds and path is not None:
            relative = relative_to(path, self._root)
            for globs, configured in self._kinds:
                if globs.matches(relative):
                    kind = configured
        options = self._read_options.get(kind)
        if options is None:  # one per kind: the rest comes from settings, fixed for the run
            settings = self.settings
            options = ReadOptions(
                kind=kind,
                roles=settings.roles,
                message_keys=settings.message_keys + settings.extend_message_keys,
            )
            self._read_options[kind] = options
        return options

    def rule_options(self, rule: Type[Rule]) -> Any:
        """The options ``rule`` runs with: the config's, else its defaults."""
        return self.settings.rule_options.get(rule.code) or rule.Options()


def load_run_config(
    config: Union[str, "os.PathLike[str]", None] = None,
    *,
    cwd: Optional[Path] = None,
    overrides: Optional[Overrides] = None,
    installed: Optional[Registry] = None,
) -> RunConfig:
    """The run's config from ``config`` when given, else from the config file nearest
    ``cwd`` (the working directory by default), with ``overrides`` on top."""
    installed = installed if installed is not None else Registry.installed()
    settings = load_settings(installed, Path(config) if config is not None else None, cwd)
    return RunConfig(settings, installed, overrides)


def run_config_from_mapping(
    table: Mapping[str, Any], *, root: Optional[Path] = None, installed: Optional[Registry] = None
) -> RunConfig:
    """The run's config from a mapping with the keys of a config file (the Python API)."""
    installed = installed if installed is not None else Registry.installed()
    return RunConfig(decode_settings(table, installed, root=root or Path.cwd()), installed)
