"""``.gitignore`` and ``.ignore`` files, which a directory walk respects.

A repository's ignore files already say what is not its own content (build output,
vendored files, exports); a walk leaves those out as git does, with git's rules (via
pathspec, which implements them): each file's patterns are relative to its directory,
a deeper file's patterns win over a shallower one's, and ``!pattern`` takes a path
back. ``.ignore`` (as ripgrep reads it) is for what chatlint alone should leave out.
The walk starts with the ignore files of the directories above it, up to the
repository's root, so linting a folder of a repository leaves out what the root's
``.gitignore`` names. Files named on the command line are linted whatever the ignore
files say.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, AbstractSet, List, NamedTuple, Optional, Tuple

from chatlint.errors import InputError
from chatlint.files import read_file

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")

#: Ignore files, in the order their patterns apply within one directory.
IGNORE_FILES = (".gitignore", ".ignore")


class IgnoreRules:
    """The ignore files in force in one directory of a walk: those of every directory
    from the repository's root down to it, shallowest first."""

    __slots__ = ("_specs",)

    def __init__(self, specs: Tuple["_Spec", ...] = ()) -> None:
        #: The ignore files in force, shallowest first.
        self._specs = specs

    def __bool__(self) -> bool:
        return bool(self._specs)

    @classmethod
    def above(cls, real_directory: str) -> IgnoreRules:
        """The rules of the directories above ``real_directory`` (a resolved path), up
        to the root of the repository it is in (none when it is in no repository)."""
        chain: List[str] = []
        probe = real_directory
        while True:
            # A directory, or a file in a worktree or submodule: the repository's root.
            if os.path.exists(os.path.join(probe, ".git")):
                break
            parent = os.path.dirname(probe)
            if parent == probe:
                return cls()  # not in a repository: only the walk's own ignore files
            chain.append(parent)
            probe = parent
        rules = cls()
        for directory in reversed(chain):
            try:
                names = set(os.listdir(directory))
            except OSError:
                continue
            rules = rules.entering(directory, names)
        # The starting directory was named on the command line: a pattern that ignores it
        # (and so everything below it) is set aside; the others still apply below it.
        specs = []
        for spec in rules._specs:
            set_aside = spec.spec.check_file(spec.relative(real_directory) + "/").index
            if set_aside is not None:
                spec = spec._replace(
                    anything=_any_pattern(spec.spec, set_aside),
                    any_file=_any_pattern(spec.spec, set_aside, files=True),
                    set_aside=set_aside,
                )
            specs.append(spec)
        return cls(tuple(specs))

    def entering(self, real_directory: str, names: AbstractSet[str]) -> IgnoreRules:
        """The rules in force inside ``real_directory``, whose entries are ``names``."""
        found = [name for name in IGNORE_FILES if name in names]
        if not found:
            return self
        lines: List[str] = []
        for name in found:
            try:
                # read_file: a named pipe or a link to /dev/zero here must not hang the walk.
                text = read_file(os.path.join(real_directory, name), name).text
            except InputError:
                continue  # an ignore file chatlint cannot read ignores nothing
            lines.extend(text.splitlines())
        if not lines:
            return self
        from pathspec import GitIgnoreSpec  # only for a tree with ignore files

        spec = GitIgnoreSpec.from_lines(lines)
        return IgnoreRules(
            self._specs
            + (
                _Spec(
                    real_directory + os.sep,
                    spec,
                    _any_pattern(spec),
                    _any_pattern(spec, files=True),
                    None,
                ),
            )
        )

    def ignores(self, real_path: str, is_directory: bool) -> bool:
        """Whether the file or directory at ``real_path`` is ignored."""
        decided: Optional[bool] = None
        for spec in self._specs:
            if not real_path.startswith(spec.base):
                continue
            relative = spec.relative(real_path)
            if is_directory:
                relative += "/"
                anything = spec.anything
            else:
                anything = spec.any_file
            if anything is None or not anything.match(relative):
                continue
            verdict = spec.spec.check_file(relative)
            if verdict.include is not None and verdict.index != spec.set_aside:
                decided = verdict.include  # a deeper file's patterns win
        return bool(decided)


def _any_pattern(
    spec: "GitIgnoreSpec", set_aside: Optional[int] = None, files: bool = False
) -> Optional["re.Pattern[str]"]:
    """One expression for all of ``spec``'s patterns (but the one set aside): one pass
    over a path tells whether any pattern may apply, and most paths match none, so
    pathspec need not try each pattern. (pathspec names a group in each pattern;
    joined, the names would clash.) For ``files``, patterns that only name folders
    ("build/") are left out: a walk never enters an ignored folder, so they cannot
    decide a file it reaches."""
    sources = [
        _NAMED_GROUP.sub("(?:", pattern.regex.pattern)
        for index, pattern in enumerate(spec.patterns)
        if pattern.include is not None
        and pattern.regex is not None
        and index != set_aside
        and not (files and str(getattr(pattern, "pattern", "")).endswith("/"))
    ]
    return re.compile("|".join(f"(?:{source})" for source in sources)) if sources else None


class _Spec(NamedTuple):
    """One ignore file's patterns."""

    #: The directory the file is in (resolved), ending in a separator.
    base: str
    spec: "GitIgnoreSpec"
    #: All its patterns as one expression, to rule most paths out at once.
    anything: Optional["re.Pattern[str]"]
    #: The same, for files: without the patterns that only name folders.
    any_file: Optional["re.Pattern[str]"]
    #: The pattern that ignores the walk's own starting directory, which is set aside.
    set_aside: Optional[int]

    def relative(self, real_path: str) -> str:
        """``real_path`` (below :attr:`base`) relative to it, with "/" separators."""
        relative = real_path[len(self.base) :]
        return relative.replace(os.sep, "/") if os.sep != "/" else relative
