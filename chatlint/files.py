"""Reading files as text: encodings, byte-order marks and binary detection."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from chatlint.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class SourceText:
    """A file's text with what is needed to write it back the same way."""

    text: str
    encoding: str = "utf-8"
    newline: str = "\n"


def decode(data: bytes, where: str) -> SourceText:
    """Decode file bytes: UTF-8, or UTF-8/16/32 with a byte-order mark."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not linted", where)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        raise InputError(
            f"not valid {encoding.split('-sig')[0].upper()} text (byte 0x{byte} on line {line}); "
            "save it as UTF-8",
            where,
        ) from error
    if encoding != "utf-8-sig" and text.startswith("\ufeff"):
        text = text[1:]  # the BOM of UTF-16/32 survives decoding: it is not content
    return SourceText(text, encoding, _newline_style(text))


def read_file(path: Path, where: str) -> SourceText:
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise InputError("no such file", where) from error
    except IsADirectoryError as error:
        raise InputError("is a directory", where) from error
    except PermissionError as error:
        raise InputError("permission denied", where) from error
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", where) from error
    return decode(data, where)


def _newline_style(text: str) -> str:
    index = text.find("\n")
    carriage = text.find("\r")
    if carriage != -1 and (index == -1 or carriage < index):
        return "\r\n" if text.startswith("\r\n", carriage) else "\r"
    return "\n"
