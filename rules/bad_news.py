"""The shared reading of a reply that delivers bad news (not a rule itself).

CL501, CL502 and CL503 judge the same thing from three sides, so they share one model,
computed once per message through :meth:`Message.memo`:

1. Find the bad-news sentences: a sentence with a bad-news cue ("unfortunately",
   "can't", "out of stock", "not eligible", ...) that is not a question, where the cue
   is not inside an "if"/"unless"/"when" clause ("If you can't log in, ...") or an
   echo of the customer's own problem ("Sorry to hear you're unable to ...", "an
   account you can't access"), and not part of a friendly idiom ("we can't wait",
   "no problem", "no charge").
2. Look through the whole reply, and any follow-up the same writer sent before the
   customer answered, for an offer or next step, for an acknowledgement of how the
   news lands, and for a reason.

The cue lists are in ``bad_news.toml`` beside this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Tuple

import regex

from chatlint.message import Message
from chatlint.phrases import compile_phrases, data_beside
from chatlint.prose import Prose
from chatlint.violation import Span

DATA = data_beside(__file__)
BAD_NEWS = compile_phrases(tuple(DATA["bad-news"]))
NOT_BAD_NEWS = compile_phrases(tuple(DATA["not-bad-news"]))
NOT_NEWS_CLAUSE = compile_phrases(tuple(DATA["not-news-clause"]))
NEWS_MARKERS = compile_phrases(tuple(DATA["news-markers"]))
_CUSTOMER_SUBJECT = frozenset(DATA["customer-subject"])
_ECHO_CUES = frozenset(DATA["echo-cues"])
GENERALITY = compile_phrases(tuple(DATA["generality"]))
IF_OPENERS = frozenset(("if", "unless", "when", "once", "whenever", "whether"))
SOLUTION = compile_phrases(tuple(DATA["solution"]))
EMPATHY = compile_phrases(tuple(DATA["empathy"]))
REASON = compile_phrases(tuple(DATA["reason"]))
_CLAUSE_BREAKS = ",;:\u2013\u2014("
_CLAUSE_END = regex.compile(r"[,;:\u2013\u2014(]|\s(?:but|however|although|though)\b", regex.IGNORECASE)
_SO = regex.compile(r",\s*so\b|\bso\s+(?:i|we|it|the|this|your|you)\b|\btherefore\b|\bwhich means\b", regex.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """What a reply says, as far as the bad-news rules care."""

    #: The sentences that deliver bad news, in order.
    bad_news: Tuple[Span, ...]
    offers_solution: bool
    acknowledges: bool
    gives_reason: bool


def read(message: Message) -> Reading:
    """The reading of ``message``; call through ``message.memo(read)`` to share it."""
    prose = message.prose
    found = _bad_news(prose)
    sentences = [sentence for sentence, _ in found]
    if not sentences:
        return Reading((), True, True, True)
    # "We can't refund it" names a refund without offering one: the clause that
    # carries the news is not searched for an offer.
    texts = [_without_clauses(prose.text, [_clause(prose.text, s, c) for s, c in found])]
    if message.follow_up:
        texts.append(Prose(message.follow_up).text)
    offers = bool(prose.links) or any(SOLUTION.search(text) for text in texts)
    return Reading(
        tuple(sentences),
        offers_solution=offers,
        acknowledges=EMPATHY.search(prose.text),
        gives_reason=REASON.search(prose.text) or any(_says_so(prose.text, s) for s in sentences),
    )


def _bad_news(prose: Prose) -> List[Tuple[Span, Span]]:
    """Each bad-news sentence with its first cue."""
    text = prose.text
    friendly = [span for span, _ in NOT_BAD_NEWS.finditer(text)]
    found: List[Tuple[Span, Span]] = []
    for cue, phrase in BAD_NEWS.finditer(text):
        if any(cue.start < span.end and span.start < cue.end for span in friendly):
            continue
        sentence = prose.sentence_at(cue.start)
        if _is_conditional_or_general(text, sentence):
            continue
        if found and found[-1][0] == sentence:
            continue
        if text[sentence.start : sentence.end].rstrip("\"') ").endswith("?"):
            continue  # a question asks about the problem; it does not announce it
        if _in_not_news_clause(text, sentence, cue):
            continue
        if phrase in _ECHO_CUES and _about_customer(text, sentence, cue):
            continue
        found.append((sentence, cue))
    return found


def _clause(text: str, sentence: Span, cue: Span) -> Span:
    """The clause of ``sentence`` that holds ``cue``: between clause breaks."""
    before = text[sentence.start : cue.start]
    start = sentence.start + max(before.rfind(mark) for mark in _CLAUSE_BREAKS) + 1
    after = _CLAUSE_END.search(text, cue.end, sentence.end)
    return Span(start, after.start() if after else sentence.end)


def _without_clauses(text: str, clauses: List[Span]) -> str:
    for clause in clauses:
        text = text[: clause.start] + " " * len(clause) + text[clause.end :]
    return text


def _in_not_news_clause(text: str, sentence: Span, cue: Span) -> bool:
    """True for "If you can't log in, ...": the clause of the cue is not news."""
    clause = _clause(text, sentence, cue)
    return NOT_NEWS_CLAUSE.search(text[clause.start : cue.start])


def _is_conditional_or_general(text: str, sentence: Span) -> bool:
    """ "If you never backed up, you won't ..." or "Sometimes ...": not news to this customer."""
    opening = text[sentence.start : sentence.start + 40]
    first_word = opening.split(" ", 1)[0].lower().strip(",")
    return first_word in IF_OPENERS or GENERALITY.pattern.match(opening) is not None


def _about_customer(text: str, sentence: Span, cue: Span) -> bool:
    """True for "an account you can't access": the customer's situation, not news."""
    words = text[max(sentence.start, cue.start - 20) : cue.start].lower().split()
    if " ".join(words[-1:]) not in _CUSTOMER_SUBJECT and " ".join(words[-2:]) not in _CUSTOMER_SUBJECT:
        return False
    return not NEWS_MARKERS.search(text[sentence.start : cue.start])


def _says_so(text: str, sentence: Span) -> bool:
    """ "The window closed on 2 May, so I can't ..." gives its reason before the "so"."""
    return _SO.search(text, sentence.start, sentence.end) is not None
