"""Wording that puts the fault on the customer.

## What it does
Flags phrases that tell customers the problem is their doing: "you failed to", "you
forgot to", "you should have contacted us", "your mistake", "you didn't read", "as you
were told". Expectations and reassurance are not blame and are not flagged: "you should
have received an e-mail", "you should have access now", "it's not your fault", "you
didn't do anything wrong".

## Why is this bad?
Even when the customer did make the mistake, saying so makes them defensive, and a
defensive customer escalates. State what happened as a fact about the thing, not the
person: "the routing number provided was invalid", not "you entered the wrong routing
number".

## Example
```text
You failed to return the item within 30 days, so the refund was declined.
```

Use instead:
```text
The item reached us on 14 June, after the 30-day return window, so the refund was declined.
```
"""

from __future__ import annotations

from chatlint.message import Message
from chatlint.phrases import PhraseRule, compile_phrases, data_beside
from chatlint.violation import Span

DATA = data_beside(__file__)
_REASSURING_BEFORE = frozenset(DATA["reassuring-before"])
_EXPECTATION_AFTER = compile_phrases(tuple(DATA["expectation-after"]))


class Blame(PhraseRule):
    code = "CL301"
    name = "blame"
    summary = "Puts the fault on the customer"
    data = DATA
    template = '"{text}" puts the fault on the customer'

    def accept(self, message: Message, span: Span, phrase: str) -> bool:
        text = message.prose.text
        # "it's not your fault", "never your mistake": reassurance, not blame.
        before = text[max(span.start - 20, 0) : span.start].split()
        if before and before[-1].lower() in _REASSURING_BEFORE:
            return False
        # "you should have received an e-mail": what the customer can expect to see.
        after = text[span.end : span.end + 30].lstrip()
        return not (phrase in DATA["expectation-phrases"] and _EXPECTATION_AFTER.match(after))
