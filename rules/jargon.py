"""Support-team jargon the customer does not know.

## What it does
Flags internal terms from a glossary ("SLA", "tier 2", "RMA", "repro", "EOL") and
suggests the plain-language wording next to each, in chat messages and e-mails. The
built-in glossary is short and conservative; teams add their own terms in config
(`extend-glossary`). Help-centre articles are not checked by default: there a term
such as an uptime SLA is usually the product's own vocabulary, defined for readers
who use it (set `kinds` to check them too).

## Why is this bad?
Jargon tells customers they are on the outside of a process. "Your tier 2 ticket is
past SLA" means nothing to someone who just wants their refund; "our specialist team
is late replying to you" does.

## Example
```text
I've escalated this to tier 2 and they'll repro the issue.
```

Use instead:
```text
I've passed this to our specialist team and they'll try the same steps to see the problem themselves.
```

## Fix safety
Each term's plain wording from the glossary is offered as a replacement, and it is
unsafe: the sentence around it may need rewording to read well ("escalated to tier 2"
becomes "escalated to our specialist team", but "your SLA" needs more than a swap).
"""  # noqa: E501 (user documentation as shown; an example message is one line)

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterator, Tuple

from chatlint.message import Message
from chatlint.phrases import compile_phrases, normalize
from chatlint.rule import Rule
from chatlint.toml_files import data_beside
from chatlint.violation import Applicability, Edit, Fix, Violation

DATA = data_beside(__file__)


@dataclass(frozen=True)
class JargonOptions:
    extend_glossary: Tuple[Tuple[str, str], ...] = field(
        default=(),
        metadata={"doc": 'More terms and their plain wording: { "CSAT" = "feedback survey" }.'},
    )
    ignore_terms: Tuple[str, ...] = field(
        default=(), metadata={"doc": "Built-in terms your customers do know."}
    )
    kinds: Tuple[str, ...] = field(
        default=("chat", "email"),
        metadata={
            "doc": (
                "Message kinds checked; help-centre articles define their product's own "
                "terms (an uptime SLA) for readers who use them."
            )
        },
    )


class Jargon(Rule):
    code = "CL403"
    name = "jargon"
    summary = "Internal jargon the customer may not know"
    preview = True
    fix_title = "Replace the term with its plain wording"
    fix_safety = "unsafe"
    Options = JargonOptions

    def __init__(self, options: JargonOptions | None = None) -> None:
        super().__init__(options)
        ignored = {normalize(term) for term in self.options.ignore_terms}
        glossary: Dict[str, str] = {
            normalize(term): plain
            for term, plain in (*DATA["glossary"].items(), *self.options.extend_glossary)
            if normalize(term) not in ignored
        }
        self.glossary = glossary
        self.terms = compile_phrases(tuple(glossary))

    def check(self, message: Message) -> Iterator[Violation]:
        if message.kind not in self.options.kinds:
            return
        for span, term in self.terms.finditer(message.prose.text):
            found = message.text[span.start : span.end]
            plain = self.glossary[term]
            yield self.violation(
                span,
                f'"{found}" is support jargon the customer may not know',
                suggestion=f'Say "{plain}" instead.',
                fix=Fix(
                    f'Replace "{found}" with "{plain}"',
                    (Edit(span, plain),),
                    Applicability.UNSAFE,
                ),
            )
