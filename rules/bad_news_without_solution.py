"""Bad news with nothing the customer can do next.

## What it does
Flags a reply that delivers bad news (out of stock, delayed, cancelled, declined,
"we can't", "not eligible", expired, a policy limit) and offers no solution, no
alternative and no next step anywhere in the reply, or in the writer's follow-up
before the customer answers. The finding points at the first bad-news sentence.

An offer is anything that moves the customer forward: "I can ...", "what I can do is",
"instead", "would you like", a refund, credit, replacement or rebooking, a link to the
fix, or a step to take ("please try", "you can appeal"). See `bad_news.toml` for the
cue lists and how to extend them.

## Why is this bad?
"No" on its own leaves the customer stuck, and a stuck customer writes back angrier.
Even when you cannot give them what they asked for, there is almost always something
you can do: an alternative, a partial remedy, a date, or the next step.

## Example
```text
Unfortunately the blue jacket is out of stock.
```

Use instead:
```text
Unfortunately the blue jacket is out of stock. I can reserve one from the delivery that arrives on Friday, or send the navy one today. Which would you prefer?
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Tuple

from chatlint.prose import Prose
from chatlint_rules.bad_news import BadNewsOptions, BadNewsRule, Found, offers_solution


@dataclass(frozen=True)
class SolutionOptions(BadNewsOptions):
    extend_solutions: Tuple[str, ...] = field(default=(), metadata={"doc": "More phrases that offer a solution or next step."})


class BadNewsWithoutSolution(BadNewsRule):
    code = "CL501"
    name = "bad-news-without-solution"
    summary = "Bad news with no solution, alternative or next step"
    Options = SolutionOptions
    answer_key = "solution"
    answer_option = "extend_solutions"
    advice = 'Pair the news with what you can do: an alternative, a remedy, or the next step and when it happens.'

    def answered(self, prose: Prose, follow_up: str, found: Found) -> bool:
        return offers_solution(prose, follow_up, found, self.answers)
