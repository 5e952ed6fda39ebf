"""HTML pages and HTML fragments (as in macro bodies): the text a reader sees.

Tags, attributes, scripts and styles are dropped; entities are decoded with the
source map pointing at the whole entity; block elements start a new paragraph; inline
code becomes one masked word; comments may carry ``chatlint:`` directives.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser
from typing import Iterable, Iterator, List, Optional, Tuple

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
#: Stands in for a "<" that opens markup the text never closes (see :func:`_defused`):
#: the parser reads it as data wherever it reads such a "<" as data, and it is one
#: character, so every offset stays where it was.
_STAND_IN = "\ufffd"
# How the standard parser finds the end of a comment and of the marked sections it
# knows (``_markupbase``): what it searches for from each opener.
_COMMENT_CLOSE = re.compile(r"--\s*>")
_SECTION_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*")
_SECTION_CLOSE = re.compile(r"]\s*]\s*>")
_OFFICE_SECTION_CLOSE = re.compile(r"]\s*>")  # Office's <![if ...]>
_SECTIONS = {
    **dict.fromkeys(("temp", "cdata", "ignore", "include", "rcdata"), _SECTION_CLOSE),
    **dict.fromkeys(("if", "else", "endif"), _OFFICE_SECTION_CLOSE),
}


class _Extractor(HTMLParser):
    def __init__(self, text: str, defused: bool = False) -> None:
        super().__init__(convert_charrefs=False)
        self.source = text
        #: The parser reads a copy with stand-ins for some "<" (:func:`_defused`).
        self.defused = defused
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
        offset = self._offset()
        if self.defused and _STAND_IN in data:
            data = self.source[offset : offset + len(data)]  # the "<" the stand-in replaced
        self.builder.copy(data, offset)

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
        if self.defused and _STAND_IN in data:  # "<![endif]" inside a comment, say
            data = self.source[start + 4 : start + 4 + len(data)]
        directive = parse(data, Span(start, start + len(data) + 7))
        if directive is not None:
            self.directives.append(directive)


def extract(text: str) -> Tuple[str, SourceMap, List[Directive]]:
    """The visible text of an HTML document or fragment, its map, and its directives."""
    parsed = _defused(text) if _parser_rescans() else text
    parser = _Extractor(text, defused=parsed is not text)
    try:
        parser.feed(parsed)
        parser.close()
    except AssertionError as error:
        # The standard parser gives up on some malformed markup ("<![" that opens no
        # known section) with an assertion, in Python before 3.13.
        line, _ = parser.getpos()
        raise InputError(f"malformed HTML markup the parser cannot read (line {line})") from error
    message_text, source_map = parser.builder.build()
    return message_text, source_map, parser.directives


def _defused(text: str) -> str:
    """``text``, or a copy of it in which each "<" that opens markup the text never
    closes is a :data:`_STAND_IN`.

    The standard library's parser, until gh-135462 (:func:`_parser_rescans`), looks
    for the end of such markup, a tag's ">" or a comment's "-->", from every one of
    those "<" to the end of the text: ``'<a ' * 20000`` (60 KB) took 45 s, and a few
    hundred KB hours. Markup that is never closed is text to that parser anyway (at the
    end of the input it hands it over as data), so the copy reads as text too, and
    parses in linear time; what follows such a "<" is read as markup, not as its text.
    """
    last_close = text.rfind(">")
    cut = list(_all(text, "<", last_close + 1))  # no ">" after them: no tag ends
    before = max(last_close, 0)  # those after the last ">" are cut already
    cut.extend(_never_closed(text, _all(text, "<!--", 0, before), 4, _COMMENT_CLOSE))
    sections = [(start, _section_closer(text, start)) for start in _all(text, "<![", 0, before)]
    for closer in (_SECTION_CLOSE, _OFFICE_SECTION_CLOSE):
        same = (start for start, its_closer in sections if its_closer is closer)
        cut.extend(_never_closed(text, same, 3, closer))
    if not cut:
        return text
    pieces = []
    previous = 0
    for start in sorted(set(cut)):
        pieces.append(text[previous:start])
        pieces.append(_STAND_IN)
        previous = start + 1
    pieces.append(text[previous:])
    return "".join(pieces)


def _all(text: str, opener: str, start: int, end: Optional[int] = None) -> Iterator[int]:
    """Where ``opener`` starts in ``text[start:end]``."""
    end = len(text) if end is None else end
    found = text.find(opener, start, end)
    while found != -1:
        yield found
        found = text.find(opener, found + 1, end)


def _never_closed(
    text: str, openers: Iterable[int], skip: int, closer: "re.Pattern[str]"
) -> Iterator[int]:
    """The ``openers`` (ascending) after which, from ``skip`` characters on, the text
    holds no ``closer``. One search serves every opener before the closer it found, so
    the whole costs one pass over the text."""
    found: Optional[re.Match[str]] = None
    remaining = iter(openers)
    for start in remaining:
        if found is None or found.start() < start + skip:
            found = closer.search(text, start + skip)
            if found is None:
                yield start
                yield from remaining  # no closer after this one: none after the rest either
                return


def _section_closer(text: str, start: int) -> Optional["re.Pattern[str]"]:
    """What the parser looks for to close the ``<![`` at ``start``: "]]>" (``CDATA``),
    "]>" (Office's ``<![if ...]>``), or nothing (it gives up on the spot)."""
    name = _SECTION_NAME.match(text, start + 3)
    if name is None:
        return None
    return _SECTIONS.get(name.group().lower())


@functools.lru_cache(maxsize=None)
def _parser_rescans() -> bool:
    """Whether this Python's parser has the flaw :func:`_defused` works around.

    Fixed in 3.13.4 and the security releases of 3.9 to 3.12 (gh-135462), which also
    close a comment left open at the end of the input where the old parser hands it
    over as text: that difference tells them apart (patched builds keep their version).
    """

    class Probe(HTMLParser):
        closed = False

        def handle_comment(self, data: str) -> None:
            self.closed = True

    probe = Probe()
    probe.feed("<!--x")
    probe.close()
    return not probe.closed


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
