"""Inline control comments: ``chatlint: disable CL101`` and friends, in any format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

from chatlint.sources import Suppression
from chatlint.violation import Span

_DIRECTIVE = re.compile(
    r"chatlint:\s*(?P<action>disable-next-line|disable-line|disable|enable)\b\s*=?\s*(?P<codes>[\w\s,]*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Directive:
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
                if later.action == "enable" and (not later.codes or set(directive.codes) <= set(later.codes)):
                    end = later.comment.start
                    break
            suppressions.append(Suppression(directive.codes, Span(directive.comment.end, end), directive.comment))
        elif directive.action == "disable-next-line":
            suppressions.append(Suppression(directive.codes, _next_line(text, directive.comment.end), directive.comment))
        elif directive.action == "disable-line":
            suppressions.append(Suppression(directive.codes, _line_of(text, directive.comment.start), directive.comment))
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
