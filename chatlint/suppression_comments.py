"""Suppression comments: reading ``chatlint: disable CL101`` and friends, in any format.

Each input format finds its comments (an HTML comment in Markdown and HTML, a ``#``
line in YAML) and hands their text here; this module reads the directive in a comment
and works out the region of the file it silences. :mod:`chatlint.suppression` applies
the suppressions to a file's findings and reports the ones that silence nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

from chatlint.position import LineIndex
from chatlint.violation import Edit, Span

_DIRECTIVE = re.compile(
    r"chatlint:\s*(?P<action>disable-next-line|disable-line|disable|enable)\b\s*=?\s*(?P<codes>[\w\s,]*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Suppression:
    """An inline control comment: ``codes`` (all when empty) are silenced in ``region``.

    ``comment`` is where the comment itself is, so that a suppression that silences
    nothing, or names an unknown code, can be reported there.
    """

    codes: Tuple[str, ...]
    region: Span
    comment: Span


@dataclass(frozen=True)
class Directive:
    """One ``chatlint:`` comment as written, before the region it covers is known."""

    #: ``disable``, ``enable``, ``disable-line`` or ``disable-next-line``.
    action: str
    codes: Tuple[str, ...]
    #: Where the comment stands in the source.
    comment: Span


def parse(comment_text: str, comment: Span) -> Optional[Directive]:
    """The directive in one comment's text, or ``None`` for an ordinary comment."""
    match = _DIRECTIVE.search(comment_text)
    if match is None:
        return None
    codes = tuple(code.upper() for code in re.split(r"[\s,]+", match.group("codes")) if code)
    return Directive(match.group("action").lower(), codes, comment)


_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def in_html_comments(text: str, start: int, end: int) -> List[Directive]:
    """The directives in the ``<!-- ... -->`` comments of ``text[start:end]``."""
    found = []
    for match in _HTML_COMMENT.finditer(text, start, end):
        directive = parse(match.group(1), Span(*match.span()))
        if directive is not None:
            found.append(directive)
    return found


def by_line(text: str, lines: LineIndex) -> Dict[int, Directive]:
    """The directives in ``#`` comments (YAML), by 0-based line."""
    found = {}
    for line_number in range(lines.line_count):
        start = lines.offset_of_line(line_number)
        end = lines.offset_of_line(line_number + 1)
        hash_at = text.find("#", start, end)
        if hash_at < 0 or "chatlint" not in text[hash_at:end]:
            continue
        comment_end = len(text[start:end].rstrip("\r\n")) + start
        directive = parse(text[hash_at + 1 : comment_end], Span(hash_at, comment_end))
        if directive is not None:
            found[line_number] = directive
    return found


def for_value(directives: Dict[int, Directive], key_line: int, value: Span) -> List[Suppression]:
    """What silences one value of a YAML macro: a directive on its key's line or on the
    line above, whatever the directive's action, covers the whole value."""
    found = []
    for line in (key_line, key_line - 1):
        directive = directives.get(line)
        if directive is not None:
            found.append(Suppression(directive.codes, value, directive.comment))
    return found


def html_comment_edit(text: str, offset: int, code: str) -> Edit:
    """An edit that ends the line holding ``offset`` with
    ``<!-- chatlint: disable-line CODE -->`` (Markdown and HTML), before any trailing
    white space or backslash, so a Markdown hard line break stays one."""
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    if end > 0 and text[end - 1] == "\r":
        end -= 1
    start = text.rfind("\n", 0, offset) + 1
    content_end = end
    while content_end > start and text[content_end - 1] in " \t":
        content_end -= 1
    if content_end > start and text[content_end - 1] == "\\":
        content_end -= 1
    return Edit(Span(content_end, content_end), f" <!-- chatlint: disable-line {code} -->")


def comment_line_edit(text: str, line: int, marker: str, code: str) -> Edit:
    """An edit that puts ``MARKER chatlint: disable CODE`` on a line of its own above
    0-based ``line``, indented like it (a YAML key: the comment covers its value)."""
    lines = LineIndex(text)
    start = lines.offset_of_line(line)
    line_text = text[start : lines.offset_of_line(line + 1)]
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    newline = "\r\n" if line_text.endswith("\r\n") else "\r" if line_text.endswith("\r") else "\n"
    return Edit(Span(start, start), f"{indent}{marker} chatlint: disable {code}{newline}")


def resolve(text: str, directives: Iterable[Directive]) -> List[Suppression]:
    """Turn directives, in source order, into the regions they silence.

    ``disable`` runs to the next ``enable`` that covers its codes (or to the end of the
    file); ``disable-next-line`` covers the next line that is not blank; and
    ``disable-line`` covers the comment's own line.
    """
    directives = sorted(directives, key=lambda directive: directive.comment.start)
    suppressions: List[Suppression] = []
    for index, directive in enumerate(directives):
        if directive.action == "disable":
            end = len(text)
            for later in directives[index + 1 :]:
                if later.action == "enable" and (
                    not later.codes or set(directive.codes) <= set(later.codes)
                ):
                    end = later.comment.start
                    break
            suppressions.append(
                Suppression(directive.codes, Span(directive.comment.end, end), directive.comment)
            )
        elif directive.action == "disable-next-line":
            suppressions.append(
                Suppression(
                    directive.codes, _next_line(text, directive.comment.end), directive.comment
                )
            )
        elif directive.action == "disable-line":
            suppressions.append(
                Suppression(
                    directive.codes, _line_of(text, directive.comment.start), directive.comment
                )
            )
    return suppressions


def _line_of(text: str, offset: int) -> Span:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return Span(start, len(text) if end < 0 else end)


def _next_line(text: str, offset: int) -> Span:
    position = text.find("\n", offset)
    while position >= 0:
        line = _line_of(text, position + 1)
        if text[line.start : line.end].strip():
            return line
        if line.end >= len(text):
            break
        position = line.end
    return Span(len(text), len(text))
