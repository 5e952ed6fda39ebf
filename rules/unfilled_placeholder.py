"""A template placeholder that was never filled in.

## What it does
Flags author placeholders left in a reply: bracketed blanks such as `[customer name]`,
`[restate their issue]` or `[INSERT DATE]`; angle-bracket blanks such as `<NAME>`;
runs of capital X (`XXX`, `$XX.XX`, `XX/XX/XXXX`); "INSERT ... HERE"; `TBD`, `TODO`,
`FIXME`; and blanks of underscores. Markdown links (`[text](url)`), checkboxes, HTML
tags, UI labels in brackets (`[Save changes]`) and real template variables
(`{{ customer.name }}`) are not placeholders.

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

from chatlint.message import Message
from chatlint.phrases import compile_phrases, data_beside, merged
from chatlint.rule import Rule
from chatlint.violation import Span, Violation

DATA = data_beside(__file__)

_SQUARE = re.compile(r"(?<![\]\\!])\[([^\[\]\n]{1,80})\](?![(\[:])")
_ANGLE = re.compile(r"<<?([^<>\n]{1,60})>>?")
_HTML_TAG = re.compile(r"/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s+[^<>]*)?/?")
_HTML_TAG_NAMES = frozenset(DATA["html-tags"])
# Runs of X; not inside an identifier such as "act-XXXXX", where docs mean "your ID".
_EXES = re.compile(r"(?<![\w$£€#\-_/.])[$£€#]?X{2,}(?:[.,/:\-]X+)*(?![\w\-])")
_INSERT_HERE = re.compile(r"\binsert\b[^.\n\]]{0,60}?\bhere\b", re.IGNORECASE)
_UNDERSCORES = re.compile(r"(?<!\w)_{3,}(?!\w)")
_MARKER = re.compile(r"(?<![\w-])[A-Z]{3,5}(?![\w-])")
_CAPS_BLANK = re.compile(r"[A-Z][A-Z0-9_ .\-/]*")
_LOREM = re.compile(r"\blorem ipsum\b", re.IGNORECASE)


@dataclass(frozen=True)
class PlaceholderOptions:
    extend_placeholder_words: Tuple[str, ...] = field(
        default=(), metadata={"doc": "More words that make bracketed text a placeholder (\"voucher code\")."}
    )
    extend_markers: Tuple[str, ...] = field(
        default=(), metadata={"doc": "More capitalised to-do markers, written in lower case (\"wip\")."}
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
        # Whether any marker is in the text at all, in one scan rather than one per marker.
        self.any_marker = re.compile("|".join(re.escape(marker.upper()) for marker in sorted(self.markers)) or "(?!)")

    def check(self, message: Message) -> Iterator[Violation]:
        text = message.text
        spans = set()
        # Each kind of blank is looked for only when its telltale character is there:
        # most messages hold none, and this rule then costs a few substring tests.
        if "[" in text:
            for match in _SQUARE.finditer(text):
                if self._is_placeholder(match.group(1)):
                    spans.add(Span(*match.span()))
        if "<" in text:
            for match in _ANGLE.finditer(text):
                inner = match.group(1).strip()
                tag = _HTML_TAG.fullmatch(inner)
                if tag and tag.group(1).lower() in _HTML_TAG_NAMES and not inner.isupper():
                    continue  # <br>, <a href="...">, </p>
                if "@" in inner or "://" in inner:
                    continue  # <me@example.com>, <https://...>: autolinks
                if self._is_placeholder(inner):
                    spans.add(Span(*match.span()))
        lowered = text.lower()
        for pattern, telltale, where in ((_EXES, "XX", text), (_INSERT_HERE, "insert", lowered), (_LOREM, "lorem", lowered)):
            if telltale in where:
                spans.update(Span(*match.span()) for match in pattern.finditer(text))
        if "___" in text:
            for match in _UNDERSCORES.finditer(text):
                line_start = text.rfind("\n", 0, match.start()) + 1
                line_end = text.find("\n", match.end())
                if text[line_start : line_end if line_end >= 0 else len(text)].strip() != match.group():
                    spans.add(Span(*match.span()))  # a line of only underscores is a rule, not a blank
        if self.any_marker.search(text):
            for match in _MARKER.finditer(text):
                if match.group().lower() in self.markers:
                    spans.add(Span(*match.span()))
        for span in _outermost(spans) if spans else ():
            yield self.violation(
                span,
                f'Unfilled placeholder "{text[span.start:span.end]}"',
                suggestion="Fill it in before sending, or make it a template variable your help desk fills.",
            )

    def _is_placeholder(self, inner: str) -> bool:
        stripped = inner.strip()
        if not stripped or stripped.lower() in ("x", " "):
            return False  # [ ] and [x] are checkboxes
        letters = [char for char in stripped if char.isalpha()]
        if len(letters) >= 2 and all(char.isupper() for char in letters) and _CAPS_BLANK.fullmatch(stripped):
            return True  # [NAME], <ORDER_ID>, [INSERT DATE]
        return self.placeholder_words.search(stripped.lower())


def _outermost(spans):
    """Drop spans inside other spans: `[INSERT XX HERE]` is one finding."""
    ordered = sorted(spans, key=lambda span: (span.start, -span.end))
    kept = []
    for span in ordered:
        if kept and span.end <= kept[-1].end:
            continue
        kept.append(span)
    return kept
