"""Bad news with no acknowledgement of how it lands on the customer.

## What it does
Flags a reply that gives bad news (as CL501 defines it) and shows no sign of knowing how
it lands: no apology or word of regret ("sorry", "unfortunately", "sadly", "I'm afraid",
"we regret"), and no acknowledgement ("I understand", "I completely understand", "I know
this is disappointing", "we can see how useful that would be", "we care about your
concerns"); "thanks for your understanding" thanks the customer for taking the news, and
is not one. The finding points at the first bad-news sentence. A word of regret is the
least that counts here; CL201 asks separately for an apology to name the problem. No
news is news too ("No word yet on a release date"), and a limit put as where or what can
be had ("only select restaurants will have it") is not bad news.

Of a reply split over several messages, only the first part ("(1/2)") is judged: an
acknowledgement belongs before or with the news, so a first part that gives the news
without one is flat whatever follows; a later part may lean on the first.

## Why is this bad?
Chat carries no tone of voice. Bad news stated flatly reads as indifference, and the
customer answers the indifference rather than the news. One sentence that names the
impact changes how everything after it is read.

## Example
```text
Your claim was denied because the damage is not covered. You can appeal within 30 days.
```

Use instead:
```text
I know this isn't the news you were hoping for. Your claim was denied because the damage is not covered. You can appeal within 30 days.
```
"""  # noqa: E501 (user documentation as shown; an example message is one line)

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Tuple

from chatlint.prose import Prose

from .bad_news import BadNewsOptions, BadNewsRule, Found, acknowledges


@dataclass(frozen=True)
class EmpathyOptions(BadNewsOptions):
    extend_acknowledgements: Tuple[str, ...] = field(
        default=(), metadata={"doc": "More phrases that acknowledge how the news lands."}
    )


class BadNewsWithoutEmpathy(BadNewsRule):
    code = "CL502"
    name = "bad-news-without-empathy"
    summary = "Bad news with no acknowledgement of its impact on the customer"
    # Judged blind on replies from 53 brands it was never tuned on, 16 of 22 findings
    # were right (0.73), and it has not reached 0.90 in any round: off until it does.
    preview = True
    Options = EmpathyOptions
    answer_key = "empathy"
    answer_option = "extend_acknowledgements"
    advice = 'Acknowledge the impact before or with the news: "I know this is disappointing."'
    judges_first_part = True

    def answered(self, prose: Prose, follow_up: str, found: Found) -> bool:
        return acknowledges(prose, self.answers)
