"""A sentence too long to follow in one read.

## What it does
Flags a sentence of more than 35 words (a URL, handle or template placeholder counts as
one word). A line break ends a sentence as a full stop does, unless the next line
carries on in lower case.

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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from chatlint.message import Message
from chatlint.rule import Rule
from chatlint.violation import Violation


@dataclass(frozen=True)
class LongSentenceOptions:
    max_words: int = field(default=35, metadata={"doc": "Most words in one sentence."})


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
            count = prose.word_count(sentence)
            if count > limit:
                yield self.violation(
                    sentence,
                    f"Sentence is {count} words; keep sentences to {limit} or fewer",
                    suggestion="Split it where the ideas change; put the main point in the first sentence.",
                )
