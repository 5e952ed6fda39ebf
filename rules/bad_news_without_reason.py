"""Bad news with no reason or facts behind it.

## What it does
Flags a reply that delivers bad news and gives no reason for it: no "because", "due
to", "since the ...", "as your ...", no facts found ("after reviewing your account",
"I can see that", "the routing number provided was invalid") and no policy named. The
finding points at the first bad-news sentence.

## Why is this bad?
A "no" without a "why" sounds arbitrary, and customers push back on what sounds
arbitrary. Stating the facts plainly, without blame, lets them accept the outcome or
fix what caused it.

## Example
```text
I'm sorry, but we can't refund this order. I can offer you store credit instead.
```

Use instead:
```text
I'm sorry, but we can't refund this order because it was bought more than 30 days ago. I can offer you store credit instead.
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Tuple

from chatlint.message import Message
from chatlint.rule import Rule
from chatlint.violation import Violation
from chatlint_rules.bad_news import BadNewsOptions, answer_phrases, gives_reason, model


@dataclass(frozen=True)
class ReasonOptions(BadNewsOptions):
    extend_reasons: Tuple[str, ...] = field(default=(), metadata={"doc": "More phrases that give a reason."})


class BadNewsWithoutReason(Rule):
    code = "CL503"
    name = "bad-news-without-reason"
    summary = "Bad news with no reason given"
    Options = ReasonOptions

    def __init__(self, options: ReasonOptions | None = None) -> None:
        super().__init__(options)
        self.model = model(BadNewsOptions(self.options.extend_bad_news, self.options.ignore_bad_news))
        self.answers = answer_phrases("reason", self.options.extend_reasons)

    def check(self, message: Message) -> Iterator[Violation]:
        found = message.memo(self.model.find)
        if found and not gives_reason(message, found, self.answers):
            yield self.violation(
                found[0][0],
                suggestion='Say plainly what happened and why: "because the item sold out before your order was placed".',
            )
