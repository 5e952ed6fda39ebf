"""A guess or an opinion in everyday words of doubt ("I think", "maybe", "not sure",
"likely"), or with a bare "may" or "might".

## What it does
Flags the everyday words of doubt and opinion, and the broad forms of a guess, that
CL101 (hedging) leaves out because they as often do another job: "I think", "I believe",
"I assume", "I suppose", "we don't think", "makes us think" and the other first-person
opinions ("I think your parcel ships tomorrow"); "maybe" ("Maybe try restarting the
app"); "likely" and "most likely"; "not sure" in any form ("I'm not sure why that
happened", "Not quite sure why that happened"), "unsure" and "uncertain", "possibly",
"seems like" and "seems to be", "it sounds like" with a fault in it ("It sounds like the
cable is faulty"), "there may be", "this may be", "that might be", "could help", "it may
take", "we may need to", "may not have been", "may be eligible", "unlikely", "I guess";
"may be", "may have", "may affect" or "may delay" ("the seat may be taken", "your free
trial may have ended", "customs may delay your order"), "might" and any verb ("the
update might reinstall it", "your driver might not be signed up"), and "Looks like" or
"Sounds like" opening a clause ("Looks like a glitch on our side", "Sounds like an
authorisation hold, not a charge"). Each is read the way CL101 reads its phrases, so
every case CL101's documentation lists as not flagged (a question, a condition, a wish,
an offer, an opinion about anything but the customer's case, a duration, an echo of the
customer) is not flagged here either; where a CL101 phrase covers the same words ("we
may be able to help", "it looks like"), the finding is CL101's.

Not flagged, besides: which things are meant ("any questions you may have", "the issues
you may be having", "content that might break the rules"); a recommendation ("you might
want to talk to our chat team"); banter with no fault in it ("Sounds like a plan!",
"Sounds like a visit is in order!"); a remark about something else ("that looks like a
winning team", "what the photo looks like"); and "May" the month.

A preview rule. On replies it was not tuned on (round 39), 6 of its 13 findings were
judged right: policy statements ("some items may be unavailable to ship immediately",
"you may be charged a fee if you cancel") and reading the customer ("not sure we're
understanding") were its false alarms. The phrases it took over from CL101 had been
judged right in 77 of 138 (the first move, after round 45) and 44 of 69 (the opinions,
"maybe" and "likely", after round 47) of their findings as CL101's, each at the rules of
its round. Run it with `--preview` or select it by code.

## Why is this bad?
A bare "may" or "might" tells a worried customer the writer is guessing. If you know,
say so; if you don't, say what you are doing to find out.

## Example
```text
Your payment might not have gone through. Looks like a glitch on our side.
```

Use instead:
```text
Your payment didn't go through because of an error on our side; I've fixed it, so you can pay now.
```
"""  # noqa: E501 (user documentation as shown; an example message is one line)

from __future__ import annotations

from typing import Iterator, List, Optional, Tuple

from chatlint.message import Message
from chatlint.phrases import PhraseSet, compile_phrases, merged
from chatlint.prose import MASK, word_list
from chatlint.toml_files import data_beside
from chatlint.violation import Fix, Span

from . import clauses
from .hedging import DATA as HEDGING_DATA
from .hedging import Hedging

DATA = data_beside(__file__)
# CL101's phrases: a match of one of them is CL101's finding, not this rule's.
_HEDGING_PHRASES = frozenset(HEDGING_DATA["phrases"])  # written normalized (a test keeps them so)
# "Looks like" and "Sounds like" with no subject: a guess only where they open a clause.
_BARE_LOOKS = frozenset(("looks like", "sounds like"))
_FAULTS = frozenset(DATA["fault-words"])
# "you might want to ...", "you might also like ...": what the writer recommends.
_RECOMMENDS = frozenset(("like", "want", "wish"))
# Words that follow a relative clause ending in a modal: "questions you may have about".
_RELATIVE_ENDS = frozenset(("about", "for", "in", "on", "regarding", "with"))


class Guessing(Hedging):
    code = "CL103"
    name = "guessing"
    summary = "A guess or opinion (I think, maybe, not sure) makes the reply sound unsure"
    data = DATA
    template = 'Guessing: "{text}" makes the reply sound unsure'
    preview = True
    # A guess needs rewording, not a word taken out: no fix.
    fix_title = None

    def compile(self) -> PhraseSet:
        """CL101's phrases with this rule's: where both match, the longer is found, and
        :meth:`matches` keeps only this rule's."""
        return compile_phrases(
            merged(
                (*HEDGING_DATA["phrases"], *DATA["phrases"]),
                self.options.extend_phrases,
                self.options.ignore_phrases,
            )
        )

    def fix_in(self, message: Message, span: Span, found: str, phrase: str) -> Optional[Fix]:
        return None

    def matches(self, message: Message) -> Iterator[Tuple[Span, str]]:
        for span, phrase in super().matches(message):
            if phrase not in _HEDGING_PHRASES:
                yield span, phrase

    def accept(self, message: Message, span: Span, phrase: str) -> bool:
        text = message.prose.text
        sentence = message.prose.sentence_at(span.start)
        if text.startswith("May", span.start) and text[sentence.start : span.start].strip(
            " " + MASK
        ):
            return False  # "ships on May 3": the month, inside its sentence
        before = clauses.words_before(text, sentence, span)
        if phrase in _BARE_LOOKS and not (
            _opens_its_clause(before, text, span) or before[-1:] == ["it"]
        ):
            return False  # "that looks like a winning team", "what the photo looks like"
        rest = word_list(text[span.start : sentence.end].lower())
        if phrase == "sounds like" and _FAULTS.isdisjoint(rest):
            return False  # "Sounds like a visit is in order!": banter, no fault diagnosed
        if phrase.startswith("might ") and _RECOMMENDS.intersection(rest[1:3]):
            return False  # "you might want to speak with our chat team": a recommendation
        if phrase.split(" ", 1)[0] in ("may", "might") and (
            "any" in before[-6:]
            or (len(before) > 1 and before[-1] in ("that", "which"))
            or (before[-1:] == ["you"] and _ends_relative_clause(text, sentence, span))
        ):
            # "any questions you may have", "reply with the questions you may have",
            # "content that might break the rules": which things are meant ("That may
            # slow it down" is a guess)
            return False
        return super().accept(message, span, phrase)


def _ends_relative_clause(text: str, sentence: Span, span: Span) -> bool:
    """ "questions you may have.", "issues you may be having about it": the modal closes
    a clause that describes a thing, with no object of its own."""
    after = clauses.words_after(text, sentence, Span(span.end, span.end))
    return (
        not after
        or after[0] in _RELATIVE_ENDS
        or (after[0] == "having" and (len(after) == 1 or after[1] in _RELATIVE_ENDS))
    )


def _opens_its_clause(before: List[str], text: str, span: Span) -> bool:
    """ "Looks like the account is a child account", "Hi there! Looks like ...": the cue
    opens its clause, so its subject is the unsaid "it" of the writer's guess."""
    return not before and text[span.start : span.start + 1].isupper()
