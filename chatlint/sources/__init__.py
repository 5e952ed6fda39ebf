"""Input formats: each turns a file's text into the messages it holds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Callable, Dict, Iterator, Optional

from chatlint.message import Message


@dataclass(frozen=True)
class Format:
    """One kind of input file."""

    name: str
    #: Turns the file's text into messages; the default kind is passed in.
    read: Callable[[str, str], Iterator[Message]]
    #: The kind of message the format holds when config does not say otherwise.
    kind: str = "chat"


def _plain(text: str, kind: str) -> Iterator[Message]:
    from chatlint.sources.plain import read

    return read(text, kind)


PLAIN_TEXT = Format("text", _plain, "chat")

#: Formats by file suffix; a directory walk lints only files with these suffixes.
FORMATS_BY_SUFFIX: Dict[str, Format] = {
    ".txt": PLAIN_TEXT,
    ".text": PLAIN_TEXT,
}


def format_for(path: PurePath) -> Optional[Format]:
    """The format of ``path`` by its suffix, or ``None`` when chatlint does not know it."""
    return FORMATS_BY_SUFFIX.get(path.suffix.lower())
