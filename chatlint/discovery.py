"""Turning the paths on the command line into the files to lint, and standard input
into one more of them."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, Iterator, NamedTuple, Optional, Sequence, Tuple, Union

from chatlint.errors import InputError
from chatlint.files import not_regular
from chatlint.globs import GlobSet, RootRelative
from chatlint.run_config import RunConfig
from chatlint.sources import format_for

if TYPE_CHECKING:
    from chatlint.config_tree import ConfigTree
    from chatlint.ignore_files import IgnoreRules


@dataclass(frozen=True)
class Target:
    """A file to lint, the name it is shown under, and the config file it is linted
    with (``None``: the run's main config)."""

    path: str
    display: str
    config: Optional[str] = None

    # Written out: the generated __init__ of a frozen dataclass costs twice as much, and
    # a walk makes one target per file.
    def __init__(self, path: str, display: str, config: Optional[str] = None) -> None:
        fields = self.__dict__
        fields["path"] = path
        fields["display"] = display
        fields["config"] = config


class StandardInput(NamedTuple):
    """Standard input, read once before the run, linted as a file named ``display``."""

    data: bytes
    display: str


@dataclass(frozen=True)
class Skipped:
    """A file named on the command line whose format chatlint does not know."""

    display: str


def collect_targets(
    paths: Sequence[str],
    config: RunConfig,
    *,
    any_format: bool = False,
    tree: Optional["ConfigTree"] = None,
) -> Iterator[Union[Target, Skipped, InputError]]:
    """Files under ``paths``, or an error for a path that is not there, one at a time.

    Each directory's files come in sorted order (of the names they are shown under)
    while the walk is still going, so a caller can start linting before it ends.

    A file named explicitly is linted when its format is known (or ``any_format`` is
    set, because the caller forces one), and reported as skipped otherwise; files found
    by walking a directory are linted when chatlint knows their format and no exclude
    glob matches them. With a ``tree``, each file is linted with the config nearest
    above it, and a directory with its own config is walked with that config's excludes.
    """
    walk = _Walk(config, tree)
    seen = set()
    for raw in paths:
        if os.path.isdir(raw):
            real = os.path.realpath(raw)
            source = tree.source_for(os.path.join(raw, "-")) if tree is not None else None
            excludes, root, _ = walk.rules(source)
            if excludes and excludes.matches(root.relative(real)):
                continue  # an excluded directory: every file below it is excluded too
            # A directory named on the command line is walked even if ignored (as a
            # file named there is linted); what the ignore files name below it is not.
            ignored = None
            if config.settings.respect_gitignore:
                from chatlint.ignore_files import IgnoreRules  # only a walk reads them

                ignored = IgnoreRules.above(real)
            for target in walk.files(raw, real, source, ignored):
                shown = target.display if isinstance(target, Target) else target.where
                if shown not in seen:
                    seen.add(shown)
                    yield target
        elif os.path.exists(raw):
            display = os.path.normpath(raw)
            if display in seen:
                continue
            seen.add(display)
            if any_format or format_for(raw) is not None:
                special = _not_regular(raw)
                if special is not None:
                    yield InputError(special, display)
                    continue
                if os.path.islink(raw):
                    outside = _link_out_of_tree(
                        raw, display, os.path.realpath(os.curdir), "the working directory"
                    )
                    if outside is not None:
                        yield outside
                        continue
                yield Target(raw, display, tree.source_for(raw) if tree is not None else None)
            else:
                yield Skipped(display)
        elif os.path.islink(raw):
            yield InputError("broken symbolic link", os.path.normpath(raw))
        else:
            yield InputError("no such file or directory", os.path.normpath(raw))


class _Walk:
    """A directory walk: which files of a known format it yields, pruning excluded trees."""

    def __init__(self, config: RunConfig, tree: Optional["ConfigTree"]) -> None:
        self.tree = tree
        self._rules: Dict[Optional[str], _Rules] = {None: _rules(config)}

    def rules(self, source: Optional[str]) -> "_Rules":
        """The exclude globs of the config ``source``, the root they are relative to, and
        its include globs."""
        rules = self._rules.get(source)
        if rules is None:
            assert self.tree is not None
            rules = self._rules[source] = _rules(self.tree.config(source))
        return rules

    def files(
        self,
        directory: str,
        real_directory: str,
        source: Optional[str],
        ignored: Optional[IgnoreRules] = None,
        top: Optional[str] = None,
    ) -> Iterator[Union[Target, InputError]]:
        """Files of a known format under ``directory``, pruning excluded trees; an error
        for a folder that cannot be listed, and for a file that is not a regular file.

        Entries are visited sorted by name, a directory's name counting as if it ended
        in "/": exactly the order of sorting every file's path as a string, with nothing
        held back. Symbolic links to directories are not followed (no loops);
        ``real_directory`` is the resolved path of ``directory`` (known not to be
        excluded), carried down so that exclude globs see each file's place under the
        project root without resolving every file on its own, and only the new part of
        each path is matched. ``top`` is where the walk started (resolved; by default
        ``real_directory``): a link to a file outside it is reported, not followed.
        """
        try:
            entries = list(os.scandir(directory))
        except (FileNotFoundError, NotADirectoryError):
            return  # vanished (or replaced) while walking: nothing to lint there
        except OSError as error:
            # A folder that cannot be listed hides every file in it: a gate must say so.
            reason = (
                "permission denied"
                if isinstance(error, PermissionError)
                else error.strerror or str(error)
            )
            yield InputError(f"cannot read the folder: {reason}", os.path.normpath(directory))
            return
        top = top or real_directory  # the folder named on the command line, resolved
        if self.tree is not None or ignored is not None:
            names = {entry.name for entry in entries}
            if self.tree is not None:
                source = self.tree.source_in(directory, names, source)
            if ignored is not None:
                ignored = ignored.entering(real_directory, names)
        excludes, root, includes = self.rules(source)
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
        # Joined by hand: os.path.join costs a walk of 10,000 files several percent.
        under = real_directory if real_directory.endswith(os.sep) else real_directory + os.sep
        ignoring = ignored if ignored else None  # None: no ignore file in force here
        for key, entry in kept:
            real = under + entry.name
            if ignoring is not None and ignoring.ignores(real, key.endswith("/")):
                continue
            if key.endswith("/"):
                if not (excludes and excludes.matches_last(root.relative(real))):
                    yield from self.files(entry.path, real, source, ignored, top)
                continue
            if includes is not None and not includes.matches(root.relative(real)):
                continue
            if excludes:
                if entry.is_symlink():  # its real place may be anywhere: check all of it
                    excluded = excludes.matches(root.relative(os.path.realpath(entry.path)))
                else:
                    excluded = excludes.matches_last(root.relative(real))
                if excluded:
                    continue
            if not _is_file(entry):  # a named pipe or a device (behind a link, often)
                special = _not_regular(entry.path)
                if special is not None:
                    yield InputError(special, lead + entry.name)
                    continue
            if entry.is_symlink():
                outside = _link_out_of_tree(
                    entry.path, lead + entry.name, top, "the folder being linted"
                )
                if outside is not None:
                    yield outside
                    continue
            yield Target(entry.path, lead + entry.name, source)


#: A config's exclude globs, the root they are relative to, and its include globs.
_Rules = Tuple[GlobSet, RootRelative, Optional[GlobSet]]


def _rules(config: RunConfig) -> _Rules:
    return (config.excludes, RootRelative(config.root), config.includes)


def _sort_key(kept: Tuple[str, "os.DirEntry[str]"]) -> str:
    return kept[0]


def _link_out_of_tree(path: str, display: str, tree: str, tree_name: str) -> Optional[InputError]:
    """An error for the symbolic link at ``path`` when its file is outside ``tree`` (a
    resolved folder, described as ``tree_name``); ``None`` when it is inside.

    Such a link is not followed: a repository holding ``leak.txt -> ~/.config/creds``
    would have a CI log quote the file's text in findings, and ``--fix`` write to it.
    """
    real = os.path.realpath(path)
    inside = tree if tree.endswith(os.sep) else tree + os.sep
    if real.startswith(inside):
        return None
    return InputError(f"symbolic link to a file outside {tree_name}, not read", display)


def _is_file(entry: "os.DirEntry[str]") -> bool:
    """Whether ``entry`` is a regular file (or a link to one): known from the walk's
    listing for most entries, a status call for a link."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _not_regular(path: str) -> Optional[str]:
    """What is wrong with linting ``path`` when it is not a regular file, else ``None``.

    Reading a named pipe waits for a writer that may never come, and a device such as
    ``/dev/zero`` never ends: neither is opened. A path that has vanished is left for
    the read to report.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "broken symbolic link" if os.path.islink(path) else None
    except OSError:
        return None  # the read reports it, with its reason
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None  # a directory read as a file is reported by the read
    return not_regular(mode)
