"""HTML pages and HTML fragments (as in macro bodies): the text a reader sees.

Tags, attributes, scripts and styles are dropped; entities are decoded with the
source map pointing at the whole entity; block elements start a new paragraph; inline
code becomes one masked word; comments may carry ``chatlint:`` directives.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import List, Optional, Tuple

from chatlint import suppression_comments
from chatlint.errors import InputError
from chatlint.message import Message, SegmentBuilder, SourceMap
from chatlint.position import LineIndex
from chatlint.prose import MASKED_OBJECT
from chatlint.sources import Document, ReadOptions
from chatlint.suppression_comments import Directive, parse, resolve
from chatlint.violation import Edit, Span

_BLOCK = frozenset(
    "address article aside blockquote dd details div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p section summary table tbody td tfoot "
    "th thead tr ul".split()
)
_SKIPPED = frozenset(("script", "style", "pre", "template", "noscript", "head", "title"))
_MASKED = frozenset(("code", "kbd", "samp"))
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


class _Extractor(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = text
        self.lines = LineIndex(text)
        self.builder = SegmentBuilder()
        self.directives: List[Directive] = []
        self.skipping = 0
        self.masked_from: Optional[int] = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines.offset_of_line(line - 1) + column

    def _break(self, text: str) -> None:
        offset = self._offset()
        if len(self.builder):
            self.builder.replace(text, offset, offset)

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _MASKED and self.masked_from is None:
            self.masked_from = self._offset()
        elif tag == "br":
            self._break("\n")
        elif tag in _BLOCK:
            self._break("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in _MASKED and self.masked_from is not None:
            end = self._offset() + len(f"</{tag}>")
            self.builder.replace(MASKED_OBJECT, self.masked_from, end)
            self.masked_from = None
        elif tag in _BLOCK:
            self._break("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skipping or self.masked_from is not None:
            return
        self.builder.copy(data, self._offset())

    def _entity(self) -> None:
        if self.skipping or self.masked_from is not None:
            return
        start = self._offset()
        match = _ENTITY.match(self.source, start)
        if match is not None:
            self.builder.replace(html.unescape(match.group()), start, match.end())

    def handle_entityref(self, name: str) -> None:
        self._entity()

    def handle_charref(self, name: str) -> None:
        self._entity()

    def handle_comment(self, data: str) -> None:
        start = self._offset()
        directive = parse(data, Span(start, start + len(data) + 7))
        if directive is not None:
            self.directives.append(directive)


def extract(text: str) -> Tuple[str, SourceMap, List[Directive]]:
    """The visible text of an HTML document or fragment, its map, and its directives."""
    parser = _Extractor(text)
    try:
        parser.feed(text)
        parser.close()
    except AssertionError as error:
        # The standard parser gives up on some malformed markup ("<![" that opens no
        # known section) with an assertion, in Python before 3.13.
        line, _ = parser.getpos()
        raise InputError(f"malformed HTML markup the parser cannot read (line {line})") from error
    message_text, source_map = parser.builder.build()
    return message_text, source_map, parser.directives


def read(text: str, options: ReadOptions) -> Document:
    message_text, source_map, directives = extract(text)
    messages = (
        [
            Message(
                message_text,
                kind=options.kind,
                source_map=source_map,
                encode=lambda text: html.escape(text, quote=False),
            )
        ]
        if message_text.strip()
        else []
    )
    return Document(messages, resolve(text, directives))


def suppression_edit(text: str, offset: int, code: str, options: ReadOptions) -> Edit:
    """A ``<!-- chatlint: disable-line CODE -->`` comment at the end of the line."""
    return suppression_comments.html_comment_edit(text, offset, code)
