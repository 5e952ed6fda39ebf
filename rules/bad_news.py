"""The shared reading of a reply that delivers bad news (not a rule itself).

CL501, CL502 and CL503 judge the same thing from three sides, so they share one model,
computed once per message through :meth:`Message.memo` (rules whose cue options are
equal get the same :class:`BadNewsModel`, so its reading is shared):

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

import functools
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator, List, Tuple

from chatlint.message import Message
from chatlint.phrases import PhraseSet, compile_phrases, data_beside, merged
from chatlint.prose import Prose
from chatlint.rule import Rule
from chatlint.violation import Span, Violation

DATA = data_beside(__file__)
NOT_BAD_NEWS = compile_phrases(tuple(DATA["not-bad-news"]))
NOT_NEWS_CLAUSE = compile_phrases(tuple(DATA["not-news-clause"]))
NEWS_MARKERS = compile_phrases(tuple(DATA["news-markers"]))
_CUSTOMER_SUBJECT = frozenset(DATA["customer-subject"])
_ECHO_CUES = frozenset(DATA["echo-cues"])
GENERALITY = compile_phrases(tuple(DATA["generality"]))
IF_OPENERS = frozenset(("if", "unless", "when", "once", "whenever", "whether"))
_CLAUSE_BREAKS = ",;:\u2013\u2014("
_CLAUSE_END = re.compile(r"[,;:\u2013\u2014(]|\s(?:but|however|although|though)\b", re.IGNORECASE)
_SO = re.compile(r",\s*so\b|\bso\s+(?:i|we|it|the|this|your|you)\b|\btherefore\b|\bwhich means\b", re.IGNORECASE)

#: A bad-news sentence and the cue that made it one.
Found = Tuple[Tuple[Span, Span], ...]


@dataclass(frozen=True)
class BadNewsOptions:
    """The cue options every bad-news rule takes (set them alike on CL501-CL503)."""

    extend_bad_news: Tuple[str, ...] = field(
        default=(), metadata={"doc": "More phrases that announce bad news (\"we no longer ship to\")."}
    )
    ignore_bad_news: Tuple[str, ...] = field(
        default=(), metadata={"doc": "Built-in bad-news phrases not to treat as bad news."}
    )
    kinds: Tuple[str, ...] = field(
        default=("chat", "email"),
        metadata={"doc": "Message kinds judged; help-centre articles state limits as facts, not news to one customer."},
    )


class BadNewsModel:
    """Finds bad-news sentences with one set of cues; shared by rules with equal options."""

    def __init__(self, cues: Tuple[str, ...]) -> None:
        self.cues = compile_phrases(cues)

    def find(self, message: Message) -> Tuple[Tuple[Prose, Found], ...]:
        """Bad-news sentences of each rendering of ``message``, with that rendering.

        Call as ``message.memo(model.find)`` so the rules with equal options share it.
        """
        return tuple((prose, tuple(_bad_news(prose, self.cues))) for prose in message.renderings)


@functools.lru_cache(maxsize=16)
def model(options: BadNewsOptions) -> BadNewsModel:
    return BadNewsModel(merged(DATA["bad-news"], options.extend_bad_news, options.ignore_bad_news))


class BadNewsRule(Rule):
    """Base of CL501-CL503: a reply with bad news, judged on one thing it must also say.

    Subclasses name the TOML list of what they look for (``answer_key``), the option
    that extends it (``answer_option``), the ``advice`` they give, and :meth:`answered`.
    """

    answer_key: ClassVar[str]
    answer_option: ClassVar[str]
    advice: ClassVar[str]
    Options = BadNewsOptions

    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        self.model = model(BadNewsOptions(self.options.extend_bad_news, self.options.ignore_bad_news, ()))
        self.answers = compile_phrases(merged(DATA[self.answer_key], getattr(self.options, self.answer_option)))

    def check(self, message: Message) -> Iterator[Violation]:
        if message.kind not in self.options.kinds:
            return
        # A template is judged per rendering: the customer receives one branch.
        for prose, found in message.memo(self.model.find):
            if found and not self.answered(prose, message.follow_up, found):
                yield self.violation(found[0][0], suggestion=self.advice)
                return

    def answered(self, prose: Prose, follow_up: str, found: Found) -> bool:
        raise NotImplementedError


def offers_solution(prose: Prose, follow_up: str, found: Found, solutions: PhraseSet) -> bool:
    """An offer, alternative, next step or link anywhere in the reply or its follow-up."""
    if prose.links:
        return True
    # "We can't refund it" names a refund without offering one: the clause that
    # carries the news is not searched for an offer.
    texts = [_without_clauses(prose.text, [_clause(prose.text, s, c) for s, c in found])]
    if follow_up:
        texts.append(Prose(follow_up).text)
    return any(solutions.search(text) for text in texts)


def acknowledges(prose: Prose, empathy: PhraseSet) -> bool:
    return empathy.search(prose.text)


def gives_reason(prose: Prose, found: Found, reasons: PhraseSet) -> bool:
    text = prose.text
    return reasons.search(text) or any(_says_so(text, sentence) for sentence, _ in found)


def _bad_news(prose: Prose, cues: PhraseSet) -> List[Tuple[Span, Span]]:
    """Each bad-news sentence with its first cue."""
    text = prose.text
    cue_matches = list(cues.finditer(text))
    if not cue_matches:
        return []
    friendly = [span for span, _ in NOT_BAD_NEWS.finditer(text)]
    found: List[Tuple[Span, Span]] = []
    for cue, phrase in cue_matches:
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
    return first_word in IF_OPENERS or GENERALITY.match(opening)


def _about_customer(text: str, sentence: Span, cue: Span) -> bool:
    """True for "an account you can't access": the customer's situation, not news."""
    words = text[max(sentence.start, cue.start - 20) : cue.start].lower().split()
    if " ".join(words[-1:]) not in _CUSTOMER_SUBJECT and " ".join(words[-2:]) not in _CUSTOMER_SUBJECT:
        return False
    return not NEWS_MARKERS.search(text[sentence.start : cue.start])


def _says_so(text: str, sentence: Span) -> bool:
    """ "The window closed on 2 May, so I can't ..." gives its reason before the "so"."""
    return _SO.search(text, sentence.start, sentence.end) is not None
