"""A message longer than a reader takes in at a glance.

## What it does
Counts the words of a message and flags one over the limit for its kind: 60 words for a
chat message, 250 for an e-mail. Help-centre articles have no limit. Words are counted
as a reader reads them: a URL, an e-mail address, a handle or a template placeholder is
one word however long; so are words joined by a slash ("iOS/macOS", a thread marker such
as "1/2"); HTML entities left in published text (`&amp;`) are no words. A chat reply
sent as a thread of tweets run together into one message ("... right away. 1/3 ^JA @USER
However, ...", "... from you? ^ZM @USER Hi again! ...") is judged one tweet at a time.
The finding starts at the first word past the limit. A macro with `{% if %}` branches is
judged one rendering at a time, since the customer receives one branch, not all of them.

## Why is this bad?
In chat the customer reads on a small screen between other things. A wall of text gets
skimmed, and the one sentence that mattered is missed. Send the answer first; send the
details as a follow-up, or link to them.

The defaults come from what fits in a chat window without scrolling (about four short
sentences) and from the length at which support e-mails stop being read to the end.
Set your own limits per kind.

## Example
```text
Thank you so much for reaching out to us today and for taking the time to explain everything that has been going on with your account over the past few weeks, we really do appreciate it and we completely understand how frustrating this must be for you, especially after you have already tried restarting the app, reinstalling it and logging out and back in again as our help articles suggest, so what we would like to do now is take a closer look at your account.
```

Use instead:
```text
Thanks for explaining, and sorry the app keeps logging you out. I've reset your session on our side: please sign in once more and it should stay signed in.
```
"""  # noqa: E501 (user documentation as shown; an example message is one line)

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterator, List

from chatlint.message import Message
from chatlint.prose import thread_part_ends
from chatlint.rule import Rule
from chatlint.violation import Span, Violation


@dataclass(frozen=True)
class LongMessageOptions:
    max_words_chat: int = field(
        default=60, metadata={"doc": "Most words in a chat message (0: no limit).", "min": 0}
    )
    max_words_email: int = field(
        default=250, metadata={"doc": "Most words in an e-mail (0: no limit).", "min": 0}
    )
    max_words_article: int = field(
        default=0, metadata={"doc": "Most words in an article (0: no limit).", "min": 0}
    )


class LongMessage(Rule):
    code = "CL401"
    name = "long-message"
    summary = "Message is longer than the limit for its kind"
    Options = LongMessageOptions

    def check(self, message: Message) -> Iterator[Violation]:
        limit = getattr(self.options, f"max_words_{message.kind}")
        if limit <= 0:
            return
        for prose in message.renderings:
            if not prose.may_have_more_words_than(len(prose.text), limit):
                continue
            if prose.number_of_words <= limit:
                continue
            words = prose.reading_words()
            count = len(words)
            if count <= limit:
                continue
            if message.kind == "chat":
                longest = _longest_thread_part(words, thread_part_ends(prose.text))
                if longest <= limit:
                    continue  # tweets run together, each short: "... 1/3 ^JA @USER ..."
            branch = " in one branch of its template" if len(message.renderings) > 1 else ""
            yield self.violation(
                Span(words[limit].start, words[-1].end),
                (
                    f"Message is {count} words{branch}; keep {message.kind} messages to "
                    f"{limit} or fewer"
                ),
                suggestion=(
                    "Lead with the answer and cut or split the rest; link to details instead "
                    "of pasting them."
                ),
            )
            return


def _longest_thread_part(words: List[Span], ends: List[int]) -> int:
    """The words of the longest tweet of a thread run together, split at ``ends``."""
    counts = [0] * (len(ends) + 1)
    for word in words:
        counts[bisect.bisect_right(ends, word.start)] += 1
    return max(counts)
