"""Wording that puts the fault on the customer.

## What it does
Flags wording that tells customers the problem is their doing: "you failed to", "you
forgot to", "you didn't read", "you didn't provide the log", "you should have
contacted us", "you entered the wrong number", "your mistake", "user error", "as you
were told".

Not flagged: what the customer can expect or will need ("you should have received an
e-mail", "you should have it by Friday", "you should have a file called `export.csv`"),
a compliment ("you clearly know good coffee"), reassurance ("it's not your fault",
"you didn't do anything wrong"), an instruction in a help article, and the customer's
own words in quotes.

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
from chatlint.phrase_rule import PhraseRule
from chatlint.toml_files import data_beside
from chatlint.violation import Span

from . import clauses

DATA = data_beside(__file__)
_REASSURING_BEFORE = frozenset(DATA["reassuring-before"])
_OMISSIONS = frozenset(DATA["omission-phrases"])
_OMITTED_ACTIONS = frozenset(DATA["omitted-actions"])
_REGRET = frozenset(DATA["regret-words"])


class Blame(PhraseRule):
    code = "CL301"
    name = "blame"
    summary = "Puts the fault on the customer"
    data = DATA
    template = '"{text}" puts the fault on the customer'

    def accept(self, message: Message, span: Span, phrase: str) -> bool:
        prose = message.prose
        text = prose.text
        sentence = prose.sentence_at(span.start)
        before = clauses.words_before(text, sentence, span)
        # "it's not your fault", "never your mistake": reassurance, not blame.
        if before and before[-1] in _REASSURING_BEFORE:
            return False
        # "Sorry you were told the wrong date": the apology owns the fault.
        if not _REGRET.isdisjoint(before):
            return False
        # "If you did not follow step 7, ...": a condition, unless the phrase is itself
        # the counterfactual ("if you had read the terms").
        if not phrase.startswith("if ") and (
            clauses.is_condition(text, sentence, span) or clauses.is_question(text, sentence, span)
        ):
            return False
        if clauses.echoes_customer(text, sentence, span):
            return False
        # "you should have contacted us" blames; "you should have received an e-mail",
        # "you should have it by Friday" say what to expect.
        if phrase in _OMISSIONS:
            after = clauses.words_after(text, sentence, span)
            return bool(after) and after[0] in _OMITTED_ACTIONS
        return True
