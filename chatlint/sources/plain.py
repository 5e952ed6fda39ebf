"""Plain text: the whole file is one message."""

from __future__ import annotations

from typing import Iterator

from chatlint.message import Message


def read(text: str, kind: str) -> Iterator[Message]:
    if text.strip():
        yield Message(text, kind=kind)
