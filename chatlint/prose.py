"""The analysis of a message that every rule shares: masked text, words and sentences.

Rules judge the writer's own prose. Text that is not prose -- URLs, e-mail addresses,
@handles, #hashtags, inline code, template variables and quoted words -- is *masked*:
replaced, character for character, by :data:`MASK`, so that no word rule can match
inside it while every offset stays the same as in the message. A masked run counts as
one word.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import List

import re

from chatlint.violation import Span

#: Stands in for each character of text that is not the writer's prose.
MASK = "\ufffc"

# Typographic variants folded to ASCII so phrase lists need one spelling. Each maps one
# code point to one code point: offsets never move.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2011": "-",
        "\u200b": " ",
        "\r": "\n",
    }
)

_OPAQUE = re.compile(
    r"""
      (?P<url>(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"]+)
    | (?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
    | (?P<handle>(?<![\w@])@\w+)
    | (?P<hashtag>(?<![\w&#])\#[^\W\d_]\w*)
    | (?P<template>\{\{.*?\}\}|\{%.*?%\}|\$\{[^{}\n]*\}|\{[\w.-]+\})
    | (?P<code>`[^`\n]+`)
    | (?P<quote>"[^"\n]{1,300}")
    """,
    re.VERBOSE,
)

# Trailing characters that end a sentence around a URL rather than belong to it.
_URL_TRAILING = ".,;:!?)]}'\""

_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*|" + MASK + "+")

_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs approx mr mrs ms dr st jr sr no nos dept est inc ltd co corp "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun".split()
)

# A sentence ends at terminal punctuation followed by space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?\u2026]+['\")\]]*(?=\s|$)|\n")


class Prose:
    """Words and sentences of a message, found once and shared by all rules."""

    __slots__ = ("text", "masked_spans", "links", "_word_starts", "_word_ends", "_words", "_sentences", "_sentence_starts")

    def __init__(self, text: str) -> None:
        folded = text.translate(_FOLD)
        opaque = list(_opaque_spans(folded))
        #: Every masked span, in order.
        self.masked_spans: List[Span] = [span for span, _ in opaque]
        #: The URLs and e-mail addresses: where a reply points the customer.
        self.links: List[Span] = [span for span, kind in opaque if kind in ("url", "email")]
        if self.masked_spans:
            chars = list(folded)
            for span in self.masked_spans:
                chars[span.start : span.end] = MASK * len(span)
            folded = "".join(chars)
        #: The message text with non-prose masked and typography folded; same length.
        self.text = folded
        # Word boundaries as plain integers: most messages only need counting.
        self._word_starts: List[int] = []
        self._word_ends: List[int] = []
        for match in _WORD.finditer(folded):
            self._word_starts.append(match.start())
            self._word_ends.append(match.end())
        self._words: List[Span] = []
        self._sentences: List[Span] = []
        self._sentence_starts: List[int] = []

    @property
    def words(self) -> List[Span]:
        """Every word, in order; a masked run is one word."""
        if len(self._words) != len(self._word_starts):
            self._words = [Span(start, end) for start, end in zip(self._word_starts, self._word_ends)]
        return self._words

    @property
    def number_of_words(self) -> int:
        return len(self._word_starts)

    def word(self, index: int) -> Span:
        """The word at ``index`` (negative counts from the end)."""
        return Span(self._word_starts[index], self._word_ends[index])

    @property
    def sentences(self) -> List[Span]:
        """Sentence spans, trimmed of surrounding white space."""
        if not self._sentences and self.text.strip():
            self._sentences = list(_sentences(self.text))
        return self._sentences


    def word_count(self, span: Span) -> int:
        return bisect_left(self._word_starts, span.end) - bisect_left(self._word_starts, span.start)

    def sentence_at(self, offset: int) -> Span:
        """The sentence holding ``offset`` (the whole text when none does)."""
        sentences = self.sentences
        if len(self._sentence_starts) != len(sentences):
            self._sentence_starts = [sentence.start for sentence in sentences]
        index = bisect_right(self._sentence_starts, offset) - 1
        if index >= 0 and offset < sentences[index].end:
            return sentences[index]
        return Span(0, len(self.text))



def _opaque_spans(text: str):
    if not any(marker in text for marker in ("http", "www", "@", "#", "{", "`", '"')):
        return
    for match in _OPAQUE.finditer(text):
        start, end = match.span()
        if match.lastgroup == "url":
            while end > start and text[end - 1] in _URL_TRAILING:
                end -= 1
        if end > start:
            yield Span(start, end), match.lastgroup


def _sentences(text: str):
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group() != "\n" and match.group()[0] == "." and _is_abbreviation(text, match.start()):
            continue
        if match.group() == "\n" and _continues_after_break(text, end):
            continue
        span = _trimmed(text, start, end)
        if span is not None:
            yield span
        start = end
    span = _trimmed(text, start, len(text))
    if span is not None:
        yield span


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial."""
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    if len(word) == 1 and word.isalpha() and text[word_start].isupper():
        return True  # an initial, as in "J. Smith"
    return word in _ABBREVIATIONS


def _continues_after_break(text: str, after: int) -> bool:
    """A single line break inside a wrapped sentence: the next line goes on in lower case."""
    if after < len(text) and text[after] == "\n":
        return False
    index = after
    while index < len(text) and text[index] in " \t":
        index += 1
    return index < len(text) and text[index].islower()


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None

