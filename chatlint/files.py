"""Reading files as text (encodings, byte-order marks, binary detection), and writing
files so that a crash never leaves half of one."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from typing import Optional, Tuple, Union

from chatlint.errors import InputError

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_READ_FLAGS = os.O_RDONLY | getattr(
    os, "O_BINARY", 0
)  # O_BINARY: no newline translation on Windows
#: The most asked of one read: some systems refuse reads of 2 GiB or more.
_LARGEST_READ = 1 << 30


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
    if not bom and data.find(b"\x00", 0, 8192) != -1:
        raise InputError("binary file (contains NUL bytes), not linted", where)
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start + len(bom)) + first_line
        byte = data[error.start + len(bom) : error.start + len(bom) + 1].hex()
        raise InputError(
            f"not valid {encoding.split('-')[0].upper()}-{encoding.split('-')[1]} text "
            f"(byte 0x{byte} on line {line}); "
            "save it as UTF-8",
            where,
        ) from error
    return SourceText(text, encoding, _newline_style(text), bom)


class FileTooLarge(Exception):
    """A file past the size a caller is willing to read whole."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(size, limit)
        self.size = size
        self.limit = limit


def read_file(
    path: Union[str, "os.PathLike[str]"], where: str, max_bytes: Optional[int] = None
) -> SourceText:
    """A file's text; :class:`FileTooLarge` when it holds more than ``max_bytes``.

    Read with one open, one status call and (for a regular file) one read: for many
    small files this costs about half of ``open(path, "rb").read()`` plus a ``stat``.
    """
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except FileNotFoundError as error:
        raise InputError("no such file", where) from error
    except IsADirectoryError as error:
        raise InputError("is a directory", where) from error
    except PermissionError as error:
        raise InputError("permission denied", where) from error
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", where) from error
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise InputError("is a directory", where)
        if max_bytes is not None and status.st_size > max_bytes:
            raise FileTooLarge(status.st_size, max_bytes)
        data = _read_all(descriptor, status)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", where) from error
    finally:
        os.close(descriptor)
    return decode(data, where)


def _read_all(descriptor: int, status: os.stat_result) -> bytes:
    if stat.S_ISREG(status.st_mode):
        # One byte more than the size: a file that fills it has grown since, so read on.
        want = min(status.st_size + 1, _LARGEST_READ)
        first = os.read(descriptor, want)
        if len(first) < want:
            return first
        step = _LARGEST_READ
    else:  # a pipe or device: its size says nothing, so read to the end
        step = 1 << 16
        first = os.read(descriptor, step)
    pieces = [first]
    while pieces[-1]:
        pieces.append(os.read(descriptor, step))
    return b"".join(pieces)


def _newline_style(text: str) -> str:
    index = text.find("\n")
    carriage = text.find("\r")
    if carriage != -1 and (index == -1 or carriage < index):
        return "\r\n" if text.startswith("\r\n", carriage) else "\r"
    return "\n"


def write_atomically(
    path: Union[str, "os.PathLike[str]"],
    data: bytes,
    *,
    mode: Optional[int] = None,
    sync: bool = True,
) -> None:
    """Replace (or create) ``path`` with ``data``, or leave it exactly as it was.

    The data goes to a temporary file in the same directory, is flushed to disk
    (``sync``; a cache entry that can be rebuilt skips it), takes ``mode`` (by default
    the permissions of the file it replaces, or those a new file gets), and is renamed
    over ``path``: a crash at any point leaves the old file or the new
    one, never part of one, and a concurrent reader sees one or the other. Raises
    :class:`OSError`, with no temporary file left behind.
    """
    import tempfile  # only runs that write pay for importing it

    directory, name = os.path.split(os.fspath(path))
    handle = tempfile.NamedTemporaryFile(
        "wb", dir=directory or ".", prefix=f".{name}.", suffix=".chatlint-tmp", delete=False
    )
    try:
        with handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(handle.name, _mode_for(path) if mode is None else mode)
        os.replace(handle.name, path)
    except BaseException:
        try:
            os.unlink(handle.name)
        except OSError:
            pass
        raise


def _mode_for(path: Union[str, "os.PathLike[str]"]) -> int:
    """The permissions of the file at ``path``, or those ``open`` gives a new file."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)  # read it the only way there is, and put it straight back
        os.umask(umask)
        return 0o666 & ~umask
