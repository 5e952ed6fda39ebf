"""A JSON reader that keeps the position of every string, escapes included.

The standard ``json`` module checks the document; this scanner then walks it again and
returns the tree with each string as a :class:`Located` value whose source map accounts
for escape sequences (``\\n`` is one character of text and two of source).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from chatlint.errors import InputError
from chatlint.message import SegmentBuilder, SourceMap
from chatlint.violation import Span

_WHITESPACE = re.compile(r"[ \t\r\n]*")
_LITERAL = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
# What else Python's reader takes for a value; it matches wherever _LITERAL does not.
_CONSTANT = re.compile(r"-?(?:NaN|Infinity)|")
# The rest of a string after its opening quote, through the closing quote.
_STRING_REST = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SIMPLE_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}
MAX_DEPTH = 200


@dataclass(frozen=True)
class Located:
    """A string value: its text, where it is in the file, and its source map.

    Readers that know the map pass it. The JSON reader passes a string with escapes
    as written (``raw``, quotes included), and the map is worked out only for strings
    that are linted -- most strings in a transcript are ids and dates; a string with no
    escape is its source as it is.
    """

    text: str
    span: Span
    known_map: Optional[SourceMap] = field(default=None, repr=False, compare=False)
    raw: str = field(default="", repr=False, compare=False)

    @property
    def source_map(self) -> SourceMap:
        if self.known_map is None:
            found = (
                _escape_map(self.raw, self.span.start)
                if self.raw
                else SourceMap.identity(len(self.text), self.span.start + 1)
            )
            object.__setattr__(self, "known_map", found)
        return self.known_map  # type: ignore[return-value]


def load(text: str, where: str, base: int = 0) -> Any:
    """Parse ``text`` into dicts, lists, literals and :class:`Located` strings.

    ``NaN`` and ``Infinity``, which Python's reader lets through, are invalid JSON.
    """
    try:
        try:
            json.loads(text)
        except json.JSONDecodeError:
            raise
        except ValueError:
            # An integer of more than 4,300 digits, which Python will not convert: JSON
            # allows it and numbers are never linted, so check with integers as written.
            json.loads(text, parse_int=str)
    except RecursionError as error:
        raise InputError("JSON is nested too deeply", where) from error
    except json.JSONDecodeError as error:
        raise InputError(
            f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})", where
        ) from error
    value, _ = _value(text, _skip(text, 0), base, 0)
    return value


def encode(replacement: str) -> str:
    """Text spelled as it must appear inside a JSON string (or a YAML double-quoted one)."""
    return json.dumps(replacement, ensure_ascii=False)[1:-1]


# The walk below runs over a document already known to be valid JSON, so its patterns
# always match; the asserts say so to the type checker, in line, because this is the
# hot loop of reading a transcript (a helper function here cost 4% of a run).


def _skip(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    assert match is not None  # white space may be empty: it always matches
    return match.end()


def _value(text: str, index: int, base: int, depth: int) -> Tuple[Any, int]:
    if depth > MAX_DEPTH:
        raise InputError("JSON is nested too deeply")
    char = text[index]
    if char == "{":
        result: Dict[str, Any] = {}
        index = _skip(text, index + 1)
        if text[index] == "}":
            return result, index + 1
        while True:
            key, index = _string(text, index, base)
            index = _skip(text, _skip(text, index) + 1)  # past ':'
            result[key.text], index = _value(text, index, base, depth + 1)
            index = _skip(text, index)
            if text[index] == "}":
                return result, index + 1
            index = _skip(text, index + 1)  # past ','
    if char == "[":
        items: List[Any] = []
        index = _skip(text, index + 1)
        if text[index] == "]":
            return items, index + 1
        while True:
            item, index = _value(text, index, base, depth + 1)
            items.append(item)
            index = _skip(text, index)
            if text[index] == "]":
                return items, index + 1
            index = _skip(text, index + 1)
    if char == '"':
        return _string(text, index, base)
    match = _LITERAL.match(text, index)
    if match is None:  # NaN, Infinity or -Infinity: the only values Python adds to JSON
        line = text.count("\n", 0, index) + 1
        column = index - text.rfind("\n", 0, index)
        constant = _CONSTANT.match(text, index)
        assert constant is not None  # its empty alternative always matches
        raise InputError(
            f"invalid JSON: {constant.group()} is not a JSON value (line {line}, column {column})"
        )
    try:
        return json.loads(match.group()), match.end()
    except ValueError:  # an integer too long for Python to convert: kept as written
        return match.group(), match.end()


def _string(text: str, index: int, base: int) -> Tuple[Located, int]:
    rest = _STRING_REST.match(text, index + 1)
    assert rest is not None
    end = rest.end()
    value = text[index + 1 : end - 1]
    if "\\" not in value:
        return Located(value, Span(base + index, base + end)), end
    raw = text[index:end]
    return Located(json.loads(raw), Span(base + index, base + end), raw=raw), end


def _escape_map(raw: str, start: int) -> SourceMap:
    """The source map of a JSON string written as ``raw`` at ``start``: each escape
    (``\\n``, ``\\u00e9``, a surrogate pair) is one replaced segment."""
    builder = SegmentBuilder()
    index = 1
    run = index
    while True:
        index = raw.find("\\", index, len(raw) - 1)
        if index < 0:
            builder.copy(raw[run:-1], start + run)
            return builder.build()[1]
        builder.copy(raw[run:index], start + run)
        kind = raw[index + 1]
        if kind == "u":
            code = int(raw[index + 2 : index + 6], 16)
            length = 6
            if 0xD800 <= code < 0xDC00 and raw.startswith("\\u", index + 6):
                low = int(raw[index + 8 : index + 12], 16)
                if 0xDC00 <= low < 0xE000:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    length = 12
            decoded = chr(code)
        else:
            decoded, length = _SIMPLE_ESCAPES[kind], 2
        builder.replace(decoded, start + index, start + index + length)
        index += length
        run = index
