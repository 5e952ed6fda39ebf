"""A stock apology that does not say what went wrong.

## What it does
Flags an apology that names no problem: the stock lines ("sorry for any inconvenience",
"we apologize for the trouble", "apologies for the confusion", "sorry for the
experience", "sorry for the disruption", "apologies for any misinformation", "sorry
about the hassles", "apologies for the miss") and apologies whose only object is "that",
"this" or "it" ("Sorry about that!", "We're sorry to hear that.", "So sorry to hear
that, Dana", "So sorry about this") or a feeling ("Sorry you were disappointed!", "sorry
for any frustrations", "sorry for the dismay", "sorry we've let you down", "sorry to
have fallen short", "sorry that you feel this way", "sorry you remain unhappy", "we
regret your experience", "we regret to hear of your recent experience", "sorry that you
had to go through this", "apologies if we let you down", "sorry if we gave off that
impression"), when nothing in the same sentence goes on to say what the problem is
("Sorry to hear that, Paul, we can't guarantee a seat", "Sorry for the trouble, we'd
like to inform you that the transfer takes 7 days", "Sorry about this, as the team is
still working to restore the app", "Sorry for that, as we have many requests due to the
storm" and "sorry for any inconvenience this outage has caused" do; "Sorry for the
trouble this morning" does not), and an apology standing alone ("Our apologies.", "So
sorry!", "Really sorry, Matt.", "So sorry to hear, Alex.") followed by nothing but a
sign-off, a request, a question or an offer ("Our apologies. Please give us a call.",
"I'm so sorry. Which store was it?", "Apologies, which store was it?", "I am so sorry. I
will pass this on to the team.", "I'm sorry! We want to help.", "Sorry but kindly send
us the booking number", "Sorry Rina, can you DM us the booking number?", "Sincere
apologies, please send the documents", "Apologies - pls call us") or by a clause that
only regrets how things went ("Apologies, this isn't the service we expect"), unless it
closes the sentence that gives the news ("That voucher expired yesterday, we're very
sorry!"). An apology like that is generic even when the customer's own message named the
problem: say it back.

Not flagged: an apology that names the problem ("Sorry for the delay with your refund",
"sorry to hear your order arrived late", "I'm sorry your card was charged twice", "Sorry
about the cold fries", "Apologies for the disruption and delay to your trip", "sorry for
the trouble signing in to the app"), an apology cut off where the reply goes on in its
next part ("My apologies for the... 1/2", "We do apologise for any inconvenience >>"),
one standing alone before the news it is for ("Sorry! The sauce sold out this morning.",
"My apologies. If that flight never showed up in your search, it was full.") or closing
the reply right after it ("If you can't find a free box, they have run out. Sorry"), an
apology for the writer's own slow reply ("Sorry for the wait", "I'm sorry we were so
late with our reply"), and "sorry" used to ask for something again ("Sorry, could you
send that once more?", "Sorry, what do you mean?", "sorry but kindly explain further",
"Sorry, can you tell us a bit more about the issue?"), an apology followed by the
writer's own slip ("Sorry about that, forgot to add the link"), and one that closes a
sentence after a comma, once the sentence has given the news ("Just to confirm, that
offer ended at noon, we apologize for the confusion"; not "Thanks for reaching out, we
apologize for the inconvenience").

The stock lines of other languages that brands answer in are flagged too, when they open
their sentence (after a short greeting at most, "je suis" or "vraiment", or the Japanese
"このたびは、") and nothing follows them but an object that names nothing ("per l'accaduto",
"pelo ocorrido"), a name, punctuation or the end of the message ("Désolé pour la gêne
occasionnée.", "Disculpa las molestias, ¿nos envías el número de pedido?", "Lamento lo
sucedido Ana, ...", "ご迷惑をおかけしております。"); after a comma, only a question or a request
leaves them naming nothing ("Navrée pour cela, avez-vous vérifié ... ?", "Lamentamos
mucho este inconveniente, por favor ..."; not "Navré pour cela, nous ne savons pas quand
il reviendra", which goes on with the news). Not "Mi spiace per il ritardo del tuo
pacco", nor "商品に破損があり、ご迷惑をおかけしております", where the clause
before it names the damage). The list is in ``generic_apology.toml`` (other-languages);
beyond those lines chatlint reads English.

## Why is this bad?
Customers have read "sorry for any inconvenience" a thousand times; it sounds like a
form letter and can read as dismissive, because "any" suggests there may not have been
a problem at all. Naming the problem shows you understood it.

## Example
```text
We apologize for any inconvenience this may have caused.
```

Use instead:
```text
I'm sorry your order arrived two days late.
```

## Fix safety
A sentence that is nothing but the stock apology ("Sorry for any inconvenience.",
"We apologize for any inconvenience this may have caused.") can be taken out, and
that is offered as a fix. It is unsafe: the reply may then need an apology that names
the problem, which only the writer can write. An apology inside a longer sentence gets
no fix.
"""

from __future__ import annotations

import re
from typing import Iterator, List, Optional

from chatlint.lazy_pattern import LazyPattern
from chatlint.message import Message
from chatlint.phrase_rule import PhraseRule
from chatlint.phrases import PhraseSet, compile_phrases, merged
from chatlint.prose import MASK, folded, word_list, words_of
from chatlint.toml_files import data_beside
from chatlint.violation import Applicability, Edit, Fix, Span, Violation

from .clauses import SIGN_OFF_ONLY, WordPhrases

DATA = data_beside(__file__)
# Words after the apology that go on to name the problem: "... for the trouble with
# your return", "... for the inconvenience of a second trip".
_NAMES_THE_PROBLEM = compile_phrases(tuple(DATA["naming-words"]))
_APOLOGY_VOCABULARY = frozenset(DATA["apology-words"])
# One scan of the lower-cased text for the few apology words: cheaper than a phrase
# list walk, on the many replies that say sorry.
_APOLOGY_WORD = LazyPattern(
    r"(?<![\w'\-])(?:" + "|".join(sorted(_APOLOGY_VOCABULARY, reverse=True)) + r")(?![\w]|['\-]\w)"
)
# One pattern over the few characters before each apology word: cheaper than building
# the words of every such slice for a phrase list.
_NOT_AN_APOLOGY_BEFORE = LazyPattern(
    r"(?:^|\W)(?:"
    + "|".join(re.escape(phrase).replace("\\ ", r"\s+") for phrase in DATA["not-an-apology-before"])
    + r")\s*$"
)
_FILLER = frozenset(DATA["filler-words"])
_VAGUE = frozenset(DATA["vague-words"])
_NOT_AN_OBJECT = frozenset(DATA["not-an-object"])
_ASKS_AFTER = frozenset(DATA["asks-after"])
_GREETINGS = frozenset(DATA["greeting-words"])
_OFFERS = frozenset(DATA["offer-openers"])
_THANKS = frozenset(DATA["thanks-words"])
# ", Sage." or " Matt." after an apology: the customer's name, ending its sentence or
# before a dash ("Apologies Matan - when did you send it?").
_NAME_AFTER = LazyPattern(r"(?:,\s*|[ \t]+)[A-Z][a-z]+(?=[.!,]|\s+[-\u2013\u2014]\s)")
_QUESTION_OPENERS = frozenset(DATA["question-openers"])
_OFFERS_AFTER = WordPhrases(DATA["offers-after"])
_NEXT_SENTENCE_END = LazyPattern(r"[.!?\n]")
_REQUEST_OPENERS = frozenset(DATA["request-openers"])
# Words of asking to hear the customer again: "Sorry, what do you mean?".
_PARDON = frozenset(DATA["pardon-words"])
_PARDON_PHRASES = WordPhrases(DATA["pardon-phrases"])
_SLIPS = frozenset(DATA["slip-words"])
_HEAR = frozenset(DATA["hearing-words"])
# "for the disruption and delay to your journey": a second object that names the problem.
_AND_NAMED = LazyPattern(
    r"\s+and\s+(?:the\s+|any\s+)?[a-z]+\s+(?:to|of|with|on|in)\s+(?:your|the|our|this)\b"
)
# An object that breaks off: "for the... 1/2", "for any" at the very end.
_BROKEN_OFF = LazyPattern(
    r"(?:\s+(?:for|of|about|to|on|with|hear|any|the|your|this|that|our)\b)*\s*(\.\.\.|\u2026)?"
)
# A thread marker closing a message ("> >", ">>>", "(1/2)", "1/2"): it goes on in another.
_MARKER_AT_END = LazyPattern(r"(?:>\s*){2,}$|\(?\d+/\d+\)?$")
_SENTENCE_MARK = LazyPattern(r"[.!?]")
# A dash between spaces, which breaks a sentence as a comma does: "Apologies - pls ...".
_DASH_BREAK = LazyPattern(r"\s+[-\u2013\u2014]\s")
# "Sorry but kindly provide the booking number": "but" brings a request, not the news
# the apology would be for ("Sorry, but please note we can't ..." brings news).
_ONLY_A_REQUEST = LazyPattern(r"[\s,]*but\s+(?:kindly|please)\s+(?!note\b|be\b)", re.IGNORECASE)
_BE = frozenset(("am", "are", "been", "is", "was", "were", "i'm", "we're", "you're", "it's"))
# "Sorry for the trouble this morning": a time, not the problem.
_TIMES = frozenset(DATA["time-words"])
_EXPLAINS = frozenset(DATA["explanation-openers"])
_CAUSE_WORDS = frozenset(DATA["cause-words"])
_NEGATIONS = frozenset(DATA["negations"])
# What went wrong, said with a verb in -ing right after the apology: "sorry for the
# trouble tracking your order", "for the frustration signing in" (not "anything",
# "during", "this morning").
_DOING = LazyPattern(r"(?!(?:any|no|some|every)thing\b|during\b|morning\b|evening\b)[a-z]+ing\b")
# "... for any inconvenience this outage has caused": "this" or "that" and a word that
# names something (not "this may have caused").
_POINTS_AT_IT = LazyPattern(
    # In lower case: "Sorry for the confusion This will ..." starts a sentence.
    r"(?:this|that)\s+(?!(?i:"
    + "|".join(map(re.escape, sorted(_FILLER | _VAGUE | _TIMES)))
    + r")\b)[a-zA-Z]"
)
# The apology's object ends where its clause does.
_OBJECT_END = LazyPattern(
    r"[,;:.!?()\u2013\u2014\n\x1a]|\s-\s|--|\s(?:and|but|please|so|as|if)\s", re.IGNORECASE
)
# Stock apologies in other languages, and what may follow one that names nothing: no
# word but a name, then a break, an emoji or the end of the message.
_OTHER_LANGUAGES = frozenset(DATA["other-languages"])
# Words that may stand between a greeting and such a line: "je suis", "vraiment".
_OTHER_LANGUAGE_LEADS = frozenset(DATA["other-language-leads"])
# ... and in Japanese, which has no spaces: a lead and its "、" right before one.
_UNSPACED_LEAD = LazyPattern("(?:" + "|".join(DATA["unspaced-leads"]) + ")\u3001$")
# Words that make the clause before an apology news: "That promotion ended at 9am, we
# apologize for the confusion".
_NEWS_WORDS = frozenset(DATA["news-words"])
# ... unless it regrets how things went: "This isn't the experience we want, sorry".
_EXPERIENCE = frozenset(DATA["experience-words"])
# Words that open a request after such a line and a comma: "..., por favor recuerda".
_OTHER_LANGUAGE_REQUESTS = WordPhrases(DATA["other-language-requests"])
_VAGUE_OBJECT_AFTER = LazyPattern(
    r"\s+(?:"
    + "|".join(re.escape(words) for words in DATA["other-language-vague-objects"])
    + r")(?!\w)",
    re.IGNORECASE,
)
_ENDS_THE_APOLOGY = LazyPattern(r"\s*(?:[A-Z][a-z]+\s*)?(?:[^\w\s]|$)")


def _tells_news(words: List[str]) -> bool:
    """A word of news among ``words``: "ended", "not", "unavailable", or one in "n't"."""
    return not _NEWS_WORDS.isdisjoint(words) or any(word.endswith("n't") for word in words)


def _regrets_the_experience(words: List[str]) -> bool:
    """A clause that only regrets how things went, naming nothing: "this isn't the
    service we expect", "that is not the experience we want" (not "it is taking longer
    than expected", which names the delay)."""
    return (
        bool(words)
        and words[0] in _VAGUE
        and not _EXPERIENCE.isdisjoint(words)
        and any(word == "not" or word.endswith("n't") for word in words)
    )


def _opens_sentence(before: str) -> bool:
    """Nothing of the sentence comes before the apology but a short greeting in Latin
    letters ("Hi Yaya, ", "Jc Miñarro, ") or a Japanese lead ("このたびは、"): a clause
    before it may say what went wrong."""
    before = _UNSPACED_LEAD.sub("", before.strip(" \t\n" + MASK)).rstrip(" \t\n" + MASK)
    words = before.split()
    while words and words[-1].lower() in _OTHER_LANGUAGE_LEADS:
        words.pop()  # "Bonjour, je suis vraiment désolée d'apprendre cela": the subject
    before = " ".join(words)
    if not before:
        return True
    # Below U+2E80: Latin, Greek and Cyrillic letters, not the CJK scripts, whose
    # clauses have no spaces to count words by.
    return before.endswith(",") and len(before.split()) <= 3 and max(map(ord, before)) < 0x2E80


# A word, with the padding of a folded character inside it ("can't" written as mojibake).
_WORD = LazyPattern(r"[^\W_]+(?:['\-]\u2060*[^\W_]+)*")


def _object_end(text: str, start: int) -> Optional[re.Match[str]]:
    """Where the apology's object ends: at a clause break, or "and", "but", "so", "as"
    or "if"; not at "so" after a form of "be" ("sorry we were so late with our reply"),
    where it makes the next word stronger."""
    end = _OBJECT_END.search(text, start)
    while end and end.group().strip().lower() == "so":
        before = word_list(text[start : end.start()].lower())[-1:]
        if not before or before[0] not in _BE:
            break
        end = _OBJECT_END.search(text, end.end())
    return end


def _cut_off(text: str, start: int) -> bool:
    """The apology's object breaks off: "My apologies for the... 1/2", "We're sorry for
    any" at the end of the message, or the message ends with it and a thread marker
    ("Apologies again >>"): the rest is in the next part."""
    rest = text[start : start + 24]
    match = _BROKEN_OFF.match(rest)
    if match is None:
        return False
    return (
        bool(match.group(1))
        or not text[start + match.end() :].strip()
        or _goes_on_in_next_part(text, start)
    )


def _asks_to_hear_again(text: str, start: int) -> bool:
    """The rest of the sentence asks the customer to say or send it again: "Sorry, what
    do you mean?", "sorry but kindly explain further", "could you send it once more?"."""
    sentence_end = _NEXT_SENTENCE_END.search(text, start)
    rest = word_list(text[start : sentence_end.end() if sentence_end else len(text)].lower())
    return not _PARDON.isdisjoint(rest) or _PARDON_PHRASES.found_in(rest)


def _goes_on_in_next_part(text: str, start: int) -> bool:
    """The message ends in a thread marker a few words after ``start``, with no sentence
    end between: "We do apologise for any inconvenience >>", "Apologies again (1/2)"."""
    rest = text[start:].strip()
    # Only the end of the text is tried: the pattern is anchored there, and searching
    # from every character of the text cost more than the rest of this rule's reading.
    marker = _MARKER_AT_END.search(rest, max(0, len(rest) - 40))
    # A few words at most before the marker: the apology's own object, not more news.
    return (
        marker is not None
        and not _SENTENCE_MARK.search(rest)
        and len(word_list(rest[: marker.start()])) <= 4
    )


def _names_it_later(text: str, start: int, sentence_end: int, explains: bool = True) -> bool:
    """After the apology's clause, the rest of its sentence says what went wrong: "Sorry
    to hear that, we can't hold seats", "Sorry for the confusion, the refund was already
    processed" (not an offer or a request: "..., please DM us", "..., I'm happy to
    help", nor a question). After a stock line, only a failure named counts (``explains``
    false): "We apologize for the inconvenience, the site is back up" still names
    nothing."""
    rest = text[start:sentence_end]
    if "?" in rest:
        return False
    words = word_list(rest.lower())
    if len(words) < 3 or words[0] in _ASKS_AFTER or words[0] in _OFFERS:
        return False
    if _regrets_the_experience(words):
        return False  # "Sorry for the trouble, this isn't the experience we want"
    if "inform" in words[:6]:
        return True  # "Sorry for the trouble, we'd like to inform you that it takes 7 days"
    if not _SLIPS.isdisjoint(words[:4]):
        return True  # "Sorry about that, forgot to add the link": the writer's slip
    if explains and words[0] in _EXPLAINS:
        return True
    if words[0] == "as" and (
        not _CAUSE_WORDS.isdisjoint(words[:10]) or not _NEGATIONS.isdisjoint(words[:8])
    ):
        # "Sorry about this, as the team is still working on it", "Sorry for that as we
        # get many requests due to the volcano": what is wrong, or why
        return True
    # A failure named ("we can't hold seats"), not a kindness ("we don't want you to go",
    # "don't hesitate to ask").
    return any(
        word in _NEGATIONS and words[at + 1 : at + 2] not in (["want"], ["hesitate"], ["worry"])
        for at, word in enumerate(words)
    )


class GenericApology(PhraseRule):
    code = "CL201"
    name = "generic-apology"
    summary = "Generic apology that does not name the problem"
    data = DATA
    template = 'Generic apology "{text}": say what went wrong'

    def check(self, message: Message) -> Iterator[Violation]:
        stock = list(super().check(message))
        yield from stock
        text = message.prose.text
        lowered = folded(text)
        if _APOLOGY_VOCABULARY.isdisjoint(words_of(lowered).vocabulary):
            return  # no "sorry", no "apologies": most replies
        for match in _APOLOGY_WORD.finditer(lowered):
            span = Span(*match.span())
            if any(found.span.start <= span.start < found.span.end for found in stock):
                continue  # a stock phrase already covers it
            vague = self._vague_apology(text, span, message.prose.sentence_at(span.start))
            if vague is not None:
                yield self.violation_at(message, vague, "")

    def compile(self) -> PhraseSet:
        """The stock lines, in English and in the other languages brands answer in."""
        return compile_phrases(
            merged(
                (*DATA["phrases"], *DATA["other-languages"]),
                self.options.extend_phrases,
                self.options.ignore_phrases,
            )
        )

    fix_title = "Take the stock apology out"
    fix_safety = "unsafe"

    def fix_in(self, message: Message, span: Span, found: str, phrase: str) -> Optional[Fix]:
        text = message.text
        prose = message.prose
        sentence = prose.sentence_at(span.start)
        if MASK in prose.text[sentence.start : sentence.end]:
            return None  # a template tag or a link in the sentence: the writer decides
        rest = word_list(
            (text[sentence.start : span.start] + " " + text[span.end : sentence.end]).lower()
        )
        if any(word not in _FILLER and word not in _VAGUE for word in rest):
            return None  # the sentence says something besides the apology
        start, end = sentence.start, sentence.end
        while end < len(text) and text[end] in " \t":
            end += 1
        if end == len(text) or text[end] in "\r\n":  # the last sentence on its line
            while start > 0 and text[start - 1] in " \t":
                start -= 1
        if not (text[:start] + text[end:]).strip():
            return None  # the whole message: nothing would be left
        return Fix(f'Take "{found}" out', (Edit(Span(start, end), ""),), Applicability.UNSAFE)

    def accept(self, message: Message, span: Span, phrase: str) -> bool:
        text = message.prose.text
        if phrase in _OTHER_LANGUAGES:
            # Only the punctuation around it is read: "Mi spiace, hai segnalato ...?" is
            # stock, "Mi spiace per il ritardo" names the delay, and so does the clause
            # before it in "商品に破損があり、ご迷惑をおかけしております".
            sentence = message.prose.sentence_at(span.start)
            vague = _VAGUE_OBJECT_AFTER.match(text, span.end)  # "... per l'accaduto"
            end = _ENDS_THE_APOLOGY.match(text, vague.end() if vague else span.end)
            if end is None or not _opens_sentence(text[sentence.start : span.start]):
                return False
            if text[end.end() - 1 : end.end()] not in (",", ";"):
                return True
            # "Navré pour cela, nous ne savons pas si ...": the clause after the comma may
            # give the news the apology is for; only a question or a request after it
            # ("Navrée pour cela, avez-vous vérifié ... ?", "..., en este caso por favor
            # entra en contacto ...") leaves
            # the apology naming nothing.
            rest = text[end.end() : sentence.end]
            words = word_list(rest)
            return (
                rest.rstrip().endswith("?")
                or _OTHER_LANGUAGE_REQUESTS.found_in([word.lower() for word in words[:5]])
                or (len(words) <= 2 and all(word[:1].isupper() for word in words))  # ", Marc."
            )
        after = text[span.end : span.end + 40].lstrip(" ")
        if after and (
            _NAMES_THE_PROBLEM.match(after) or _POINTS_AT_IT.match(after) or _DOING.match(after)
        ):
            # "... for the inconvenience this outage has caused", "sorry for the trouble
            # tracking your order"
            return False
        if _cut_off(text, span.end):
            return False  # "My apologies for the... 1/2": what it is for is in the next part
        end = _object_end(text, span.end)
        sentence = message.prose.sentence_at(span.start)
        if self._closes_its_news(text, sentence, span):
            return False
        return not (end and _names_it_later(text, end.start(), sentence.end, explains=False))

    @staticmethod
    def _subject_start(text: str, start: int) -> int:
        """Where "Our apologies" or "We're so sorry" begins, before its apology word."""
        for match in reversed(list(_WORD.finditer(text, max(start - 24, 0), start))):
            between = text[match.end() : start]
            cut = match.start() > 0 and text[match.start() - 1].isalnum()
            if cut or between.strip() or match.group().lower() not in _FILLER:
                break
            start = match.start()
        return start

    @classmethod
    def _closes_its_news(cls, text: str, sentence: Span, apology: Span) -> bool:
        """The apology is a clause of its own after the news, in the same sentence: "That
        promotion ended at 9am, we apologize for the confusion", "The game won't air
        tonight; I'm sorry for any inconvenience". It is for the news before it."""
        opening = text[sentence.start : apology.start]
        if "," not in opening and ";" not in opening:
            return False  # most apologies: no clause before them in their sentence
        subject = cls._subject_start(text, apology.start)
        before = text[sentence.start : subject].rstrip()
        if not before.endswith((",", ";")):
            return False
        words = word_list(before.lower())
        # The clause must tell news ("ended", "won't"), not a courtesy ("Thanks for
        # reaching out, ...", "We're here to help, ...") or a regret about the experience.
        return (
            _THANKS.isdisjoint(words)
            and _EXPERIENCE.isdisjoint(words)
            and _tells_news(words)
            and cls._after_its_news(text, sentence.start, subject)
        )

    @staticmethod
    def _closes_the_reply_after_news(text: str, subject: int, end: int) -> bool:
        """A bare apology that ends the reply, straight after a sentence of news: "If you
        can't get a free box, the boxes have run out. Sorry". It is for that news."""
        if not SIGN_OFF_ONLY.match(text, end):
            return False
        before = text[:subject].rstrip()
        if not before.endswith((".", "!")):
            return False
        opening = max(before.rfind(mark, 0, len(before) - 1) for mark in ".!?\n")
        return _tells_news(word_list(before[opening + 1 :].lower()))

    @staticmethod
    def _after_its_news(text: str, sentence_start: int, subject: int) -> bool:
        """An apology closing a sentence that first gives the news: "That offer expired
        yesterday, we're very sorry!" (a greeting or a name before it is not news)."""
        words = [
            word
            for word in word_list(text[sentence_start:subject].lower())
            if word not in _GREETINGS and word.strip(MASK)
        ]
        # "Thanks for reaching out & so sorry to hear ...": a courtesy, not the news.
        return len(words) >= 3 and _THANKS.isdisjoint(words)

    @staticmethod
    def _stands_alone(text: str, end: int, asks_again: bool) -> bool:
        """ "Our apologies." with nothing after it but a sign-off, or a request after it
        ("Please give us a call"): an apology ending its sentence that the reply never
        explains."""
        if end < len(text) and (text[end] == "," or _DASH_BREAK.match(text, end)):
            # "Apologies, which store was it?", "Sincere apologies, please send the
            # documents", "Apologies - pls call us": a question or a request straight
            # after the comma or the dash. "Sorry, what do you mean?" asks to hear the
            # customer again, which is no apology.
            sentence_end = _NEXT_SENTENCE_END.search(text, end)
            rest = word_list(text[end : sentence_end.end() if sentence_end else len(text)].lower())
            if not rest or (asks_again and _asks_to_hear_again(text, end)):
                return False
            if rest[0] in _REQUEST_OPENERS and rest[1:2] not in (["note"], ["be"]):
                return True
            if _regrets_the_experience(rest):
                return True  # "Apologies, this isn't the service we expect"
            asks = sentence_end is not None and sentence_end.group() == "?"
            return asks and rest[0] in _QUESTION_OPENERS
        if end < len(text) and text[end] not in ".!\n":
            return False  # "Sorry, but ...", "Sorry (the link) ..."
        if SIGN_OFF_ONLY.match(text, end):
            return True  # "Really sorry. ^PA"
        rest = word_list(text[end : end + 40].lower())
        if rest[:1] == ["if"] and rest[1:2] != ["you"]:
            # "If it happens again, send us a DM" asks; "If that flight never showed up,
            # it was full" is the news the apology is for: the clause after the
            # condition decides.
            comma = text.find(",", end, end + 120)
            rest = word_list(text[comma + 1 : comma + 40].lower()) if comma >= 0 else []
            return bool(rest) and rest[0] in _ASKS_AFTER
        if not rest or rest[0] in _ASKS_AFTER or _OFFERS_AFTER.opens(rest):
            return True
        # "I am sorry, Rachel. Have the store started stocking it?": a question next.
        next_end = _NEXT_SENTENCE_END.search(text, end + 1)
        return next_end is not None and next_end.group() == "?"

    @staticmethod
    def _before_a_name(text: str, start: int, end: int) -> int:
        """Where the apology's object ends before the customer's name: "I'm sorry to
        hear that Desiree", "So sorry to hear, Alex" (a name in capitals closing the
        clause, after "that" or "hear")."""
        found = list(_WORD.finditer(text, start, end))
        if len(found) < 2 or found[-2].group().lower() not in _VAGUE | _HEAR:
            return end
        name = found[-1].group()
        return found[-1].start() if name[:1].isupper() and name != "I" else end

    def _vague_apology(self, text: str, apology: Span, sentence: Span):
        """The apology and its object when the object names nothing: "Sorry about
        that!", "sorry to hear you're having issues"."""
        if _NOT_AN_APOLOGY_BEFORE.search(folded(text[max(apology.start - 16, 0) : apology.start])):
            return None  # "no need to be sorry", "you're sorry": not the writer's apology
        if self._closes_its_news(text, sentence, apology):
            return None
        end_match = _object_end(text, apology.end)
        end = end_match.start() if end_match else len(text)
        end = self._before_a_name(text, apology.end, end)
        words: List[str] = word_list(text[apology.end : end].lower())
        if len(words) <= 1:
            # "Our apologies, Sage. If you ...", "Really sorry Matt.": the name alone,
            # then the sentence ends.
            name = _NAME_AFTER.match(text, apology.end if words else end)
            if name:
                words, end = [], max(end, name.end())
        asks_again = text[apology.start : apology.end].lower() == "sorry"
        if not words and self._stands_alone(text, end, asks_again):
            subject = self._subject_start(text, apology.start)
            if self._after_its_news(text, sentence.start, subject):
                return None  # "That offer expired yesterday, we're very sorry!"
            if self._closes_the_reply_after_news(text, subject, end):
                return None  # "... it means the boxes have run out. Sorry"
            return Span(subject, apology.end)
        if _cut_off(text, apology.end):
            # "So sorry to hear of... 1/2", "We apologise for any inconvenience >>": the
            # object is in the next part, or the next part goes on to name it
            return None
        request = _ONLY_A_REQUEST.match(text, apology.end)
        if request and not _asks_to_hear_again(text, request.start()):
            return Span(apology.start, apology.end)  # "Sorry but kindly send the number"
        if not words or words[0] in _NOT_AN_OBJECT:
            # "Sorry, but we can't ...", "Sorry! The sauce sold out", "sorry to say ...":
            # the news around it is what the apology is for.
            return None
        content = [word for word in words if word not in _FILLER]
        if any(word not in _VAGUE for word in content) or _AND_NAMED.match(text, end):
            return None  # "... and delay to your journey": the second object names it
        if _names_it_later(text, end, sentence.end):
            return None  # "Sorry to hear that, we can't hold seats": the sentence names it
        last = apology.end
        for match in _WORD.finditer(text, apology.end, end):
            last = match.end()
        return Span(apology.start, last)
