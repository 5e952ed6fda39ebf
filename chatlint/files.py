"""Reading files as text (encodings, byte-order marks, binary detection), and writing
files so that a crash never leaves half of one."""

from __future__ import annotations

import codecs
import errno
import os
import re
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

# O_BINARY: no newline translation on Windows. O_NONBLOCK: opening a named pipe with no
# writer would wait for ever; with it the open returns, and the file is then refused as
# not regular before anything is read (on a regular file the flag changes nothing).
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
#: The most asked of one read: some systems refuse reads of 2 GiB or more.
_LARGEST_READ = 1 << 30
#: How much of a file's start tells UTF-16 without a byte-order mark from binary data.
SNIFF_BYTES = 8192
#: Control characters no text has (white space and ESC aside): UTF-16 that decodes to
#: them is binary data that merely has every other byte zero (an array of small numbers).
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
#: What is wrong with a file that has NUL bytes where text cannot.
BINARY_FILE = "binary file (contains NUL bytes), not linted"


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


def wide_encoding(head: bytes) -> bool:
    """Whether a file starting with ``head`` (its first :data:`SNIFF_BYTES`) is UTF-16 or
    UTF-32, with a byte-order mark or UTF-16 without one: its lines are not found by
    looking for a newline byte."""
    encoding, bom = byte_order_mark(head)
    if encoding != "utf-8":
        return True
    return not bom and b"\x00" in head and _utf16_without_bom(head) is not None


def _utf16_without_bom(data: bytes) -> Optional[str]:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``data`` reads as UTF-16 saved without a
    byte-order mark (as some Windows tools do), ``None`` when it is binary.

    Text in a Latin script has, in UTF-16, a zero in every other byte: the zero bytes
    of its first kilobytes are nearly all in one column of byte pairs, and what they
    decode to has no control characters but white space.
    """
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    units = len(sample) // 2
    first, second = sample[0::2].count(0), sample[1::2].count(0)
    if second * 4 >= units and first * 8 <= second:
        encoding = "utf-16-le"  # "h\0i\0": the high byte, second, is the zero
    elif first * 4 >= units and second * 8 <= first:
        encoding = "utf-16-be"
    else:
        return None
    try:
        # Incremental: the sample may end inside a surrogate pair.
        head = codecs.getincrementaldecoder(encoding)().decode(sample)
    except UnicodeDecodeError:
        return None
    return None if _NOT_TEXT.search(head) else encoding


def decode(data: bytes, where: str, first_line: int = 1) -> SourceText:
    """Decode file bytes: UTF-8, UTF-8/16/32 with a byte-order mark, or UTF-16 without
    one. A NUL byte anywhere in UTF-8 makes the file binary.

    ``first_line`` is the line ``data`` starts on, when it is a later piece of a UTF-8
    JSON Lines file: only the first piece can start with a byte-order mark, and a NUL
    byte in a later piece is left to the reader, which reports its line as invalid.
    """
    if first_line != 1:
        encoding, bom = "utf-8", b""
    else:
        encoding, bom = byte_order_mark(data)
        if encoding == "utf-8" and data.find(b"\x00") != -1:
            wide = None if bom or len(data) % 2 else _utf16_without_bom(data)
            if wide is None:
                raise InputError(BINARY_FILE, where)
            encoding = wide
    try:
        text = data[len(bom) :].decode(encoding)
        if encoding != "utf-8" and "\x00" in text:
            raise InputError(BINARY_FILE, where)
    except UnicodeDecodeError as error:
        if encoding != "utf-8" and not bom:  # guessed UTF-16 that is not: binary after all
            raise InputError(BINARY_FILE, where) from error
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
    """A regular file's text; :class:`FileTooLarge` when it holds more than ``max_bytes``.

    Read with one open, one status call and one read: for many small files this costs
    about half of ``open(path, "rb").read()`` plus a ``stat``. A named pipe, a device
    or a socket is refused (see :func:`open_regular`).
    """
    descriptor, status = open_regular(path, where)
    try:
        if max_bytes is not None and status.st_size > max_bytes:
            raise FileTooLarge(status.st_size, max_bytes)
        data = _read_all(descriptor, status, max_bytes)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", where) from error
    finally:
        os.close(descriptor)
    return decode(data, where)


def open_regular(path: Union[str, "os.PathLike[str]"], where: str) -> Tuple[int, os.stat_result]:
    """A descriptor open for reading on the regular file at ``path``, and its status.

    Anything else is an :class:`InputError` before a byte is read: a named pipe with no
    writer would wait for ever, and a device such as ``/dev/zero`` never ends. The open
    itself does not wait on a pipe. Standard input is read elsewhere, as a stream.
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
        if error.errno == errno.ENXIO:  # what opening a socket fails with
            raise InputError(not_regular(stat.S_IFSOCK), where) from error
        raise InputError(f"cannot read: {error.strerror or error}", where) from error
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise InputError("is a directory", where)
        if not stat.S_ISREG(status.st_mode):
            raise InputError(not_regular(status.st_mode), where)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor, status


def not_regular(mode: int) -> str:
    """The problem with linting a file of ``mode`` that is not a regular file."""
    kind = next((name for test, name in _SPECIAL_FILES if test(mode)), "a special file")
    # `chatlint check <(command)` names a pipe: standard input is the way to lint one.
    also = "; to lint a stream, send it to standard input ('-')" if stat.S_ISFIFO(mode) else ""
    return f"not a regular file ({kind}), not linted{also}"


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _read_all(descriptor: int, status: os.stat_result, limit: Optional[int] = None) -> bytes:
    """Everything in the regular file open on ``descriptor``, even if it grew since
    ``status`` was taken; :class:`FileTooLarge` once it grows past ``limit``."""
    # One byte more than the size: a file that fills it has grown since, so read on.
    want = min(status.st_size + 1, _LARGEST_READ)
    first = os.read(descriptor, want)
    if len(first) < want:
        return first
    pieces = [first]
    total = len(first)
    while pieces[-1]:
        if limit is not None and total > limit:
            raise FileTooLarge(total, limit)  # still being written to: stop, not chase it
        pieces.append(os.read(descriptor, _LARGEST_READ))
        total += len(pieces[-1])
    return b"".join(pieces)


def _newline_style(text: str) -> str:
    index = text.find("\n")
    carriage = text.find("\r")
    if carriage != -1 and (index == -1 or carriage < index):
        return "\r\n" if text.startswith("\r\n", carriage) else "\r"
    return "\n"


class FileChanged(Exception):
    """The file to be replaced is no longer the one that was read: something else wrote
    to it, replaced it or removed it in the meantime."""


#: Bytes of a file's name kept in its temporary file's name: with the 23 bytes added
#: around it, this stays under the shortest limit on a name in common use (143 bytes,
#: eCryptfs; 255 elsewhere), so a file with a name near the limit can still be written.
_NAME_IN_TEMPORARY = 100


def write_atomically(
    path: Union[str, "os.PathLike[str]"],
    data: bytes,
    *,
    mode: Optional[int] = None,
    sync: bool = True,
    unchanged_since: Optional[os.stat_result] = None,
) -> None:
    """Replace (or create) the file at ``path`` with ``data``, or leave it exactly as it was.

    The data goes to a temporary file in the same directory, is flushed to disk
    (``sync``; a cache entry that can be rebuilt skips it), takes ``mode`` (by default
    the permissions of the file it replaces, or those a new file gets) and the owner and
    group of the file it replaces, and is renamed over it: a crash at any point leaves
    the old file or the new one, never part of one, and a concurrent reader sees one or
    the other. A symbolic link stays a link: the file it points to is replaced.

    With ``unchanged_since`` (the file's status when the caller read it), a file that is
    no longer that version (another inode, size, modification or change time), checked
    once more just before the rename, raises :class:`FileChanged` and is left as it is:
    text written to it meanwhile is kept, not overwritten. Otherwise raises
    :class:`OSError` (:class:`PermissionError` when the owner and group cannot be kept).
    No temporary file is left behind.
    """
    import tempfile  # only runs that write pay for importing it

    # Replacing a symbolic link would turn it into a copy and leave its file as it was.
    target = os.path.realpath(path)
    old = _status(target)
    if unchanged_since is not None:
        _check_unchanged(old, unchanged_since)  # before any work, and again at the end
    directory, name = os.path.split(target)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{_shortened(name)}.", suffix=".chatlint-tmp", dir=directory
    )
    try:
        with open(descriptor, "wb") as handle:
            if old is not None:
                _keep_owner(descriptor, old)
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(descriptor)
        # After the owner: changing the owner clears set-user-ID and set-group-ID bits.
        os.chmod(temporary, _mode_of(old) if mode is None else mode)
        if unchanged_since is not None:
            _check_unchanged(_status(target), unchanged_since)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _status(path: str) -> Optional[os.stat_result]:
    """The status of the file at ``path``; ``None`` when there is none to replace."""
    try:
        return os.stat(path)
    except OSError:
        return None


def _check_unchanged(now: Optional[os.stat_result], then: os.stat_result) -> None:
    if now is None or _version(now) != _version(then):
        raise FileChanged()


def _version(status: os.stat_result) -> Tuple[int, int, int, int, int]:
    # The change time moves with every write and cannot be set back (the modification
    # time can); size and inode catch a write or a replacement within one clock tick.
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _keep_owner(descriptor: int, old: os.stat_result) -> None:
    """Give the new file the owner and group of the one it replaces: a run as root would
    otherwise hand a user's file to root."""
    if not hasattr(os, "fchown"):
        return  # Windows: files have no owner and group of this kind
    new = os.fstat(descriptor)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid):
        return
    try:
        os.fchown(descriptor, old.st_uid, old.st_gid)
    except PermissionError as error:
        raise PermissionError(error.errno, "cannot keep the file's owner and group") from error


def _shortened(name: str) -> str:
    """``name`` cut to its first :data:`_NAME_IN_TEMPORARY` bytes (whole characters)."""
    encoded = os.fsencode(name)
    if len(encoded) <= _NAME_IN_TEMPORARY:
        return name
    return encoded[:_NAME_IN_TEMPORARY].decode("utf-8", "ignore")


def _mode_of(old: Optional[os.stat_result]) -> int:
    """The permissions of the file replaced, or those ``open`` gives a new file."""
    if old is not None:
        return stat.S_IMODE(old.st_mode)
    umask = os.umask(0)  # read it the only way there is, and put it straight back
    os.umask(umask)
    return 0o666 & ~umask
