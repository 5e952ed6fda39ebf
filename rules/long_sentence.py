"""A sentence too long to follow in one read.

## What it does
Flags a sentence of more than 35 words (a URL, handle or template placeholder counts as
one word, and so do words joined by a slash, such as "iOS/macOS", numbers such as
10.0.1.0 or 11.2.1, and times such as 6:50; a dash or "&" standing alone is not a word,
nor is the sign-off that closes a message, "^AD", "/LJ" or ":) ^ZM"). Sentences are read
the way a person reads chat: a full stop, "!" or "?" ends one even without a space after
it ("claim.Please"), and so do a line break, an emoticon or emoji used as a full stop
(":)"), two spaces before a capitalised word ("happy to help  Please DM us"), a link
that closes a sentence before the next one starts with a capital, a colon or a dash
before a capitalised word (where a link or a list item stood: "find it here: We'd also
...", "try these: - Restart the app - Retry"; not a short label that opens a line, as in
"Note: The date ..."), and a thread marker between two tweets run together ("... 1/2 ^TJ
@Sam If you ..."). A full stop inside a closing quote or bracket ends the sentence too;
abbreviations ("e.g.", "No. 5", "9 a.m. today"), decimals and version numbers (iOS 11.2)
do not, though a date written onto a number does ("leaves on 22dec. The next one"). A
line break does not end a sentence when the next line carries on in lower case. A list
of values separated by commas (region codes, file names) is data, not a sentence, and is
not counted.

## Why is this bad?
Long sentences pile up clauses, and the reader has to hold all of them to get to the
point. Bad news wrapped in a long sentence reads like something being hidden. Two
short sentences are clearer than one long one.

## Example
```text
We have reviewed your request and unfortunately because the order was placed with a promotional code that was only valid for customers in the United States and your shipping address is in Canada the discount cannot be applied to this order at checkout.
```

Use instead:
```text
We have reviewed your request. The promotional code only works for orders shipped within the United States, so it can't be applied to an order going to Canada.
```
"""  # noqa: E501 (user documentation as shown; an example message is one line)

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, List

from chatlint.lazy_pattern import LazyPattern
from chatlint.message import Message
from chatlint.rule import Rule
from chatlint.violation import Span, Violation

# The agent's sign-off closing the message: "^AD", "/LJ", "- Sam", after a smiley at most
# ("... from my feed :) ^ZM").
_SIGN_OFF = LazyPattern(
    r"[\s.,!]*(?:[:;]-?[()DPp]+[\s.,!]*)?[\^/\-=*~\u2013]\s*[A-Za-z][\w.]{0,11}\s*$"
)


def _words_read(text: str, words: List[Span]) -> int:
    """The words a reader reads as the sentence: not the sign-off that closes the
    message ("^AD", "/LJ")."""
    count = len(words)
    if count > 1 and _SIGN_OFF.match(text, words[-2].end):
        count -= 1
    return count


@dataclass(frozen=True)
class LongSentenceOptions:
    max_words: int = field(default=35, metadata={"doc": "Most words in one sentence.", "min": 1})


class LongSentence(Rule):
    code = "CL402"
    name = "long-sentence"
    summary = "Sentence is too long to follow in one read"
    Options = LongSentenceOptions

    def check(self, message: Message) -> Iterator[Violation]:
        prose = message.prose
        limit = self.options.max_words
        if prose.number_of_words <= limit:
            return  # no sentence is longer than the whole message (most replies)
        for sentence in prose.sentences:
            if not prose.may_have_more_words_than(len(sentence), limit):
                continue
            words = prose.word_count(sentence)
            if words <= limit:
                continue
            if prose.text.count(",", sentence.start, sentence.end) * 2 >= words:
                continue  # "us-east1, us-east4, ...": a list of values, not clauses to follow
            count = _words_read(message.text, prose.reading_words(sentence))
            if count > limit:
                yield self.violation(
                    sentence,
                    f"Sentence is {count} words; keep sentences to {limit} or fewer",
                    suggestion=(
                        "Split it where the ideas change; put the main point in the first sentence."
                    ),
                )
