"""Path globs for ``exclude`` and ``per-file-ignores``, with gitignore-like anchoring.

A glob without a slash matches a file or directory name anywhere in the tree
(``node_modules``, ``*.draft.txt``). A glob with a slash matches a path relative to the
configuration's directory (``macros/legacy/**``); ``**`` spans any number of
directories. A directory that matches covers everything below it.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from chatlint.errors import ConfigError


class GlobError(ValueError):
    """A glob that cannot be compiled."""


def glob_to_regex(pattern: str) -> str:
    """Translate one glob into a regular expression over ``/``-separated paths."""
    out: List[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = pattern.find(
                "]", index + 2 if pattern[index + 1 : index + 2] in ("!", "^") else index + 1
            )
            if close == -1:
                raise GlobError(f"unclosed '[' in glob {pattern!r}")
            body = pattern[index + 1 : close]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            index = close
        elif char == "]":
            raise GlobError(f"unmatched ']' in glob {pattern!r}")
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


class GlobSet:
    """Globs compiled into one pattern, matched against relative POSIX paths."""

    __slots__ = ("patterns", "_anchored", "_named")

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        anchored = []
        named = []
        for pattern in self.patterns:
            stripped = pattern.strip()
            if not stripped:
                raise GlobError("empty glob")
            stripped = stripped.rstrip("/")
            if stripped.startswith("./"):
                stripped = stripped[2:]
            if "/" in stripped:
                anchored.append(glob_to_regex(stripped.lstrip("/")))
            else:
                named.append(glob_to_regex(stripped))
        self._anchored = _compile(anchored)
        self._named = _compile(named)

    def matches(self, relative_path: str) -> bool:
        """True when the path, or a directory above it, matches a glob."""
        parts = [part for part in relative_path.split("/") if part and part != "."]
        if self._named is not None and any(self._named.fullmatch(part) for part in parts):
            return True
        if self._anchored is not None:
            for end in range(len(parts), 0, -1):
                if self._anchored.fullmatch("/".join(parts[:end])):
                    return True
        return False

    def matches_last(self, relative_path: str) -> bool:
        """:meth:`matches` for a path whose directory is known not to match (a walk
        prunes excluded directories): only its name and the whole path are left."""
        parts = [part for part in relative_path.split("/") if part and part != "."]
        if not parts:
            return False
        if self._named is not None and self._named.fullmatch(parts[-1]):
            return True
        return self._anchored is not None and self._anchored.fullmatch("/".join(parts)) is not None

    def __bool__(self) -> bool:
        return bool(self.patterns)


def _compile(expressions: List[str]) -> Optional["re.Pattern[str]"]:
    if not expressions:
        return None
    try:
        return re.compile("|".join(f"(?:{expression})" for expression in expressions))
    except re.error as error:  # only reachable through a malformed character class
        raise GlobError(str(error)) from error


def compile_globs(patterns: Sequence[str], where: str) -> GlobSet:
    """Compile globs from config, turning a bad one into a :class:`ConfigError`."""
    try:
        return GlobSet(patterns)
    except GlobError as error:
        raise ConfigError(str(error), where) from error


def per_file_globs(
    table: Sequence[Tuple[str, Tuple[str, ...]]], where: str
) -> Tuple[Tuple[GlobSet, Tuple[str, ...]], ...]:
    return tuple((compile_globs([glob], where), codes) for glob, codes in table)


class RootRelative:
    """Paths relative to the project root in POSIX form, for matching config globs."""

    __slots__ = ("root", "_prefix")

    def __init__(self, root: Path) -> None:
        self.root = os.path.realpath(root)
        self._prefix = self.root.rstrip(os.sep) + os.sep

    def relative(self, real_path: str) -> str:
        """``real_path`` (already resolved) under the root, or as given when outside it."""
        if real_path.startswith(self._prefix):
            relative = real_path[len(self._prefix) :]
        elif real_path == self.root:
            relative = "."
        else:
            relative = real_path
        return relative.replace(os.sep, "/") if os.sep != "/" else relative

    def of(self, path: str) -> str:
        """Any path, resolved first."""
        real = os.path.realpath(path)
        if real.startswith(self._prefix) or real == self.root:
            return self.relative(real)
        return Path(path).as_posix()


def relative_to(path: str, root: Path) -> str:
    """``path`` relative to ``root`` in POSIX form, for matching config globs."""
    return _root_relative(root).of(path)


@functools.lru_cache(maxsize=8)
def _root_relative(root: Path) -> RootRelative:
    return RootRelative(root)
