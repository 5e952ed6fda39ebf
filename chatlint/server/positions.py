"""Positions at the language-server edge: LSP lines and characters <-> code points.

Inside chatlint every offset counts code points. An LSP position is a line and a
character offset in the encoding the client and server agreed on: UTF-16 code units by
default (a character outside the Basic Multilingual Plane, such as most emoji, is two),
or UTF-8 bytes, or UTF-32 code points. Lines end at ``\\n``, ``\\r\\n`` or ``\\r``, as
the protocol says and as :class:`chatlint.position.LineIndex` counts them.
"""

from __future__ import annotations

from typing import Tuple

from chatlint.position import LineIndex

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def _units(char: str, encoding: str) -> int:
    """How many units of ``encoding`` one code point takes."""
    code = ord(char)
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 1


class PositionMap:
    """Converts between code-point offsets into ``text`` and LSP positions."""

    __slots__ = ("text", "encoding", "_lines")

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self._lines = LineIndex(text)

    def position(self, offset: int) -> Tuple[int, int]:
        """The 0-based line and character (in the agreed units) of ``offset``."""
        line, column = self._lines.location(offset)
        start = self._lines.offset_of_line(line - 1)
        segment = self.text[start : start + column - 1]
        if self.encoding == UTF32 or segment.isascii():
            return line - 1, len(segment)
        return line - 1, sum(_units(char, self.encoding) for char in segment)

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position.

        A position past the end of its line means the end of the line (as the protocol
        says); one inside a character (half of a surrogate pair) means that character's
        start; a line past the end means the end of the text.
        """
        if line < 0:
            return 0
        if line >= self._lines.line_count:
            return len(self.text)
        start = self._lines.offset_of_line(line)
        end = self._lines.offset_of_line(line + 1)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        if self.encoding == UTF32:
            return min(start + max(character, 0), end)
        used = 0
        for index in range(start, end):
            used += _units(self.text[index], self.encoding)
            if used > character:
                return index
        return end
