"""Which config each file is linted with: the config file nearest above it.

A repository can hold several projects with a config each (a macro library and a
help-centre folder, say). As in ruff, a file takes the config file in its own directory
or the nearest directory above it, up to the repository's root; a file with none above
it takes the run's *main* config, the one found from the working directory. ``--config``
gives one config for every file instead. The main config also decides what belongs to
the whole run: its root (where baseline paths start) and the severity that fails it.

Command-line overrides (``--select``, ``--preview``, ...) apply to every config. Each
config is read and worked out once per run, when the first file under it is met; a
worker process rebuilds the same ones from their paths.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import AbstractSet, Dict, Optional

from chatlint.config import CONFIG_FILENAMES, config_in
from chatlint.linter import Linter
from chatlint.registry import Registry
from chatlint.run_config import RunConfig, load_run_config
from chatlint.settings import Overrides


class ConfigTree:
    """The configs of one run, by config file."""

    def __init__(
        self,
        main: RunConfig,
        *,
        overrides: Optional[Overrides] = None,
        installed: Optional[Registry] = None,
        one_config: bool = False,
    ) -> None:
        self.main = main
        #: The main config's file (``None``: the built-in defaults).
        self.main_source = _key(main.settings.source)
        self.overrides = overrides
        self.installed = installed if installed is not None else Registry.installed()
        #: ``--config`` was given: every file takes the main config.
        self.one_config = one_config
        self._linters: Dict[Optional[str], Linter] = {}
        self._configs: Dict[Optional[str], RunConfig] = {None: main}
        # Directory -> the config file nearest above it (None: none up to the root).
        self._nearest: Dict[str, Optional[str]] = {}

    # Configs are named by their file's resolved path; ``None`` names the main config.

    def source_for(self, path: str) -> Optional[str]:
        """The config file ``path`` (a file) is linted with."""
        if self.one_config:
            return None
        found = self._nearest_above(os.path.dirname(os.path.abspath(path)))
        return None if found == self.main_source else found

    def source_in(
        self, directory: str, names: AbstractSet[str], inherited: Optional[str]
    ) -> Optional[str]:
        """The config of a directory a walk enters, whose entries are ``names``: its own
        config file if it has one, else ``inherited`` (its parent's)."""
        if self.one_config or _CONFIG_NAMES.isdisjoint(names):
            return inherited
        own = config_in(Path(directory), names)
        if own is None:
            return inherited
        found = _key(own)
        return None if found == self.main_source else found

    def config(self, source: Optional[str]) -> RunConfig:
        """The run config of the config file ``source``, worked out on first use."""
        config = self._configs.get(source)
        if config is None:
            assert source is not None, "None names the main config, which is always there"
            config = load_run_config(
                _shown(source), overrides=self.overrides, installed=self.installed
            )
            self._configs[source] = config
        return config

    def linter(self, source: Optional[str]) -> Linter:
        """The linter of the config file ``source``."""
        linter = self._linters.get(source)
        if linter is None:
            linter = self._linters[source] = Linter(self.config(source))
        return linter

    def registry(self) -> Registry:
        """Every rule the run's configs know: the main one's, and the team rules that
        other configs declare."""
        if len(self._configs) == 1:
            return self.main.registry
        return Registry.merged(
            [*(config.registry for config in self._configs.values()), self.main.registry]
        )

    def _nearest_above(self, directory: str) -> Optional[str]:
        found = self._nearest.get(directory, _UNKNOWN)
        if found is not _UNKNOWN:
            return found  # type: ignore[return-value]
        try:
            names = set(os.listdir(directory))
        except OSError:
            names = set()
        own = config_in(Path(directory), names) if names.intersection(_CONFIG_NAMES) else None
        parent = os.path.dirname(directory)
        if own is not None:
            result: Optional[str] = _key(own)
        elif ".git" in names or parent == directory:
            result = None  # the repository's root: a config above it is not this one's
        else:
            result = self._nearest_above(parent)
        self._nearest[directory] = result
        return result


_UNKNOWN = object()
_CONFIG_NAMES = frozenset(CONFIG_FILENAMES)


def _shown(source: str) -> str:
    """A config file's path as errors name it: relative to the working directory when
    it is below it."""
    relative = os.path.relpath(source)
    return source if relative.startswith(os.pardir) else relative


def _key(source: Optional[Path]) -> Optional[str]:
    return str(source.resolve()) if source is not None else None
