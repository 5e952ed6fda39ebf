"""Capital letters and piled-up punctuation that read as shouting.

## What it does
Flags words written in capitals that are not acronyms or product codes ("PLEASE",
"DO NOT", "URGENT"), and runs of exclamation or question marks ("!!", "?!", "???").
A word with a digit (PS4), a known acronym (FAQ, PIN, COVID), a short acronym on its
own (ETA, HDMI) and a label before a colon ("NOTE:") are not flagged.

## Why is this bad?
In writing, capitals and stacked punctuation are the raised voice. The customer cannot
hear your tone, so they read the loudest one in. Put the emphasis into the words.

## Example
```text
Please DO NOT reset the router again!!
```

Use instead:
```text
Please don't reset the router again; it will undo the fix.
```

## Fix safety
Collapsing a run of "!" or "?" to one mark keeps the meaning, so that fix is safe.
Capitalised words are only reported: lowering them depends on where they stand in the
sentence, so the writer rewrites them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Iterator, List, Tuple

from chatlint.message import Message
from chatlint.phrases import data_beside, merged, normalize
from chatlint.rule import Rule
from chatlint.violation import Edit, Fix, Span, Violation

DATA = data_beside(__file__)
# Two or more of "!" and "?" in a row: every such run holds "!!", "??", "?!" or "!?".
_REPEATED_MARKS = re.compile(r"[!?]{2,}")
# It opens with [A-Z] (the check on the character before comes after it), so a scan
# jumps from capital to capital instead of trying every position.
_CAPS_WORD_ASCII = re.compile(r"[A-Z](?<![\w'][A-Z])[A-Z']*[A-Z](?![\w'])")
# A letter beyond ASCII: only then can a capital be one `[A-Z]` does not cover
# (emoji, dashes and the mask that stands in for links are not letters). One character
# class, so the scan skips over ASCII instead of trying every position.
_LETTER_BEYOND_ASCII = re.compile(r"[^\W\d_\x00-\x7f]")


@functools.lru_cache(maxsize=None)
def _caps_word_pattern():
    """Capitals in any script need the `regex` engine's \\p{Lu}; most text is ASCII."""
    import regex

    return regex.compile(r"(?<![\w'])\p{Lu}[\p{Lu}']*\p{Lu}(?![\w'])")


@dataclass(frozen=True)
class ShoutingOptions:
    extend_acronyms: Tuple[str, ...] = field(
        default=(), metadata={"doc": "More words that may be written in capitals (product names, team acronyms)."}
    )
    min_letters: int = field(
        default=5, metadata={"doc": "A capitalised word on its own is flagged from this many letters."}
    )


class Shouting(Rule):
    code = "CL404"
    name = "shouting"
    summary = "Capitals or repeated punctuation read as shouting"
    fix_title = "Collapse repeated punctuation"
    Options = ShoutingOptions

    def __init__(self, options: ShoutingOptions | None = None) -> None:
        super().__init__(options)
        self.acronyms = frozenset(normalize(word) for word in merged(DATA["acronyms"], self.options.extend_acronyms))
        self.short_shouts = frozenset(DATA["short-shouts"])

    def check(self, message: Message) -> Iterator[Violation]:
        text = message.prose.text
        for run in self._caps_runs(text, message.text.isascii()):
            words = text[run.start : run.end]
            yield self.violation(
                run,
                f'"{message.text[run.start:run.end]}" in capitals reads as shouting',
                suggestion=f'Write "{words.lower()}" in normal case and let the wording carry the emphasis.',
            )
        repeated = "!!" in text or "??" in text or "?!" in text or "!?" in text
        for match in _REPEATED_MARKS.finditer(text) if repeated else ():
            span = Span(*match.span())
            single = "?" if "?" in match.group() else "!"
            yield self.violation(
                span,
                f'"{match.group()}" reads as shouting',
                suggestion=f'Use a single "{single}".',
                fix=Fix(f'Replace "{match.group()}" with "{single}"', (Edit(span, single),)),
            )

    def _caps_runs(self, text: str, message_is_ascii: bool) -> List[Span]:
        """Spans of shouted words; neighbouring shouted words make one run."""
        candidates = []
        for match in (_CAPS_WORD_ASCII if message_is_ascii or not _LETTER_BEYOND_ASCII.search(text) else _caps_word_pattern()).finditer(text):
            word = match.group().lower()
            if word in self.acronyms or text.startswith(":", match.end()):
                continue
            before = match.start()
            while before and text[before - 1].isspace():
                before -= 1
            if text.endswith((">", "&gt;"), 0, before):
                continue  # a step in a UI path: "Settings > I STILL NEED HELP"
            candidates.append(Span(*match.span()))
        runs: List[List[Span]] = []
        for span in candidates:
            if runs and text[runs[-1][-1].end : span.start] == " ":
                runs[-1].append(span)
            else:
                runs.append([span])
        # A run is shouting when one of its words is: long, or a known short shout.
        # "US UK" is two country codes; "DO NOT" is a raised voice.
        return [
            Span(run[0].start, run[-1].end)
            for run in runs
            if any(self._is_shouted(text[span.start : span.end]) for span in run)
        ]

    def _is_shouted(self, word: str) -> bool:
        return len(word) >= self.options.min_letters or word.lower() in self.short_shouts
