"""Wording that talks down to the customer or shuts the conversation down.

## What it does
Flags phrases that tell an upset customer they are being managed rather than heard:
"calm down", "as I already said", "per my last message", "that's just our policy",
"it is what it is", "that's just the way it is", "you need to understand", "there's
nothing more I can do". Friendly uses of the same words are not flagged ("we love it
just the way it is", "you'll obviously want to try the new menu"), nor quoted words
or text inside links.

## Why is this bad?
An upset customer wants to be heard. Telling them to calm down, reminding them you
already answered, or hiding behind "policy" tells them they are not, and turns a
problem into a complaint. Acknowledge what they said, then explain again in other
words or say what you can do.

## Example
```text
As I already said, it is what it is.
```

Use instead:
```text
I understand this isn't the answer you hoped for. The plan can't be changed mid-cycle, but I can switch it for you on 1 July.
```
"""  # noqa: E501 (user documentation as shown; an example message is one line)

from __future__ import annotations

from chatlint.phrase_rule import PhraseRule
from chatlint.toml_files import data_beside


class Dismissive(PhraseRule):
    code = "CL302"
    name = "dismissive"
    summary = "Talks down to the customer or shuts the conversation down"
    preview = True
    data = data_beside(__file__)
    template = '"{text}" sounds dismissive'
