"""Capitals or piled-up punctuation that raise the voice.

## What it does
Flags capitals that raise the voice, in text that is otherwise in normal case: a word
that insists, written in capitals ("PLEASE", "NEVER", "NOW", "DO NOT", "back in stock
SOON", "URGENT"), or a run of words in capitals ("WE ARE LOOKING INTO IT"). Also flags
piled-up question marks ("Did you get the e-mail??") and runs of "!" or "?!" in a
sentence that insists ("Do not reset it!!", "You did WHAT?!").

Not flagged: capitals that are names, not emphasis: acronyms and initialisms (FAQ,
HIPAA, NGINX, OWASP), product and model names ("AIR MAX", "PS4"), codes and references
(booking reference QXTRWP, 1-800-MY-BANK), sign-offs ("^DO"), the labels of controls ("a
STOP button"), labels ("NOTE:", "**NOTE**", "[!IMPORTANT]"), UI text and paths
("Settings > GENERAL"), and lists of proper names; a name ending in initials ("your BIG
ID"); a level or a label given with "with" or "as" ("escalated with HIGH PRIORITY");
words quoted from a sign or a screen ('the slip says "THIS IS NOT A TICKET"'). Text
written entirely in capitals is a style, not a raised voice, and is left alone, as is a
cheerful or reassuring "!!" or "?!" ("Congrats!!", "So good, right?!", "AMAZING!!!",
"Why not give it a go!?", "Don't worry, my lips are sealed!!", "Please keep us
posted!!"), and so is surprise in a word or two ("What??", "Say what??"). A word in
capitals sent as a keyword ("text STOP to 2442") is a label, not a voice. In chat and
email, emphasis for fun or warmth is not a raised voice either: one ordinary word in
capitals ("a BIG difference", "It's HERE!", "Thank YOU", "YAY!") and capitals in a
friendly message ("THANK YOU SO MUCH for the photo!").

In help-centre articles (kind `article`), where capitals also mark values and labels
("the state is STOPPED"), only insistence is flagged ("the pod must NOT run on spot
nodes").

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
Writing capitalised words in normal case (with a capital where they begin a sentence)
is offered too, as an unsafe fix: a name or a product written in capitals would lose
them, and emphasis often needs rewording rather than lower case.
"""  # noqa: E501 (user documentation, shown as written)

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import FrozenSet, Iterator, List, Tuple

from chatlint.lazy_pattern import LazyPattern
from chatlint.message import Message
from chatlint.phrases import merged, normalize
from chatlint.prose import PAD, folded, word_list, words_of
from chatlint.rewording import in_sentence_case
from chatlint.rule import Rule
from chatlint.toml_files import data_beside
from chatlint.violation import Applicability, Edit, Fix, Span, Violation

DATA = data_beside(__file__)
# Two or more of "!" and "?" in a row: every such run holds "!!", "??", "?!" or "!?".
_REPEATED_MARKS = LazyPattern(r"[!?]{2,}")
_LITTLE_WORDS = frozenset(DATA["two-letter-words"])
# "with" or "as" just before capitals that do not insist: they name a level or a label.
_LABEL_BEFORE = LazyPattern(r"\b(?:with|as)\s+$", re.IGNORECASE)
# A quotation open before capitals and closed after them, on their line. A single quote
# opens one only after a space ("it says 'DO NOT OPEN'"), as in "DON'T" it is an
# apostrophe. (The prose writes curly quotes straight.)
_QUOTE_OPEN = LazyPattern(r"(?:^|\s)'[^'\n]*$|^[^\n]*\"[^\"\n]*$")
# It opens with [A-Z] (the check on the character before comes after it), so a scan
# jumps from capital to capital instead of trying every position.
_CAPS_WORD_ASCII = LazyPattern(r"[A-Z](?<![\w'][A-Z])[A-Z']*[A-Z](?![\w'])")
# A letter beyond ASCII: only then can a capital be one `[A-Z]` does not cover
# (emoji, dashes and the mask that stands in for links are not letters). One character
# class, so the scan skips over ASCII instead of trying every position.
_LETTER_BEYOND_ASCII = LazyPattern(r"[^\W\d_\x00-\x7f]")


@functools.lru_cache(maxsize=None)
def _caps_word_pattern():
    """Capitals in any script need the `regex` engine's \\p{Lu}; most text is ASCII."""
    import regex

    return regex.compile(r"(?<![\w'])\p{Lu}[\p{Lu}']*\p{Lu}(?![\w'])")


_ENGLISH_WORDS_FILE = Path(__file__).with_name("english_words.txt")
_EMPHASIS = frozenset(DATA["emphasis-words"])
_ARTICLE_EMPHASIS = frozenset(DATA["article-emphasis-words"])
_CHEERS = frozenset(DATA["cheers"])
_WARM = frozenset(DATA["warm-words"])
# Words in capitals that cheer rather than insist: "AMAZING!!!", "YAY!!".
_CHEERFUL = _WARM | _CHEERS
_INSISTING_WORDS = frozenset(DATA["insisting-words"])
# After the capitals, a colon or a dash makes them a label: "IMPORTANT NOTICE - ...".
_LABEL_AFTER = LazyPattern(r"\s*(?::|\s[-\u2013\u2014]\s)")
_UI_VERBS = frozenset(DATA["ui-verbs"])
# A letter written three or more times in a row: "YESSSS", "SOOOO".
_DRAWN_OUT = LazyPattern(r"([A-Z])\1\1")
# Joined to a neighbour without a space, a word in capitals is part of a code, a phone
# word or a compound name: "1-800-MY-BANK", "EXTERNAL-IP", "ATT&CK", "^DO"; hyphens and
# the en dash that real text (and its mojibake) joins phone words with count alike.
_JOINERS = "-/&._^+#@=*\u2010\u2011\u2013"
# The cheerful "!!" is left alone; in a sentence with one of these it insists.
_INSISTING = LazyPattern(
    # "Don't worry, my lips are sealed!!" reassures; "Why not give it a go!?" suggests.
    # "Please keep us posted!!" asks warmly: "please" insists only with "!!!" (_insists).
    r"\b(?i:(?<!why )not|don't(?! (?:you )?worry)|do not|never|stop|must|need|again|only)\b"
    r"|[A-Z]{3,}"
)
# Before a word in capitals, a verb that sends it as a keyword: "text STOP to 2442".
_KEYWORD_BEFORE = LazyPattern(r"\b(?i:send|sms|text|type|reply)\s+$")
_PLEASE = LazyPattern(r"\b(?i:please)\b")
# After a run of capitals (and "or" another), the name of a control: the run is its label.
_CONTROL_AFTER = LazyPattern(
    r"(?:\s+or\s+[A-Z]+)?\s+(?:button|buttons|key|tab|option|menu|icon|link|switch)\b"
)


@functools.lru_cache(maxsize=None)
def english_words() -> FrozenSet[str]:
    """Common English words (SCOWL size 35), read on the first word in capitals."""
    text = _ENGLISH_WORDS_FILE.read_text(encoding="utf-8")
    start = 0
    while text.startswith("#", start):  # the licence header
        start = text.index("\n", start) + 1
    return frozenset(text[start:].split())


@dataclass(frozen=True)
class ShoutingOptions:
    extend_acronyms: Tuple[str, ...] = field(
        default=(),
        metadata={
            "doc": "More words that may be written in capitals (product names, team acronyms)."
        },
    )
    min_letters: int = field(
        default=0,
        metadata={
            "doc": (
                "In chat and email, also flag an ordinary word in capitals on its own "
                '("a BIG difference") from this many letters; 0 leaves such emphasis '
                "alone (words that insist, such as NOW, are always flagged)."
            ),
            "min": 0,
        },
    )


class Shouting(Rule):
    code = "CL404"
    name = "shouting"
    summary = "Capitals or repeated punctuation read as shouting"
    fix_title = "Collapse repeated punctuation, or write capitals in normal case"
    fix_safety = "safe, unsafe"
    Options = ShoutingOptions

    def __init__(self, options: ShoutingOptions | None = None) -> None:
        super().__init__(options)
        self.acronyms = frozenset(
            normalize(word) for word in merged(DATA["acronyms"], self.options.extend_acronyms)
        )

    def check(self, message: Message) -> Iterator[Violation]:
        text = message.prose.text
        for run in self._caps_runs(text, message.text.isascii(), message.kind):
            if message.kind != "article" and not self._raises_voice(message, run):
                continue
            words = text[run.start : run.end]
            edit = in_sentence_case(message.text, message.prose.sentence_at(run.start), run)
            yield self.violation(
                run,
                f'"{message.text[run.start : run.end]}" in capitals reads as shouting',
                suggestion=(
                    f'Write "{words.lower()}" in normal case and let the wording carry the '
                    "emphasis."
                ),
                fix=(
                    Fix(
                        f'Write "{edit.replacement}" in normal case',
                        (edit,),
                        Applicability.UNSAFE,
                    )
                    if edit is not None
                    else None
                ),
            )
        repeated = "!!" in text or "??" in text or "?!" in text or "!?" in text
        for match in _REPEATED_MARKS.finditer(text) if repeated else ():
            marks = match.group()
            sentence = message.prose.sentence_at(match.start())
            if "!" in marks and not _insists(text, sentence, len(marks)):
                continue  # "Congrats!!", "So good, right?!": cheerful, not raised
            if (
                "!" not in marks
                and message.kind != "article"
                and match.end() == sentence.end
                and len(word_list(text[sentence.start : match.start()])) <= 2
            ):
                continue  # "What??", "Say what??": surprise in a word or two, not a raised voice
            span = Span(*match.span())
            single = "?" if "?" in marks else "!"
            yield self.violation(
                span,
                f'"{marks}" reads as shouting',
                suggestion=f'Use a single "{single}".',
                fix=Fix(f'Replace "{marks}" with "{single}"', (Edit(span, single),)),
            )

    def _raises_voice(self, message: Message, run: Span) -> bool:
        """In chat and email, capitals shout when they insist ("DO NOT", "PLEASE", "NOW",
        "back SOON") or when a run of them is not friendly ("WE ARE LOOKING INTO IT").
        One ordinary word in capitals ("a BIG difference", "It's HERE!", "Thank YOU")
        and capitals in a friendly message ("THANK YOU SO MUCH for the photo") are
        emphasis for fun or warmth, unless ``min-letters`` asks for them."""
        text = message.prose.text
        words = word_list(text[run.start : run.end].lower())
        if not _INSISTING_WORDS.isdisjoint(words):
            return True
        if len(words) < 2:
            return 0 < self.options.min_letters <= len(words[0])
        initials = len(words) == 2 and len(words[-1]) == 2 and words[-1] not in _LITTLE_WORDS
        if initials or _LABEL_BEFORE.search(text, max(run.start - 8, 0), run.start):
            # "your BIG ID" ends in initials: a name; "escalated with HIGH PRIORITY",
            # "sent as HIGH PRIORITY": a level or a label given to something, not a voice
            return False
        return _WARM.isdisjoint(words_of(folded(text)).vocabulary)

    def _caps_runs(self, text: str, message_is_ascii: bool, kind: str) -> List[Span]:
        """Spans of shouted words; neighbouring words in capitals make one run."""
        pattern = (
            _CAPS_WORD_ASCII
            if message_is_ascii or not _LETTER_BEYOND_ASCII.search(text)
            else _caps_word_pattern()
        )
        matches = list(pattern.finditer(text))
        if not matches:
            return []
        if kind != "article" and not self.options.min_letters:
            # In chat only a word that insists or a run of words can shout (see
            # _raises_voice): most replies' capitals are names ("NRC", "DM") alone.
            if _INSISTING_WORDS.isdisjoint(match.group().lower() for match in matches) and all(
                text[before.end() : after.start()] != " "
                for before, after in zip(matches, matches[1:])
            ):
                return []
        runs: List[List[Tuple[Span, str]]] = []
        has_path = ">" in text
        for match in matches:
            span = Span(*match.span())
            word = match.group().lower()
            if word in self.acronyms:
                continue  # FAQ, PIN
            if _joined(text, span):
                continue
            if has_path:
                before = text[max(span.start - 30, 0) : span.start]
                path = before.rfind(">")
                if path >= 0 and not any(mark in before[path:] for mark in ".!?\n"):
                    continue  # "Settings > I STILL NEED HELP": text on a screen
            previous = text[max(span.start - 10, 0) : span.start].split()[-1:]
            if previous and previous[0].lower() in _UI_VERBS:
                continue  # "click UPDATE": text on a screen
            if runs and text[runs[-1][-1][0].end : span.start] == " ":
                runs[-1].append((span, word))
            else:
                runs.append([(span, word)])
        shouted = [
            Span(run[0][0].start, run[-1][0].end)
            for run in runs
            if self._is_shouted(text, run, kind)
        ]
        # Counted only when something is shouted: most messages have no capitals run.
        return shouted if shouted and not _written_in_capitals(text) else []

    def _is_shouted(self, text: str, run: List[Tuple[Span, str]], kind: str) -> bool:
        """A run is shouting when every word in it is a word, not a name or code, and
        one of them is emphasis ("DO NOT", "PLEASE") or, outside articles, an ordinary
        word ("SOON", "WE ARE WORKING ON IT"). Articles use capitals for values and
        labels ("the state is STOPPED"), so only emphasis words count there."""
        start, end = run[0][0].start, run[-1][0].end
        if _LABEL_AFTER.match(text, end):
            return False  # "NOTE:", "IMPORTANT NOTICE - ...": a label for what follows
        if text[max(start - 2, 0) : start] in ("**", "__") and text[start - 2 - 1 : start - 2] in (
            "",
            "\n",
            " ",
        ):
            return False  # "**NOTE** ...": a bold label opening a paragraph
        if text[max(start - 2, 0) : start] == "[!" and text[end : end + 1] == "]":
            return False  # "> [!IMPORTANT]": a Markdown alert's label
        if _CONTROL_AFTER.match(text, end) or _KEYWORD_BEFORE.search(
            text, max(start - 8, 0), start
        ):
            return False  # "a STOP or SHUTDOWN button", "text STOP to 2442": a label or keyword
        if _quoted(text, start, end):
            return False  # the notice "THIS IS NOT A BOARDING PASS": words quoted, not a voice
        if text[start - 1 : start] in ("<", "[") and text[end : end + 1] in (">", "]"):
            return False  # "<PROJECT NAME>", "[ORDER ID]": a placeholder (CL601's), not a voice
        if text[max(start - 3, 0) : start].strip() in ("-", "\u2013", "\u2014", ":") and text[
            end : end + 1
        ] in ("", "\n"):
            return False  # "Planning \u2013 READ ONLY": a label closing a title
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if not any(char.islower() for char in line):
            return False  # a heading or a line of values in capitals: a style, not a voice
        words = [word for _, word in run]
        if len(words) == 1 and (len(words[0]) <= 2 or words[0] in _CHEERS):
            # "US", "TV", "ID": two capitals are nearly always initials; "YAY!" cheers
            return False
        english = english_words()
        if any(
            word not in english and word not in _EMPHASIS and not _DRAWN_OUT.search(word.upper())
            for word in words
        ):
            return False  # a name or a code among them: "NIKE AIR MAX", "ATT&CK MITRE"
        if kind == "article":
            # Articles write values, operators and UI labels in capitals ("AND",
            # "the state is STOPPED"); only insistence is shouting there ("must NOT").
            if not any(word in _ARTICLE_EMPHASIS for word in words):
                return False
            return not (
                len(words) == 1 and text[end : end + 1] in ("", ".", ",", ")")
            )  # "the default is ALL."
        return True


def _quoted(text: str, start: int, end: int) -> bool:
    """The capitals stand inside a quotation on their line: the notice 'THIS IS NOT A
    BOARDING PASS', the label "DO NOT OPEN"."""
    line_start = text.rfind("\n", 0, start) + 1
    opening = _QUOTE_OPEN.search(text[line_start:start])
    if opening is None:
        return False
    mark = "'" if opening.group().lstrip().startswith("'") else '"'
    line_end = text.find("\n", end)
    return mark in text[end : line_end if line_end >= 0 else len(text)]


def _insists(text: str, sentence: Span, marks: int) -> bool:
    """The sentence holds a word that insists ("not", "never", "must") or capitals
    that are not a cheer ("DO NOT", but not "AMAZING!!!"), or asks with three marks or
    more ("Please wait!!!"; "Please keep us posted!!" asks warmly)."""
    if marks >= 3 and _PLEASE.search(text, sentence.start, sentence.end):
        return True
    return any(
        not match.group().isupper() or match.group().lower() not in _CHEERFUL
        for match in _INSISTING.finditer(text, sentence.start, sentence.end)
    )


def _joined(text: str, span: Span) -> bool:
    """Joined to a neighbouring word without a space ("EXTERNAL-IP", "1-800-MY-BANK"),
    or marked as a sign-off or tag ("^DO", "#SALE")."""
    start = span.start
    while start and text[start - 1] == PAD:  # what a folded character was padded with
        start -= 1
    before = text[start - 1] if start else ""
    if before in ("^", "#", "@"):
        return True
    if before and before in _JOINERS and start > 1 and text[start - 2].isalnum():
        return True
    after = text[span.end : span.end + 2]
    return len(after) == 2 and after[0] in _JOINERS and after[1].isalnum()


def _written_in_capitals(text: str) -> bool:
    """A message written mostly in capitals: a style (or a caps-lock key), not a raised voice."""
    letters = sum(map(str.isalpha, text))
    return letters >= 12 and sum(map(str.isupper, text)) > 0.6 * letters
