"""Turning the paths on the command line into the files to lint, and standard input
into one more of them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator, NamedTuple, Sequence, Tuple, Union

from chatlint.errors import InputError
from chatlint.globs import GlobSet, RootRelative
from chatlint.run_config import RunConfig
from chatlint.sources import format_for


@dataclass(frozen=True)
class Target:
    """A file to lint and the name it is shown under."""

    path: str
    display: str

    # Written out: the generated __init__ of a frozen dataclass costs twice as much, and
    # a walk makes one target per file.
    def __init__(self, path: str, display: str) -> None:
        fields = self.__dict__
        fields["path"] = path
        fields["display"] = display


class StandardInput(NamedTuple):
    """Standard input, read once before the run, linted as a file named ``display``."""

    data: bytes
    display: str


@dataclass(frozen=True)
class Skipped:
    """A file named on the command line whose format chatlint does not know."""

    display: str


def collect_targets(
    paths: Sequence[str], config: RunConfig, *, any_format: bool = False
) -> Iterator[Union[Target, Skipped, InputError]]:
    """Files under ``paths``, or an error for a path that is not there, one at a time.

    Each directory's files come in sorted order (of the names they are shown under)
    while the walk is still going, so a caller can start linting before it ends.

    A file named explicitly is linted when its format is known (or ``any_format`` is
    set, because the caller forces one), and reported as skipped otherwise; files found
    by walking a directory are linted when chatlint knows their format and no exclude
    glob matches them.
    """
    excludes = config.excludes
    root = RootRelative(config.root)
    seen = set()
    for raw in paths:
        if os.path.isdir(raw):
            real = os.path.realpath(raw)
            if excludes and excludes.matches(root.relative(real)):
                continue  # an excluded directory: every file below it is excluded too
            for target in _walk(raw, real, excludes, root):
                if target.display not in seen:
                    seen.add(target.display)
                    yield target
        elif os.path.exists(raw):
            display = os.path.normpath(raw)
            if display in seen:
                continue
            seen.add(display)
            if any_format or format_for(raw) is not None:
                yield Target(raw, display)
            else:
                yield Skipped(display)
        elif os.path.islink(raw):
            yield InputError("broken symbolic link", os.path.normpath(raw))
        else:
            yield InputError("no such file or directory", os.path.normpath(raw))


def _walk(
    directory: str, real_directory: str, excludes: GlobSet, root: RootRelative
) -> Iterator[Target]:
    """Files of a known format under ``directory``, pruning excluded trees.

    Entries are visited sorted by name, a directory's name counting as if it ended in
    "/": exactly the order of sorting every file's path as a string, with nothing held
    back. Symbolic links to directories are not followed (no loops);
    ``real_directory`` is the resolved path of ``directory`` (known not to be
    excluded), carried down so that exclude globs see each file's place under the
    project root without resolving every file on its own, and only the new part of
    each path is matched.
    """
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return  # unreadable or vanished while walking: nothing to lint there
    kept = []
    for entry in entries:
        try:
            is_directory = entry.is_dir()
        except OSError:
            continue
        if is_directory:
            if not entry.is_symlink():
                kept.append((entry.name + "/", entry))
        elif format_for(entry.name) is not None:
            kept.append((entry.name, entry))
    kept.sort(key=_sort_key)
    # Each file is shown as normpath(its path); an entry name never holds a separator,
    # "." or "..", so normalizing the directory once gives the same for every file.
    shown_directory = os.path.normpath(directory)
    if shown_directory == os.curdir:
        lead = ""
    else:
        lead = shown_directory if shown_directory.endswith(os.sep) else shown_directory + os.sep
    for key, entry in kept:
        if key.endswith("/"):
            real = os.path.join(real_directory, entry.name)
            if not (excludes and excludes.matches_last(root.relative(real))):
                yield from _walk(entry.path, real, excludes, root)
            continue
        if excludes:
            if entry.is_symlink():  # its real place may be anywhere: check all of it
                excluded = excludes.matches(root.relative(os.path.realpath(entry.path)))
            else:
                excluded = excludes.matches_last(
                    root.relative(os.path.join(real_directory, entry.name))
                )
            if excluded:
                continue
        yield Target(entry.path, lead + entry.name)


def _sort_key(kept: Tuple[str, "os.DirEntry[str]"]) -> str:
    return kept[0]
