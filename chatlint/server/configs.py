"""The run config of every file an editor has open, as the command line would work it
out for that file, rebuilt when its config file or a team's rule file changes.

Each file takes the config file nearest above it, so a workspace holding several
projects (several configs) lints each by its own. A config is worked out once and kept
while the files it was read from are unchanged (by modification time and size, checked
on every lint, which costs a few file-status calls); an editor's file-change
notifications clear the lot, so a new rule file that a glob now matches is read too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional, Tuple

from chatlint.config import find_config
from chatlint.errors import ConfigError
from chatlint.linter import Linter
from chatlint.registry import Registry
from chatlint.run_config import RunConfig, load_run_config
from chatlint.settings import Settings

#: What a file was when a config was read from it: (path, modification time, size).
Stamp = Tuple[Tuple[str, int, int], ...]


@dataclass
class ConfigEntry:
    """One config file worked out: its linter, or the error that stopped it."""

    #: The config file, or ``None`` for the built-in defaults.
    source: Optional[Path]
    stamp: Stamp
    linter: Optional[Linter] = None
    error: Optional[ConfigError] = None
    #: Files the config read: the config file and the team's rule files.
    read: Tuple[str, ...] = field(default=())


def _stamp(paths: Tuple[str, ...]) -> Stamp:
    found = []
    for path in paths:
        try:
            status = os.stat(path)
            found.append((path, status.st_mtime_ns, status.st_size))
        except OSError:
            found.append((path, -1, -1))
    return tuple(found)


class ConfigCache:
    """Run configs by config file, for the files of one editor session."""

    def __init__(self, installed: Optional[Registry] = None) -> None:
        self.installed = installed if installed is not None else Registry.installed()
        self._entries: Dict[Optional[Path], ConfigEntry] = {}

    def clear(self) -> None:
        """Forget every config: the next lint of each file reads its config again."""
        self._entries.clear()

    def for_file(self, path: Optional[str], fallback_root: Path) -> ConfigEntry:
        """The config of the file at ``path`` (``None``: an unsaved buffer with no file,
        which takes the config of ``fallback_root``, the workspace)."""
        start = Path(path).parent if path else fallback_root
        source = find_config(start)
        entry = self._entries.get(source)
        if entry is not None and _stamp(entry.read) == entry.stamp:
            return entry
        entry = self._load(source, start)
        self._entries[source] = entry
        return entry

    def _load(self, source: Optional[Path], start: Path) -> ConfigEntry:
        read: Tuple[str, ...] = (str(source),) if source else ()
        stamp = _stamp(read)
        try:
            if source is None:
                config = RunConfig(Settings(root=start.resolve()), self.installed)
            else:
                config = load_run_config(source, installed=self.installed)
        except ConfigError as error:
            return ConfigEntry(source, stamp, error=error, read=read)
        # Stamped before reading, so a change made while it was read is seen next time.
        rule_files = tuple(sorted({spec.source for spec in config.settings.declared_rules}))
        stamp += _stamp(rule_files)
        return ConfigEntry(source, stamp, linter=Linter(config), read=read + rule_files)
