"""Turning the paths on the command line into the files to lint."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Sequence, Union

from chatlint.config import Settings
from chatlint.errors import InputError
from chatlint.linter import relative_to
from chatlint.sources import format_for


@dataclass(frozen=True)
class Target:
    """A file to lint and the name it is shown under."""

    path: Path
    display: str


@dataclass(frozen=True)
class Skipped:
    """A file named on the command line whose format chatlint does not know."""

    display: str


def collect_targets(
    paths: Sequence[str], settings: Settings, *, any_format: bool = False
) -> Iterator[Union[Target, Skipped, InputError]]:
    """Files under ``paths`` in sorted order, or an error for a path that is not there.

    A file named explicitly is linted when its format is known (or ``any_format`` is
    set, because the caller forces one), and reported as skipped otherwise; files found
    by walking a directory are linted when chatlint knows their format and no exclude
    glob matches them.
    """
    excludes = settings.exclude_globs()
    root = settings.root.resolve()
    seen = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found: List[Target] = []
            for directory, subdirectories, files in os.walk(path, followlinks=False):
                # Prune in place so excluded trees are never listed.
                subdirectories[:] = sorted(
                    name
                    for name in subdirectories
                    if not excludes.matches(relative_to(os.path.join(directory, name), root))
                )
                for name in files:
                    candidate = os.path.join(directory, name)
                    if format_for(Path(name)) is None:
                        continue
                    if excludes.matches(relative_to(candidate, root)):
                        continue
                    found.append(Target(Path(candidate), os.path.normpath(candidate)))
            for target in sorted(found, key=lambda target: target.display):
                if target.display not in seen:
                    seen.add(target.display)
                    yield target
        elif path.exists():
            display = os.path.normpath(raw)
            if display in seen:
                continue
            seen.add(display)
            if any_format or format_for(path) is not None:
                yield Target(path, display)
            else:
                yield Skipped(display)
        elif path.is_symlink():
            yield InputError("broken symbolic link", os.path.normpath(raw))
        else:
            yield InputError("no such file or directory", os.path.normpath(raw))
