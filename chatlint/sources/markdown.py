"""Markdown articles, parsed with markdown-it-py (CommonMark plus tables).

Headings, paragraphs, list items, table cells, block quotes and link text are prose.
Fenced and indented code, inline code (kept as one masked word), HTML, link targets,
images and YAML/TOML front matter are not. Every prose block becomes a paragraph of one
``article`` message whose source map points into the original file, so findings land on
the right line and column however the Markdown is wrapped or marked up.
"""

from __future__ import annotations

import functools
import gc
import re
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence

from chatlint import suppression_comments
from chatlint.message import Message, SegmentBuilder
from chatlint.position import LineIndex
from chatlint.sources import Document, ReadOptions, Unread
from chatlint.suppression_comments import Directive, in_html_comments, resolve
from chatlint.violation import Edit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token

_FRONT_MATTER = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?^(?:---|\+\+\+|\.\.\.)[ \t]*$", re.S | re.M
)
_PARAGRAPH_BREAK = "\n\n"


@functools.lru_cache(maxsize=1)
def _parser() -> "MarkdownIt":
    from markdown_it import MarkdownIt
    from markdown_it.parser_block import ParserBlock

    class DepthNotingBlock(ParserBlock):
        """The block parser, noting the first line it skips for being nested too deeply
        (past ``maxNesting``, markdown-it drops the rest of a block without a word)."""

        def tokenize(self, state: "StateBlock", startLine: int, endLine: int) -> None:
            if state.level >= state.md.options.maxNesting and _TOO_DEEP not in state.env:
                line = state.skipEmptyLines(startLine)
                if line < endLine and state.sCount[line] >= state.blkIndent:
                    state.env[_TOO_DEEP] = line
            super().tokenize(state, startLine, endLine)

    parser = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    noting = DepthNotingBlock()
    noting.ruler = parser.block.ruler  # the rules as configured above
    parser.block = noting
    # Keep entities and backslash escapes as their own tokens: their source is longer
    # than their text, and the source map must know it.
    parser.core.ruler.disable("text_join")
    return parser


#: Where a parse notes the first line (0-based) it skipped for being nested too deeply.
_TOO_DEEP = "chatlint_too_deep"


def _parse(body: str, env: Dict[str, Any]) -> List["Token"]:
    """The token stream, built with the cycle collector paused: a parse makes a large
    list of tokens without cycles, and collecting while it grows only walks the same
    live tokens again and again, which made time grow faster than the file."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parser().parse(body, env)
    finally:
        if enabled:
            gc.enable()


def read(text: str, options: ReadOptions) -> Document:
    body = _blank_front_matter(text)
    line_starts = LineIndex(text)
    builder = SegmentBuilder()
    directives: List[Directive] = []
    cursor = 0
    env: Dict[str, Any] = {}
    for token in _parse(body, env):
        if token.type == "html_block" and token.map:
            start = line_starts.offset_of_line(token.map[0])
            directives.extend(
                in_html_comments(text, start, line_starts.offset_of_line(token.map[1]))
            )
        if token.type != "inline" or not token.map:
            continue
        block_start = line_starts.offset_of_line(token.map[0])
        block_end = line_starts.offset_of_line(token.map[1])
        cursor = max(cursor, block_start)
        if len(builder):
            builder.replace(_PARAGRAPH_BREAK, cursor, cursor)
        cursor = _inline(text, token.children or [], builder, cursor, block_end, directives)
    message_text, source_map = builder.build()
    messages = (
        [Message(message_text, kind=options.kind, source_map=source_map)]
        if message_text.strip()
        else []
    )
    too_deep = env.get(_TOO_DEEP)
    unread = (
        None
        if too_deep is None
        else Unread(too_deep + 1, "Markdown nested too deeply; the text inside is not linted")
    )
    return Document(messages, resolve(text, directives), unread)


def _inline(
    text: str,
    children: Sequence["Token"],
    builder: SegmentBuilder,
    cursor: int,
    end: int,
    directives: List[Directive],
) -> int:
    """Copy the prose of one inline token into ``builder``; returns the new cursor."""
    for child in children:
        kind = child.type
        if kind == "text":
            found = text.find(child.content, cursor, end)
            if found >= 0:
                builder.copy(child.content, found)
                cursor = found + len(child.content)
        elif kind == "text_special":
            found = text.find(child.markup, cursor, end)
            if found >= 0:
                builder.replace(child.content, found, found + len(child.markup))
                cursor = found + len(child.markup)
        elif kind in ("softbreak", "hardbreak"):
            found = text.find("\n", cursor, end)
            if found >= 0:
                # A wrapped line is a space to the reader; a hard break is a line break.
                builder.replace(" " if kind == "softbreak" else "\n", found, found + 1)
                cursor = found + 1
        elif kind == "code_inline":
            found = text.find(child.markup + child.content, cursor, end)
            if found >= 0:
                length = len(child.markup) * 2 + len(child.content)
                builder.copy(text[found : found + length], found)  # prose masks `code`
                cursor = found + length
        elif kind == "html_inline":
            found = text.find(child.content, cursor, end)
            if found >= 0:
                directives.extend(in_html_comments(text, found, found + len(child.content)))
                cursor = found + len(child.content)
        elif kind == "image":
            found = text.find(")", cursor, end)
            cursor = found + 1 if found >= 0 else cursor
    return cursor


def _blank_front_matter(text: str) -> str:
    """Front matter replaced by as many blank lines, so line numbers stay put."""
    match: Optional[re.Match[str]] = _FRONT_MATTER.match(text)
    if match is None:
        return text
    return "\n" * match.group().count("\n") + text[match.end() :]


def suppression_edit(text: str, offset: int, code: str, options: ReadOptions) -> Edit:
    """A ``<!-- chatlint: disable-line CODE -->`` comment at the end of the line."""
    return suppression_comments.html_comment_edit(text, offset, code)
