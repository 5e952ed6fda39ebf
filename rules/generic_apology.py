"""A boilerplate apology that does not say what went wrong.

## What it does
Flags stock apologies such as "sorry for any inconvenience", "we apologize for the
inconvenience", "apologies for any confusion" or "sorry for the trouble" when nothing
after them names the actual problem. "Sorry for the delay with your refund", "sorry to
hear your order arrived late" and "I'm sorry your card was charged twice" are specific
and are not flagged.

## Why is this bad?
Customers have read "sorry for any inconvenience" a thousand times; it sounds like a
form letter and can read as dismissive, because "any" suggests there may not have been
a problem at all. Naming the problem shows you understood it.

## Example
```text
We apologize for any inconvenience this may have caused.
```

Use instead:
```text
I'm sorry your order arrived two days late.
```
"""

from __future__ import annotations

from chatlint.message import Message
from chatlint.phrases import PhraseRule, compile_phrases, data_beside
from chatlint.violation import Span

DATA = data_beside(__file__)
# Words after the apology that go on to name the problem: "... for the trouble with
# your return", "... for the inconvenience of a second trip".
_NAMES_THE_PROBLEM = compile_phrases(tuple(DATA["naming-words"]))


class GenericApology(PhraseRule):
    code = "CL201"
    name = "generic-apology"
    summary = "Generic apology that does not name the problem"
    data = DATA
    template = 'Generic apology "{text}": say what went wrong'

    def accept(self, message: Message, span: Span, phrase: str) -> bool:
        text = message.prose.text
        after = text[span.end : span.end + 40].lstrip(" ")
        return not (after and _NAMES_THE_PROBLEM.match(after))
