"""Wording that makes the writer sound unsure of what they are telling the customer.

## What it does
Flags hedges such as "I think", "maybe", "probably", "hopefully", "I'm not sure",
"as far as I know" and "most likely" in the writer's own prose. Words inside quotes,
URLs, handles and template variables are not the writer's and are not flagged.

## Why is this bad?
A customer who is already worried reads a hedge as "this person does not know". It
invites push-back and a second contact. When you are certain, say it plainly; when
you are not, say what you are doing to find out instead of guessing.

## Example
```text
I think your refund was processed, so it should show up soon.
```

Use instead:
```text
Your refund was processed on 3 May and will reach your card within five working days.
```

When you do not know yet:
```text
Let me check the status of your refund right now.
```
"""

from __future__ import annotations

from chatlint.phrases import PhraseRule, data_beside


class Hedging(PhraseRule):
    code = "CL101"
    name = "hedging"
    summary = "Hedging makes the reply sound unsure"
    data = data_beside(__file__)
    template = 'Hedging: "{text}" makes the reply sound unsure'
