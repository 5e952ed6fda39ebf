"""Turning code-point offsets into 1-based lines and columns, for formatters only."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import List, Tuple

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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
