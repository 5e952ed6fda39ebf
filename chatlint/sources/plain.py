"""Plain text: the whole file is one message."""

from __future__ import annotations

from chatlint.message import Message
from chatlint.sources import Document, ReadOptions


def read(text: str, options: ReadOptions) -> Document:
    return Document([Message(text, kind=options.kind)] if text.strip() else [])
