"""A template placeholder that was never filled in.

## What it does
Flags blanks an author meant to fill before sending: bracketed blanks such as
`[customer name]`, `[restate their issue]` or `[INSERT DATE]`, round-bracket blanks
such as `(link)` or `(insert name)`, angle-bracket blanks such as `<NAME>`, runs of
capital X (`XXX`, `$XX.XX`, `XX/XX/XXXX`), "INSERT ... HERE", `TBD`, `TODO`, `FIXME`,
"lorem ipsum", and blanks of underscores.

Not flagged: Markdown links (`[text](url)`), checkboxes, HTML tags, real template
variables (`{{ customer.name }}`), UI labels and paths (`[Save changes]`,
`Settings > [your name] > Password`), a request that lists what to send ("DM us your
[order number, e-mail]", "DM us the flight details [date, time and route]"), a word in
brackets that says what an ID is ("your Adobe ID (email)"), a fill-in-the-blank joke
("what's better than ___?"), and, in help-centre articles, a placeholder the reader is
told to fill in technical steps ("Replace [UUID] with the ID you copied",
`<your-api-key>`); in articles only author markers are flagged (TODO, TBD, FIXME, lorem
ipsum, "INSERT ... HERE").

## Why is this bad?
Macros are templates, and the agent in a hurry sends them as they are. A reply that
greets "Hi [customer name]" tells the customer they are getting a form letter, and a
`$XX.XX` where the refund amount should be is worse than no reply.

## Example
```text
Hi [customer name], your refund of $XX.XX is on its way.
```

Use instead:
```text
Hi {{ ticket.requester.first_name }}, your refund of {{ refund.amount }} is on its way.
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Tuple

from chatlint.lazy_pattern import LazyPattern
from chatlint.message import Message
from chatlint.phrases import compile_phrases, merged
from chatlint.rule import Rule
from chatlint.toml_files import data_beside
from chatlint.violation import Span, Violation

DATA = data_beside(__file__)

_SQUARE = LazyPattern(r"(?<![\]\\!])\[([^\[\]\n]{1,80})\](?![(\[:])")
_ANGLE = LazyPattern(r"<<?([^<>\n]{1,60})>>?")
_HTML_TAG = LazyPattern(r"/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s+[^<>]*)?/?")
_HTML_TAG_NAMES = frozenset(DATA["html-tags"])
# Runs of X; not inside an identifier such as "act-XXXXX", where docs mean "your ID".
_EXES = LazyPattern(r"(?<![\w$£€#\-_/.])[$£€#]?X{2,}(?:[.,/:\-]X+)*(?![\w\-])")
_INSERT_HERE = LazyPattern(r"\binsert\b[^.\n\]]{0,60}?\bhere\b", re.IGNORECASE)
_UNDERSCORES = LazyPattern(r"(?<!\w)_{3,}(?!\w)")
_MARKER = LazyPattern(r"(?<![\w-])[A-Z]{3,5}(?![\w-])")
_CAPS_BLANK = LazyPattern(r"[A-Z][A-Z0-9_ .\-/]*")
_LOREM = LazyPattern(r"\blorem ipsum\b", re.IGNORECASE)
# "(link)", "(insert name)": a round-bracket blank holds nothing but a placeholder.
_ROUND = LazyPattern(r"\(([^()\n]{1,40})\)")
# "DM us your [order number, e-mail]": a request that lists what to send.
_REQUEST_BEFORE = LazyPattern(
    r"(?:\b(?:send|dm|share|provide|include|give|tell|confirm|attach|with)\b[^.!?\n]{0,20}?)?"
    r"\b(?:your|the|details?|info|information)\s*$",
    re.IGNORECASE,
)
_LIST_INSIDE = LazyPattern(r",|/|\bor\b|\band\b", re.IGNORECASE)
# A word the brackets after it explain: "your Adobe ID (email)", "username (e-mail)".
_GLOSSED = LazyPattern(r"\b(?:ID|id|username|login|handle)\s*$")


@dataclass(frozen=True)
class PlaceholderOptions:
    extend_placeholder_words: Tuple[str, ...] = field(
        default=(),
        metadata={"doc": 'More words that make bracketed text a placeholder ("voucher code").'},
    )
    extend_markers: Tuple[str, ...] = field(
        default=(),
        metadata={"doc": 'More capitalised to-do markers, written in lower case ("wip").'},
    )


class UnfilledPlaceholder(Rule):
    code = "CL601"
    name = "unfilled-placeholder"
    summary = "Template placeholder left unfilled"
    Options = PlaceholderOptions

    def __init__(self, options: PlaceholderOptions | None = None) -> None:
        super().__init__(options)
        self.placeholder_words = compile_phrases(
            merged(DATA["placeholder-words"], self.options.extend_placeholder_words)
        )
        self.markers = frozenset(merged(DATA["markers"], self.options.extend_markers))
        self.round_blanks = frozenset(DATA["round-bracket-blanks"])
        # Whether any marker is in the text at all, in one scan rather than one per marker.
        self.any_marker = re.compile(
            "|".join(re.escape(marker.upper()) for marker in sorted(self.markers)) or "(?!)"
        )

    def check(self, message: Message) -> Iterator[Violation]:
        text = message.text
        spans = set()
        # Each kind of blank is looked for only when its telltale character is there:
        # most messages hold none, and this rule then costs a few substring tests.
        # In an article, bracketed and X'd blanks are for the reader to fill in
        # ("Replace [UUID] with the ID you copied"); only author markers count there.
        blanks = message.kind != "article"
        if blanks and "[" in text:
            for match in _SQUARE.finditer(text):
                if self._is_placeholder(match.group(1)) and not _is_request_or_path(message, match):
                    spans.add(Span(*match.span()))
        if blanks and "<" in text:
            for match in _ANGLE.finditer(text):
                inner = match.group(1).strip()
                tag = _HTML_TAG.fullmatch(inner)
                if tag and tag.group(1).lower() in _HTML_TAG_NAMES and not inner.isupper():
                    continue  # <br>, <a href="...">, </p>
                if "@" in inner or "://" in inner:
                    continue  # <me@example.com>, <https://...>: autolinks
                if self._is_placeholder(inner):
                    spans.add(Span(*match.span()))
        if blanks and "(" in text:
            for match in _ROUND.finditer(text):
                inner = match.group(1).strip().lower()
                if inner in self.round_blanks or inner.startswith("insert "):
                    if _GLOSSED.search(text, max(match.start() - 20, 0), match.start()):
                        continue  # "your Adobe ID (email)": says what the ID is
                    spans.add(Span(*match.span()))
        lowered = text.lower()
        for pattern, telltale, where in (
            (_EXES, "XX", text),
            (_INSERT_HERE, "insert", lowered),
            (_LOREM, "lorem", lowered),
        ):
            if telltale in where and (blanks or pattern is not _EXES):
                spans.update(Span(*match.span()) for match in pattern.finditer(text))
        if blanks and "___" in text:
            for match in _UNDERSCORES.finditer(text):
                line_start = text.rfind("\n", 0, match.start()) + 1
                line_end = text.find("\n", match.end())
                if (
                    text[line_start : line_end if line_end >= 0 else len(text)].strip()
                    == match.group()
                ):
                    continue  # a line of only underscores is a rule, not a blank
                if message.prose.text[
                    message.prose.sentence_at(match.start()).end - 1 :
                ].startswith("?"):
                    continue  # "What's better than ___?": a fill-in-the-blank for the customer
                spans.add(Span(*match.span()))
        if self.any_marker.search(text):
            for match in _MARKER.finditer(text):
                if match.group().lower() in self.markers:
                    spans.add(Span(*match.span()))
        masked = message.prose.text if spans else ""
        for span in _outermost(spans) if spans else ():
            if masked[span.start] == "\x1a" and text[span.start] not in "\"'":
                continue  # inside inline code or a link: a literal, not a blank
            yield self.violation(
                span,
                f'Unfilled placeholder "{text[span.start : span.end]}"',
                suggestion=(
                    "Fill it in before sending, or make it a template variable your help "
                    "desk fills."
                ),
            )

    def _is_placeholder(self, inner: str) -> bool:
        stripped = inner.strip()
        if not stripped or stripped.lower() in ("x", " "):
            return False  # [ ] and [x] are checkboxes
        letters = [char for char in stripped if char.isalpha()]
        if (
            len(letters) >= 2
            and all(char.isupper() for char in letters)
            and _CAPS_BLANK.fullmatch(stripped)
        ):
            return True  # [NAME], <ORDER_ID>, [INSERT DATE]
        return self.placeholder_words.search(stripped.lower())


def _is_request_or_path(message: Message, match: re.Match) -> bool:
    """ "DM us your [order number, e-mail]" asks for details; "Settings > [your name] >
    iCloud" is a step on a screen. Neither is a blank left unfilled."""
    prose = message.prose.text  # HTML entities folded: "&gt;" reads as ">"
    before = prose[max(match.start() - 40, 0) : match.start()]
    if before.rstrip().endswith(">") or prose[match.end() : match.end() + 4].lstrip().startswith(
        ">"
    ):
        return True
    return bool(_REQUEST_BEFORE.search(before)) and bool(_LIST_INSIDE.search(match.group(1)))


def _outermost(spans):
    """Drop spans inside other spans: `[INSERT XX HERE]` is one finding."""
    ordered = sorted(spans, key=lambda span: (span.start, -span.end))
    kept = []
    for span in ordered:
        if kept and span.end <= kept[-1].end:
            continue
        kept.append(span)
    return kept
