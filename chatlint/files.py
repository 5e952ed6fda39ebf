"""Reading files as text: encodings, byte-order marks and binary detection."""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from typing import Tuple, Union

from chatlint.errors import InputError

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class SourceText:
    """A file's text with what is needed to write it back byte for byte the same way."""

    text: str
    encoding: str = "utf-8"
    newline: str = "\n"
    #: The byte-order mark the file started with (written back in front of the text).
    bom: bytes = b""

    def encoded(self, text: str) -> bytes:
        """``text`` in this file's encoding, with its byte-order mark."""
        return self.bom + text.encode(self.encoding, errors="surrogatepass")


def byte_order_mark(data: bytes) -> Tuple[str, bytes]:
    """The encoding ``data`` declares with a byte-order mark, and the mark (UTF-8, none)."""
    for mark, name in _BOMS:
        if data.startswith(mark):
            return name, mark
    return "utf-8", b""


def decode(data: bytes, where: str, first_line: int = 1) -> SourceText:
    """Decode file bytes: UTF-8, or UTF-8/16/32 with a byte-order mark.

    ``first_line`` is the line ``data`` starts on, when it is a piece of a UTF-8 file;
    only the first piece can start with a byte-order mark.
    """
    encoding, bom = byte_order_mark(data) if first_line == 1 else ("utf-8", b"")
    if not bom and b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not linted", where)
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start + len(bom)) + first_line
        byte = data[error.start + len(bom) : error.start + len(bom) + 1].hex()
        raise InputError(
            f"not valid {encoding.split('-')[0].upper()}-{encoding.split('-')[1]} text (byte 0x{byte} on line {line}); "
            "save it as UTF-8",
            where,
        ) from error
    return SourceText(text, encoding, _newline_style(text), bom)


def read_file(path: Union[str, "os.PathLike[str]"], where: str) -> SourceText:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
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
