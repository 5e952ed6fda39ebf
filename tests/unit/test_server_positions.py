"""LSP positions: code-point offsets to UTF-16 (or UTF-8, UTF-32) lines and characters
and back, exactly, whatever the text holds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatlint.server.positions import UTF8, UTF16, UTF32, PositionMap

ENCODED = {UTF8: "utf-8", UTF16: "utf-16-le", UTF32: "utf-32-le"}
UNIT = {UTF8: 1, UTF16: 2, UTF32: 4}


def _expected(text: str, offset: int, encoding: str):
    """The position by the definition: count the encoded units of the line so far."""
    before = text[:offset]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    lines = before.replace("\r\n", "\n").replace("\r", "\n").count("\n")
    if before.endswith("\r") and text[offset : offset + 1] == "\n":
        return None  # inside a CRLF: not a place anything is reported
    width = (
        len(text[line_start:offset].encode(ENCODED[encoding], "surrogatepass")) // UNIT[encoding]
    )
    return lines, width


def test_astral_characters_are_two_utf16_units():
    text = "Hi \U0001f600! I think so.\nNext \U0001f680 line"
    positions = PositionMap(text, UTF16)
    assert positions.position(text.index("I think")) == (0, 7)
    assert positions.position(text.index("line")) == (1, 8)
    assert positions.offset(0, 7) == text.index("I think")
    assert positions.offset(1, 8) == text.index("line")
    # Half of the surrogate pair is the emoji itself; past the end of a line is its end.
    assert positions.offset(0, 4) == text.index("\U0001f600")
    assert positions.offset(0, 500) == text.index("\n")
    assert positions.offset(9, 0) == len(text)
    assert PositionMap(text, UTF32).position(text.index("I think")) == (0, 6)
    assert PositionMap(text, UTF8).position(text.index("I think")) == (0, 9)


PIECES = ["a", " ", "\n", "\r", "\r\n", "\u00e9", "\u4e2d", "\U0001f600", "\u200d"]


@pytest.mark.parametrize("encoding", [UTF8, UTF16, UTF32])
@given(
    text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    data=st.data(),
)
def test_positions_match_the_encoding_and_convert_back(encoding, text, data):
    positions = PositionMap(text, encoding)
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    expected = _expected(text, offset, encoding)
    if expected is None:
        return
    assert positions.position(offset) == expected
    assert positions.offset(*expected) == offset
