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
from typing import Tuple

from chatlint.prose import Prose
from chatlint_rules.bad_news import BadNewsOptions, BadNewsRule, Found, gives_reason


@dataclass(frozen=True)
class ReasonOptions(BadNewsOptions):
    extend_reasons: Tuple[str, ...] = field(default=(), metadata={"doc": "More phrases that give a reason."})


class BadNewsWithoutReason(BadNewsRule):
    code = "CL503"
    name = "bad-news-without-reason"
    summary = "Bad news with no reason given"
    Options = ReasonOptions
    answer_key = "reason"
    answer_option = "extend_reasons"
    advice = 'Say plainly what happened and why: "because the item sold out before your order was placed".'

    def answered(self, prose: Prose, follow_up: str, found: Found) -> bool:
        return gives_reason(prose, found, self.answers)
