"""Telling the customer you have to ask a supervisor, manager or colleague.

## What it does
Flags the writer saying they must ask, check with or wait on someone above or beside
them before they can help: "let me check with my supervisor", "I'll need to ask my
manager", "I have to consult a colleague", "my supervisor said". Not flagged: an
action already taken for the customer ("I've asked the team on board to check",
"I've passed this to our specialists"), and offering the customer a leadership contact
or pointing them to another team.

## Why is this bad?
The customer came to you. Saying you have to ask someone else tells them you cannot
handle their problem, and they start asking for "someone who can". Ask whoever you need
to, but tell the customer what *you* are doing: "Let me look into this for you."

## Example
```text
I'm not allowed to do that, let me check with my supervisor first.
```

Use instead:
```text
Let me look into the options for your account; I'll be back within five minutes.
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Tuple

from chatlint.lazy_pattern import LazyPattern
from chatlint.message import Message
from chatlint.phrases import compile_sequence, merged
from chatlint.rule import Rule
from chatlint.toml_files import data_beside
from chatlint.violation import Violation

DATA = data_beside(__file__)


@dataclass(frozen=True)
class DeferringOptions:
    extend_people: Tuple[str, ...] = field(
        default=(),
        metadata={"doc": 'More people the writer might defer to ("shift lead", "billing team").'},
    )
    ignore_people: Tuple[str, ...] = field(
        default=(), metadata={"doc": 'Built-in people not to flag ("colleague").'}
    )


# "I've asked my colleague to check your booking": a task handed on and already under
# way, which is an action taken for the customer, not the writer needing permission.
_DELEGATED = LazyPattern(r"\s+to\s+(?!be\b|see\b|know\b|confirm\b|approve\b)[a-z]+", re.IGNORECASE)


def _delegated(text: str, span, found: str) -> bool:
    past = " asked " in f" {found} " or found.startswith(("i've asked", "i have asked"))
    return past and _DELEGATED.match(text, span.end) is not None


class DeferringToOthers(Rule):
    code = "CL102"
    name = "deferring-to-others"
    summary = "Mentions asking a supervisor or colleague for help"
    preview = True
    Options = DeferringOptions

    def __init__(self, options: DeferringOptions | None = None) -> None:
        super().__init__(options)
        people = merged(DATA["people"], self.options.extend_people, self.options.ignore_people)
        # "let me check with my supervisor": the writer asking someone.
        self.asking = compile_sequence(
            (tuple(DATA["writer"]), tuple(DATA["asking"]), tuple(DATA["whose"]), people)
        )
        # "my supervisor said": the writer's answer coming from someone else.
        self.reporting = compile_sequence((("my",), people, tuple(DATA["reported"])))

    def check(self, message: Message) -> Iterator[Violation]:
        text = message.prose.text
        spans = [
            span for span, found in self.asking.finditer(text) if not _delegated(text, span, found)
        ]
        spans += [span for span, _ in self.reporting.finditer(text)]
        for span in sorted(spans):
            yield self.violation(
                span,
                f'"{message.text[span.start : span.end]}" tells the customer you need someone else',
                suggestion=DATA["suggestion"],
            )
