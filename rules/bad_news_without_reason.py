"""A refusal with no reason given.

## What it does
Flags a reply that turns down something the customer asked for or expected (a refund,
a return, an exchange, a replacement, a claim, an exception, access to an account) or
tells them their account, order or booking was closed, cancelled, suspended or
declined, and says nothing of why: no "because", "due to", "since" or "as", no facts
found ("the order was placed more than 30 days ago", "I can see your bank declined the
card"), and no rule named ("changes close 48 hours before departure", "our policy
is ..."). The finding points at the refusal.

Other bad news needs no reason and is not flagged: something that is not available
yet, no news to share, a known problem being worked on, a delay, or a limit of a
product ("we don't have an Android app").

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
"""  # noqa: E501 (user documentation as shown; an example message is one line)

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Tuple

from chatlint.prose import Prose

from .bad_news import BadNewsOptions, BadNewsRule, Found, gives_reason


@dataclass(frozen=True)
class ReasonOptions(BadNewsOptions):
    extend_reasons: Tuple[str, ...] = field(
        default=(), metadata={"doc": "More phrases that give a reason."}
    )


class BadNewsWithoutReason(BadNewsRule):
    code = "CL503"
    name = "bad-news-without-reason"
    summary = "Refusal with no reason given"
    preview = True
    Options = ReasonOptions
    answer_key = "reason"
    answer_option = "extend_reasons"
    advice = 'Say plainly why: "because the order was placed more than 30 days ago".'
    refusals_only = True

    def answered(self, prose: Prose, follow_up: str, found: Found) -> bool:
        return gives_reason(prose, found, self.answers)
