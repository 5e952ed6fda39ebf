"""Turning code-point offsets into 1-based lines and columns, for formatters only."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Dict, Iterable, List, Protocol, Tuple

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Placer(Protocol):
    """Anything that turns an offset into a 1-based line and column."""

    def location(self, offset: int) -> Tuple[int, int]: ...


class LineIndex:
    """Line starts of a text; ``\\n``, ``\\r\\n`` and ``\\r`` each end a line."""

    __slots__ = ("_starts", "_length")

    def __init__(self, text: str) -> None:
        self._starts: List[int] = [0]
        self._starts.extend(match.end() for match in _LINE_BREAK.finditer(text))
        self._length = len(text)

    def location(self, offset: int) -> Tuple[int, int]:
        """The 1-based line and column (in code points) of ``offset``."""
        offset = min(max(offset, 0), self._length)
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def offset_of_line(self, line: int) -> int:
        """The offset where 0-based ``line`` starts (the end of the text past the last)."""
        return self._starts[line] if line < len(self._starts) else self._length

    @property
    def line_count(self) -> int:
        return len(self._starts)


class Locations:
    """Lines and columns of just the offsets a file's findings use.

    Kept instead of the file's text once it is linted, so a run over many files, or
    over one very large file read in pieces, holds its findings and not its input.
    """

    __slots__ = ("_at",)

    def __init__(self, at: Dict[int, Tuple[int, int]]) -> None:
        self._at = at

    @classmethod
    def of(cls, text: str, offsets: Iterable[int]) -> Locations:
        """The locations of ``offsets`` in ``text``."""
        locations = cls({})
        locations.add(text, offsets)
        return locations

    def add(self, text: str, offsets: Iterable[int], first_line: int = 1, base: int = 0) -> None:
        """Add ``offsets`` in ``text``, a piece of the file that starts at line
        ``first_line`` and offset ``base``."""
        index = LineIndex(text)
        for offset in offsets:
            line, column = index.location(offset - base)
            self._at[offset] = (line + first_line - 1, column)

    def location(self, offset: int) -> Tuple[int, int]:
        return self._at[offset]
