"""The Python API that help-desk integrations and agent consoles call."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Iterable, List, Mapping, Union

from chatlint.config import Settings, decode_settings, load_settings
from chatlint.discovery import Skipped, collect_targets
from chatlint.errors import ChatlintError
from chatlint.linter import FileResult, Linter
from chatlint.message import Message
from chatlint.registry import Registry
from chatlint.violation import Violation

ConfigLike = Union[Settings, str, "os.PathLike[str]", Mapping[str, Any], None]


def load_config(path: Union[str, "os.PathLike[str]", None] = None) -> Settings:
    """Settings from ``path``, or from the config file found above the working directory."""
    return load_settings(Registry.installed(), Path(path) if path is not None else None)


def lint_text(text: str, *, kind: str = "chat", config: ConfigLike = None) -> List[Violation]:
    """The violations in one message, with offsets into ``text``.

    ``kind`` is ``"chat"``, ``"email"`` or ``"article"``. ``config`` is ``None`` for the
    built-in defaults, a path to a config file, a mapping with the keys of a config file,
    or :class:`~chatlint.config.Settings` from :func:`load_config`.
    """
    linter = _linter(config)
    message = Message(text, kind=kind)
    return linter.check_message(message, linter.rules_for(None))


def lint_paths(paths: Iterable[Union[str, "os.PathLike[str]"]], *, config: ConfigLike = None) -> List[FileResult]:
    """Lint files and directories; one result per file, with its findings or its error.

    Files whose type chatlint does not know are left out, as a directory walk does.
    """
    linter = _linter(config)
    results: List[FileResult] = []
    for target in collect_targets([os.fspath(path) for path in paths], linter.settings):
        if isinstance(target, ChatlintError):
            results.append(FileResult(target.where or "", error=target))
        elif isinstance(target, Skipped):
            continue  # a file of a type chatlint does not read
        else:
            results.append(linter.lint_file(target.path, target.display))
    return results


def _linter(config: ConfigLike) -> Linter:
    if config is None:
        return _default_linter()
    registry = Registry.installed()
    if isinstance(config, Settings):
        settings = config
    elif isinstance(config, Mapping):
        settings = decode_settings(config, registry, root=Path.cwd())
    else:
        settings = load_settings(registry, Path(config))
    return Linter(registry, settings)


@functools.lru_cache(maxsize=1)
def _default_linter() -> Linter:
    # An agent console lints on every keystroke: build the default linter only once.
    return Linter(Registry.installed(), Settings(root=Path.cwd()))
