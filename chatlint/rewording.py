"""Edits that reword a sentence for a rule's fix: taking words out of it, or changing
their case, so that what is left reads as a sentence (its spacing, its commas and its
first capital kept).

Rules call these with offsets into a message's text and the sentence the words are in
(``message.prose.sentence_at``); a ``None`` means no edit would leave a sentence, and
the rule then offers no fix.
"""

from __future__ import annotations

import re
from typing import Optional

from chatlint.violation import Edit, Span

# What follows words taken out at the start of a sentence and goes with them: a comma
# ("As far as I know, the update ...") or "that" ("I think that your ..."), and spaces.
_AFTER_OPENING = re.compile(r"(?:\s*,)?(?:\s+that\b)?[ \t]+|,[ \t]*")
# Before words taken out inside a sentence: the space that separated them.
_SPACE_BEFORE = re.compile(r"[ \t]+$")
_WORD = re.compile(r"[^\W_]+")


def remove_words(text: str, sentence: Span, words: Span) -> Optional[Edit]:
    """An edit that takes ``text[words]`` out of ``sentence``; ``None`` when fewer than
    two words of the sentence would be left, or the words stand next to punctuation
    that would be left dangling."""
    opening = not text[sentence.start : words.start].strip()
    if opening:
        after = _AFTER_OPENING.match(text, words.end)
        if after is None:
            return None
        rest = after.end()
        if rest >= sentence.end or not text[rest].isalpha():
            return None
        if len(_WORD.findall(text, rest, sentence.end)) < 2:
            return None
        # The first word left takes the sentence's capital ("I think your ..." ->
        # "Your ..."), unless it is "I" or a name, which keep theirs anyway.
        return Edit(Span(words.start, rest + 1), text[rest].upper())
    before = _SPACE_BEFORE.search(text, sentence.start, words.start)
    if before is None:
        return None
    following = text[words.end : words.end + 1]
    if following and following not in " \t.,!?;:\n":
        return None
    left = _WORD.findall(text[sentence.start : before.start()] + text[words.end : sentence.end])
    if len(left) < 2:
        return None
    start, end = before.start(), words.end
    if text.startswith(",", end) and text[start - 1 : start] == ",":
        start, end = start - 1, end + 1  # "it will, probably, work" -> "it will work"
    return Edit(Span(start, end), "")


def in_sentence_case(text: str, sentence: Span, words: Span) -> Optional[Edit]:
    """An edit that writes ``text[words]`` (in capitals) in lower case, with a capital
    where the words begin the sentence; ``None`` when nothing would change."""
    found = text[words.start : words.end]
    lowered = found.lower()
    if not text[sentence.start : words.start].strip():
        lowered = lowered[:1].upper() + lowered[1:]
    return Edit(words, lowered) if lowered != found else None
