"""Input formats: each turns a file's text into the messages it holds.

A format module has ``read(text, options) -> Document``. It decides what in the file is
prose, builds each message with a source map back into the file, and reports the
inline control comments (suppressions) it found. Modules are imported only when a file
of their format is read, so start-up stays fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple, Union

from chatlint.errors import InputError
from chatlint.message import Message

if TYPE_CHECKING:
    # Only formats with comments (Markdown, HTML, YAML) load the module that reads them.
    from chatlint.suppression_comments import Suppression
    from chatlint.violation import Edit


@dataclass(frozen=True)
class Unread:
    """Part of a file a format could not read while it read the rest (an invalid line
    of JSON Lines, Markdown nested too deeply): the first such place, what is wrong
    there, and how many places there were."""

    line: int
    problem: str
    count: int = 1

    def plus(self, other: Optional[Unread]) -> Unread:
        """This and ``other`` reported as one: the earlier place, and both counts."""
        if other is None:
            return self
        first = self if self.line <= other.line else other
        return Unread(first.line, first.problem, self.count + other.count)

    def error(self, where: str) -> InputError:
        """The one line that reports it: the first place, and how many more there were."""
        more = self.count - 1
        also = f"; {more} more line{'s' if more != 1 else ''} not read either" if more else ""
        return InputError(f"line {self.line}: {self.problem}{also}", where)


@dataclass
class Document:
    """What a format read from one file."""

    messages: List[Message] = field(default_factory=list)
    suppressions: List[Suppression] = field(default_factory=list)
    #: What the format could not read and skipped; the rest of the file is linted.
    unread: Optional[Unread] = None


@dataclass(frozen=True)
class ReadOptions:
    """Settings a format needs: the message kind and format-specific field names."""

    kind: str = "chat"
    #: Transcript speaker roles whose turns are linted.
    roles: Tuple[str, ...] = ("agent",)
    #: Keys (globs) whose string values are messages in YAML/JSON macro files.
    message_keys: Tuple[str, ...] = (
        "body",
        "comment",
        "content",
        "content_html",
        "text",
        "*Comment",
        "*-message",
        "*_html",
    )
    #: The line of the file the text starts on, when a large file is read in pieces.
    first_line: int = 1


@dataclass(frozen=True)
class Format:
    """One kind of input file."""

    name: str
    #: The module that reads it (``read(text, options) -> Document``).
    module: str
    #: The kind of message the format holds when config does not say otherwise.
    kind: str = "chat"
    #: Each line stands alone (JSON Lines), so a large file can be read a piece at a time.
    line_records: bool = False
    #: The function of ``module`` that reads it (one module reads JSON and YAML macros).
    reader: str = "read"

    def suppression_edit(
        self, text: str, offset: int, code: str, options: ReadOptions
    ) -> Optional[Edit]:
        """An edit adding a comment, in this format's own syntax, that silences ``code``
        where ``offset`` is (the line, or the macro value); ``None`` for a format with
        no comments (plain text, JSON, JSON Lines)."""
        reader = sys.modules.get(self.module) or importlib.import_module(self.module)
        suppress = getattr(reader, "suppression_edit", None)
        return None if suppress is None else suppress(text, offset, code, options)

    def read(self, text: str, options: ReadOptions) -> Document:
        # sys.modules first: import_module costs more than the read of a short reply.
        reader = sys.modules.get(self.module) or importlib.import_module(self.module)
        document: Document = getattr(reader, self.reader)(text, options)
        return document


PLAIN_TEXT = Format("text", "chatlint.sources.plain", "chat")
MARKDOWN = Format("markdown", "chatlint.sources.markdown", "article")
HTML = Format("html", "chatlint.sources.html", "article")
JSON_MACROS = Format("json", "chatlint.sources.macros", "chat")
YAML_MACROS = Format("yaml", "chatlint.sources.macros", "chat", reader="read_yaml")
TRANSCRIPT = Format("jsonl", "chatlint.sources.transcript", "chat", line_records=True)

#: Formats by file suffix; a directory walk lints only files with these suffixes.
FORMATS_BY_SUFFIX: Dict[str, Format] = {
    ".txt": PLAIN_TEXT,
    ".text": PLAIN_TEXT,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".mdx": MARKDOWN,
    ".html": HTML,
    ".htm": HTML,
    ".json": JSON_MACROS,
    ".yml": YAML_MACROS,
    ".yaml": YAML_MACROS,
    ".jsonl": TRANSCRIPT,
    ".ndjson": TRANSCRIPT,
}

FORMATS_BY_NAME: Dict[str, Format] = {fmt.name: fmt for fmt in FORMATS_BY_SUFFIX.values()}


def format_for(path: Union[str, PurePath]) -> Optional[Format]:
    """The format of ``path`` by its suffix, or ``None`` when chatlint does not know it."""
    return FORMATS_BY_SUFFIX.get(os.path.splitext(os.fspath(path))[1].lower())
