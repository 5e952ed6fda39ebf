"""The Python API that help-desk integrations and agent consoles call."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Iterable, List, Mapping, Union

from chatlint.linter import Linter
from chatlint.message import Message
from chatlint.results import FileResult
from chatlint.run_config import RunConfig, load_run_config, run_config_from_mapping
from chatlint.runner import Work
from chatlint.settings import Settings
from chatlint.violation import Violation

ConfigLike = Union[RunConfig, Settings, str, "os.PathLike[str]", Mapping[str, Any], None]


def load_config(path: Union[str, "os.PathLike[str]", None] = None) -> RunConfig:
    """The config from ``path``, or from the config file found above the working
    directory, worked out once so that every call that is given it reuses it."""
    return load_run_config(path)


def lint_text(text: str, *, kind: str = "chat", config: ConfigLike = None) -> List[Violation]:
    """The violations in one message, with offsets into ``text``.

    ``kind`` is ``"chat"``, ``"email"`` or ``"article"``. ``config`` is ``None`` for the
    built-in defaults, a path to a config file, a mapping with the keys of a config file,
    or the result of :func:`load_config`.
    """
    linter = _linter(config)
    message = Message(text, kind=kind)
    return linter.check_message(message, linter.rules_for(None))


def lint_paths(
    paths: Iterable[Union[str, "os.PathLike[str]"]], *, config: ConfigLike = None
) -> List[FileResult]:
    """Lint files and directories; one result per file, with its findings or its error,
    in order of path.

    Files whose type chatlint does not know are left out, as a directory walk does.
    """
    from chatlint.application import lint_targets

    outcomes = lint_targets(
        _linter(config), [os.fspath(path) for path in paths], Work(keep_text=True)
    )
    return [outcome.result for outcome in outcomes]


def _linter(config: ConfigLike) -> Linter:
    if config is None:
        return _default_linter()
    if isinstance(config, RunConfig):
        return _linter_for(config)
    if isinstance(config, Settings):
        return Linter(RunConfig(config))
    if isinstance(config, Mapping):
        return Linter(run_config_from_mapping(config))
    return Linter(load_run_config(config))


@functools.lru_cache(maxsize=8)
def _linter_for(config: RunConfig) -> Linter:
    # A console passes the config it loaded once on every keystroke: its linter (the
    # rules, built with their options) is built once too.
    return Linter(config)


@functools.lru_cache(maxsize=1)
def _default_linter() -> Linter:
    # An agent console lints on every keystroke: build the default linter only once.
    return Linter(RunConfig(Settings(root=Path.cwd())))
