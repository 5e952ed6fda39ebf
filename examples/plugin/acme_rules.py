"""Our customers never see the word "ticket": they have requests.

## What it does
Flags "ticket" and "tickets" in replies and suggests "request".

## Why is this bad?
"Ticket" is our help desk's word, not the customer's. It makes a person feel like a
number in a queue.

## Example
```text
I've opened a ticket for you.
```

Use instead:
```text
I've opened a request for you.
```

## Fix safety
Replacing the word keeps the meaning, so the fix is safe.
"""

from __future__ import annotations

from typing import Iterator

import regex

from chatlint.message import Message
from chatlint.rule import Rule
from chatlint.violation import Edit, Fix, Span, Violation

TICKET = regex.compile(r"\b(ticket)(s?)\b", regex.IGNORECASE)


class InternalTicketWord(Rule):
    code = "ACME101"
    name = "internal-ticket-word"
    summary = 'Say "request", not "ticket"'
    fix_title = 'Replace "ticket" with "request"'

    def check(self, message: Message) -> Iterator[Violation]:
        for match in TICKET.finditer(message.prose.text):
            span = Span(*match.span())
            word = match.group(1)
            replacement = ("Request" if word[0].isupper() else "request") + match.group(2)
            yield self.violation(
                span,
                f'Say "{replacement}", not "{match.group()}"',
                fix=Fix(self.fix_title, (Edit(span, replacement),)),
            )
