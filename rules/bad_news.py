"""The shared reading of a reply that delivers bad news (not a rule itself).

CL501, CL502 and CL503 judge the same thing from three sides, so they share one model,
computed once per message through :meth:`Message.memo` (rules whose cue options are
equal get the same :class:`BadNewsModel`, so its reading is shared):

1. Find the bad-news sentences: a sentence with a bad-news cue ("unfortunately",
   "can't", "out of stock", "not eligible", ...) where the cue's clause tells the
   customer something rather than asking (a question), supposing ("If you can't log
   in, ..."), saying their own problem back ("Sorry to hear you're unable to ...",
   "what's causing you to not be able to ..."), speaking in general ("Some devices
   are no longer supported") or reassuring ("you won't be charged", "we won't have
   you start over"), and where the cue is not part of a friendly idiom ("we
   can't wait", "couldn't agree more").
2. Mark the news that is a refusal: the writer turning down something the customer
   asked for ("we can't refund", "your claim was denied", "not eligible").
3. Look through the whole reply, and any follow-up the same writer sent before the
   customer answered, for an answer (an offer, a next step, a link, a channel, a
   question that moves the case on), for an acknowledgement of how the news lands,
   and for a reason.

The cue lists are in ``bad_news.toml`` beside this module.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator, List, Sequence, Tuple

from chatlint.lazy_pattern import LazyPattern
from chatlint.message import Message
from chatlint.phrases import PhraseSet, compile_phrases, merged, normalize
from chatlint.prose import MASK, Prose, folded, word_list, words_of
from chatlint.rule import Rule
from chatlint.toml_files import data_beside
from chatlint.violation import Span, Violation

from . import clauses

DATA = data_beside(__file__)
NOT_BAD_NEWS = compile_phrases(tuple(DATA["not-bad-news"]))
NOT_NEWS_CLAUSE = clauses.WordPhrases(DATA["not-news-clause"])
NEWS_MARKERS = compile_phrases(tuple(DATA["news-markers"]))
_CUSTOMER_SUBJECT = frozenset(DATA["customer-subject"])
_CLAUSE_OPENERS = frozenset(DATA["clause-openers"])
_ECHO_CUES = frozenset(DATA["echo-cues"])
GENERALITY = clauses.WordPhrases(DATA["generality"])
_REFUSAL_CUES = frozenset(DATA["refusal-cues"])
_DECISIONS = frozenset(DATA["decision-cues"])
_WRITER = frozenset(DATA["writer-subject"])
_REQUESTS = frozenset(DATA["request-verbs"])
_IMPERSONAL = frozenset(DATA["impersonal-refusals"])
# Words between an inability cue and its verb: "unable to currently offer".
_VERB_FILLER = frozenset(
    (
        "be",
        "able",
        "to",
        "currently",
        "at",
        "this",
        "time",
        "still",
        "really",
        "just",
        "any",
        "further",
    )
)


@functools.lru_cache(maxsize=None)
def _phrases(key: str) -> PhraseSet:
    """The phrase list ``key`` of bad_news.toml, compiled on first use: the lists that
    judge an answer are needed only in a reply with bad news, which most are not."""
    return compile_phrases(tuple(DATA[key]))


# The regular expressions of this module are LazyPatterns, compiled on first use like
# the phrase lists above: they read a reply that has bad news, which most runs never
# meet, and compiling them all at import took 5 ms of every run.

# Where a closer's clause begins and ends: a clause break, an "and", or a sentence end.
_CLOSER_CLAUSE_START = LazyPattern(r"[,;:.!?\n\u2013\u2014(]|\s(?:and|but)\s", re.IGNORECASE)
_CLOSER_CLAUSE_END = LazyPattern(r"[,;:.!?\n\u2013\u2014(]")
# Asking to be contacted, with no place named: "contact us", "reach out to our team".
_GENERIC_CONTACT = clauses.WordPhrases(DATA["generic-contact"])
_CLOSING_ASK = LazyPattern(
    r",\s*(?:please\s+|just\s+|do\s+)?(?:let (?:us|me) know|reach out|ask|give us a shout)\b"
    r"[^.!?\n]*",
    re.IGNORECASE,
)
_SO = LazyPattern(
    r",\s*so\b|\bso\s+(?:i|we|it|the|this|your|you)\b|\btherefore\b|\bwhich means\b",
    re.IGNORECASE,
)
# "Some devices ...", "Certain accounts ...": a sentence about a kind of thing.
_SOME_PLURAL = LazyPattern(
    r"(?:some|certain|many|most)\s+(?:[a-z-]+\s+){0,2}[a-z]+s\b", re.IGNORECASE
)
_CHANNEL_SCOPE = clauses.WordPhrases(DATA["channel-scope"])
# Words before a cue that make it the reason for what follows: "due to the limited
# quantity, only select stores will have it".
_REASON_LEADS = clauses.WordPhrases(("because of", "due to"))
# After "only available": a time it was limited to, so it has run out.
_UNTIL = frozenset(("until", "till", "through", "thru", "while", "during", "before"))
_SUPPORTED_FROM = frozenset(("or later are supported", "or newer are supported"))
_ONLY_AVAILABLE = frozenset(
    ("only available", "available only", "only at select", "only in select")
)
_CAN_ONLY = frozenset(("we can only",))
# Words after an "only" cue that say what can still be had: "only select stores will".
_POSSIBLE = frozenset(("can", "could", "will", "would", "possible"))
# "a 30-day wait", "within 48 hours": a time limit stated is the rule behind a refusal.
_TIME_LIMIT = LazyPattern(
    r"\b\d+[- ]?(?:day|days|hour|hours|week|weeks|month|months|year|years)\b", re.IGNORECASE
)
# Help offered in this channel instead: "we're happy to sort it out right here".
_EQUIVALENT = LazyPattern(
    r"\b(?:happy to|glad to|right here|in this chat|in dm|via dm|dm us)\b", re.IGNORECASE
)
# Asking the customer to take it elsewhere: the refusal is a redirect, not a "no".
_REDIRECT = LazyPattern(
    r"\b(?:reach out to|contact|get in touch with|send us an? e-?mail|call|visit)\b",
    re.IGNORECASE,
)
_CONCESSIVE = frozenset(("while", "whilst", "although", "though"))
_CLOSURES = frozenset(DATA["closure-cues"])
_EQUIVALENTS = clauses.WordPhrases(DATA["equivalents"])
_INFORMATION = frozenset(DATA["information-verbs"])
_NOTICE_VERBS = frozenset(DATA["notice-verbs"])
_ADVICE_OPENERS = clauses.WordPhrases(DATA["advice-openers"])
# "We couldn't do it without you", "without guests like yourself": thanks.
_THANKED = frozenset(("you", "yourself", "yourselves", "y'all"))
# In the news clause, a joined clause after the cue that says what is being done or
# will happen: "the outage is still open and working to get it restored", "... and we'll
# call you", "the feature isn't active yet and should launch tomorrow".
_AND_DOING = LazyPattern(
    r"\s(?:and|&amp;|&)\s+"
    r"(?=(?:we|i|we'll|i'll|we've|i've|we're|i'm|will|should|are working|working)\b)",
    re.IGNORECASE,
)
# Without doing or giving something: what makes it possible ("We can't verify anything
# without authenticating your account", "without those details we can't log it").
_WITHOUT_DOING = LazyPattern(
    r"\bwithout\s+(?:\w+ing|(?:the|those|these|your|this|that|a|an)\s+\w+)\b", re.IGNORECASE
)
_FREQUENCY = frozenset(DATA["frequency-words"])
# Where a sentence turns: "We sometimes update the terms but can't say when".
_TURN = LazyPattern(r"\b(?:but|however)\b")
_TURN_AFTER = LazyPattern(r"\b(?:but|however)\b,?", re.IGNORECASE)
# Words that keep a clause after the turn from being what can be done: it denies too
# ("but we can't say when"), or it is a courtesy ("but we appreciate the feedback").
_DENIALS = frozenset(("not", "no", "never", "cannot", "unable", "nothing", "none", "nor"))
_COURTESY_WORDS = frozenset(DATA["turn-courtesies"])
# A reason clause inside a clause: "... as we cannot handle refunds here".
_REASON_CLAUSE = LazyPattern(
    r"\s(?:as|because|since)\s+(?:we|we're|i|i'm|it|it's|they|the|our|this|that|there)\b",
    re.IGNORECASE,
)
_REGRETS = frozenset(DATA["regret-adverbs"])
_SUPPOSES = frozenset(("if", "unless"))
_INCIDENTS = frozenset(DATA["incident-cues"])
_DISRUPTIONS = frozenset(DATA["disruption-cues"])
# "XT8449 was cancelled": a flight number names a service that runs.
_FLIGHT_NUMBER = LazyPattern(r"\b[A-Z][A-Z0-9]\d{2,4}\b")
_RUNNING = frozenset(DATA["running-services"])
_TOPIC_PREPOSITIONS = frozenset(("about", "regarding", "on", "with"))
_DETERMINERS = frozenset(("a", "an", "any", "our", "the"))
_FEELINGS = frozenset(DATA["feeling-words"])
_LOOKUP_VERBS = frozenset(DATA["lookup-verbs"])
# "Once an order is being prepared for shipment, we can't alter it", "sorry, but once a
# booking is confirmed no change is allowed": a rule for the case "once" supposes (not
# "once more", "once again", or "once, and").
_ONCE = LazyPattern(r"\bonce\s+(?!more\b|again\b|and\b|or\b)\w", re.IGNORECASE)
_INDIRECT_ASKING = frozenset(DATA["indirect-asking"])
_PAST_INABILITY = frozenset(DATA["past-inabilities"])
_APOLOGY_WORDS = frozenset(DATA["apology-words"])
# A request for what is missing: "please send", "could you", "DM us".
_ASKS_FOR = LazyPattern(
    r"\b(?:please|kindly)\b|\b(?:can|could|would) you\b"
    r"|\b(?:dm|send|share|provide|give) (?:us|me)\b",
    re.IGNORECASE,
)
_COMPARATIVES = frozenset(DATA["idiom-comparatives"])
_IDIOM_VERBS = frozenset(DATA["idiom-verbs"])
# A question to the customer: the words up to a "?" (and whatever closes it).
_QUESTION = LazyPattern(r"[^.!?\n]*\?")
# A clause that opens with "only", beside the news: "Change of guest isn't allowed, only a
# change of date", "Only airport tax can be refunded": what can be had.
_ONLY_OPTION = LazyPattern(r"(?:^|[.,;:!?]\s*)only\s+[a-z]", re.IGNORECASE)
# After the news in its sentence, what can be done instead: "the flight can't be split,
# only the guests can be", "name changes aren't allowed, we may only amend a name" (not
# "... as the songs would only be saved in the app", a reason).
_ONLY_POSSIBLE = LazyPattern(
    r"\bonly\s+(?:[\w'-]+\s+){0,3}?(?:can|could)\b|\b(?:can|could|may)\s+only\s+[a-z]",
    re.IGNORECASE,
)
# The one option left, after the news: "not eligible for any pass other than your city's".
_OTHER_THAN = LazyPattern(r"\bother\s+than\s+(?:the|your|a|an|by|through|via|in|at)\b", re.I)
# How long it will take: "a response can take 14-30 days", "within 3 to 5 working days",
# "up to 30 days".
_TIME_FRAME = LazyPattern(
    r"\b(?:\d+\s*(?:-|to|\u2013)|up to|within)\s*\d+\s*"
    r"(?:business |working )?(?:hours|days|weeks)\b",
    re.I,
)
# A phone number: a channel the customer can use.
_PHONE = LazyPattern(r"\d[\d\s().-]{7,}\d")


# A service refused in so many words: "the code won't apply", "gift cards aren't
# refundable", "we don't stock it", "that promo doesn't stack" (a negation, then "be"
# or an adverb or two, then one of the service verbs in bad_news.toml). Looked for only
# in a reply that holds one of those verbs.
_SERVICE_VERBS = frozenset(DATA["service-verbs"])
# The words a refusal of a service opens with (the same as the pattern's), to skip the
# pattern in a reply that has none.
_NEGATIONS = frozenset(
    "won't wouldn't doesn't don't didn't isn't aren't wasn't weren't can't couldn't "
    "cannot not longer".split()
)
_NEGATED_SERVICE = LazyPattern(
    # The look-ahead on the first letter lets the scan skip most positions at C
    # speed: without it this pattern cost more than the rest of the bad-news reading.
    r"(?=[acdinw])\b(?:(?:won|wouldn|doesn|don|didn|isn|aren|wasn|weren|can|couldn)['\u2019]t"
    r"|(?:will|would|does|do|did|is|are|was|were|can|could)\s+not|cannot|no\s+longer)"
    r"(?:\s+(?:be|being|been|currently|actually|yet|able\s+to|be\s+able\s+to))*\s+(?:"
    + "|".join(DATA["service-verbs"])
    + r")\b",
    re.IGNORECASE,
)
# Words that may come before "don't" in an instruction: "so please don't take ...".
_IMPERATIVE_LEADS = frozenset(("and", "but", "just", "please", "so", "then"))
# A relief rather than news: "the restocking fee won't apply".
_BURDENS = frozenset(DATA["burdens"])
# Instructions that open a sentence or a clause ("Tap 'Notify me'", "Pick it up at Main
# St", "If it hasn't come by Friday, open a claim"): a next step. The word after the
# verb must go with an instruction, so "Order #1234 was cancelled" or "Return window
# closed" are not read as one.
_INSTRUCTION = LazyPattern(
    # One run of non-word characters after the break, then a word at once: cleared
    # clauses leave long runs of blanks, and two quantifiers over them (or trying
    # every verb at each blank) made the search quadratic.
    # "... linked to your email, so just pay online": "so" opens a clause too.
    r"(?:^|[.!?:;,]\s|\n|\bso\s)\W*(?=\w)(?:(?:"
    + "|".join(DATA["instruction-leads"])
    + r")\s+)?(?:"
    + "|".join(DATA["instruction-verbs"])
    + r")\s+(?:"
    + "|".join(DATA["instruction-objects"])
    + r"\b|"
    + re.escape(MASK)  # a quoted label or a link: Tap "Notify me"
    + ")",
    re.IGNORECASE,
)
# A web address written without "https://" ("walmart.com/returns", "bit.ly/3xR"): a link,
# though the prose does not mask it as one.
_BARE_LINK = LazyPattern(
    r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|co|ly|io|gov|edu|us|uk|ca|me|tv|to|gl|app)"
    r"(?:/\S*)?(?![\w.]*[a-z])",
    re.IGNORECASE,
)
# A remedy already carried out: "I've refunded the shipping", "we just sent a new code".
_DONE_REMEDY = LazyPattern(
    # "... and have shared the feedback": the subject said earlier in the sentence.
    r"\b(?:(?:i|we)(?:'ve|\u2019ve| have)?|and have)"
    r"(?:\s+(?:already|just|now|also|gone\s+ahead\s+and))*\s+(?:"
    + "|".join(DATA["done-remedies"])
    + r")\b",
    re.IGNORECASE,
)
# A remedy carried out, said without who did it, anywhere in the reply (even in the
# sentence with the news): "was cancelled and refunded", "has been passed on".
_DONE_REMEDY_PASSIVE = LazyPattern(
    r"\b(?:been|was|were)\s+(?:\w+\s+and\s+)?(?:" + "|".join(DATA["passive-remedies"]) + r")\b",
    re.IGNORECASE,
)
# What comes next in the case: "will", "'ll", "shall" or "should" (or "should have"
# for what was sent: "you should have received an email") before a word. Which verbs
# count is decided in _tells_what_comes_next, with the word lists in bad_news.toml.
_FUTURE = LazyPattern(
    r"(?:\b(?:will|shall|should)|(?<=\w)['\u2019]ll)\s+(?:have\s+)?(?=[a-z])",
    re.IGNORECASE,
)
_NOT_NEXT_STEP = frozenset(DATA["not-next-step"])
_FUTURE_COURTESIES = clauses.WordPhrases(DATA["future-courtesies"])
_PRONOUNS = frozenset(("i", "it", "they", "we", "you"))
_JOINERS = frozenset(("and", "but", "so"))


def _tells_what_comes_next(text: str) -> bool:
    """ "You should receive a tracking number when it ships", "It will automatically
    become an adult account": what will happen next in the case, an answer. Not "we
    won't", "Hope you'll enjoy it", "We'll be happy to help", nor "Should you need
    anything" (a supposition)."""
    for found in _FUTURE.finditer(text):
        after = word_list(text[found.end() : found.end() + 40].lower())
        if not after or after[0] in _PRONOUNS or _FUTURE_COURTESIES.opens(after):
            continue
        where = clauses.clause(text, Span(0, len(text)), Span(found.start(), found.end()))
        before = word_list(text[where.start : found.start()].lower())
        joined = [at for at, word in enumerate(before) if word in _JOINERS]
        if joined:
            # "The feature isn't active yet and should launch tomorrow": the clause the
            # "and" joins says what comes next, whatever came before it.
            before = before[joined[-1] + 1 :]
        if not _NOT_NEXT_STEP.isdisjoint(before):
            continue
        return True
    return False


# Work going on: "our devs are constantly checking all feedback", "we're making
# improvements", "the team is looking into it" (see working-subjects in bad_news.toml).
_WORK_GOING_ON = LazyPattern(
    r"\b(?:" + "|".join(DATA["working-subjects"]) + r")(?:\s+(?:is|are)|['\u2019]re)"
    r"(?:\s+(?:\w+ly|still|now|already|also))*\s+(?!(?:"
    + "|".join(DATA["not-work"])
    + r")\b)[a-z]+ing\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class News:
    """A bad-news sentence, the cue that made it one, and whether it refuses a request."""

    sentence: Span
    cue: Span
    refusal: bool
    #: Further cues in the same sentence ("As stock was short, only some branches
    #: carry it"): each of their clauses carries news too.
    more_cues: Tuple[Span, ...] = ()

    @property
    def cues(self) -> Tuple[Span, ...]:
        return (self.cue, *self.more_cues)


#: The bad news of one rendering of a message, in order.
Found = Tuple[News, ...]


@dataclass(frozen=True)
class BadNewsOptions:
    """The cue options every bad-news rule takes (set them alike on CL501-CL503)."""

    extend_bad_news: Tuple[str, ...] = field(
        default=(),
        metadata={"doc": 'More phrases that announce bad news ("we no longer ship to").'},
    )
    ignore_bad_news: Tuple[str, ...] = field(
        default=(), metadata={"doc": "Built-in bad-news phrases not to treat as bad news."}
    )
    kinds: Tuple[str, ...] = field(
        default=("chat", "email"),
        metadata={
            "doc": (
                "Message kinds judged; help-centre articles state limits as facts, not news "
                "to one customer."
            )
        },
    )


class BadNewsModel:
    """Finds bad-news sentences with one set of cues; shared by rules with equal options.

    The cues written "not X" are also matched as "isn't X", "aren't X", "wasn't X" and
    "weren't X", from a second set that is searched only in a reply holding one of
    those words: most replies hold none, and the main set stays a quarter smaller.
    """

    def __init__(self, cues: Tuple[str, ...], ignored: Tuple[str, ...] = ()) -> None:
        self.cues = compile_phrases(cues)
        self._written = cues
        self._ignored = ignored

    @functools.cached_property
    def contracted(self) -> PhraseSet:
        """The contracted forms, compiled when a reply first holds one (a one-file run
        usually never does)."""
        written = {normalize(cue) for cue in self._written}
        removed = (*self._ignored, *_contractions(self._ignored))
        return compile_phrases(
            tuple(
                cue
                for cue in merged(_contractions(self._written), (), removed)
                if normalize(cue) not in written
            )
        )

    def find(self, message: Message) -> Tuple[Tuple[Prose, Found], ...]:
        """Bad-news sentences of each rendering of ``message``, with that rendering.

        Call as ``message.memo(model.find)`` so the rules with equal options share it.
        """
        return tuple(
            (
                prose,
                tuple(news for news in _bad_news(prose, self) if not _narrower(prose, news)),
            )
            for prose in message.renderings
        )


@functools.lru_cache(maxsize=16)
def model(options: BadNewsOptions) -> BadNewsModel:
    cues = merged(DATA["bad-news"], options.extend_bad_news, options.ignore_bad_news)
    return BadNewsModel(cues, options.ignore_bad_news)


#: Forms of "be" with "not" that a cue written "not X" also matches.
_NOT_CONTRACTED = frozenset(("isn't", "aren't", "wasn't", "weren't"))


def _contractions(cues: Tuple[str, ...]) -> Tuple[str, ...]:
    """ "isn't X", "aren't X", "wasn't X" and "weren't X" for each cue written "not X"
    ("not eligible": "you aren't eligible"), so a list names each limit once."""
    return tuple(
        f"{contracted} {normalize(cue)[4:]}"
        for cue in cues
        if normalize(cue).startswith("not ")
        for contracted in sorted(_NOT_CONTRACTED)
    )


class BadNewsRule(Rule):
    """Base of CL501-CL503: a reply with bad news, judged on one thing it must also say.

    Subclasses name the TOML list of what they look for (``answer_key``), the option
    that extends it (``answer_option``), the ``advice`` they give, and :meth:`answered`;
    a rule that judges only refusals sets ``refusals_only``.
    """

    answer_key: ClassVar[str]
    answer_option: ClassVar[str]
    advice: ClassVar[str]
    refusals_only: ClassVar[bool] = False
    #: Whether news of a delay or an outage alone ("the 9:40 is running late", "there's an
    #: outage in your area") is judged: it reports a state the customer is usually already
    #: in, rather than turning down what they asked for.
    judges_incidents: ClassVar[bool] = True
    #: Whether the first part of a reply split over several messages ("(1/2)") is
    #: judged: what must come with the news, not after it, is missing from it or not.
    judges_first_part: ClassVar[bool] = False
    #: Whether news the reply does not mark as unwelcome ("unfortunately", "I'm afraid",
    #: "sorry") is judged. Unmarked, a limit is as often the plain answer to a question
    #: ("Prime can't be renewed before it expires") as news the customer did not want.
    judges_unmarked: ClassVar[bool] = True
    Options = BadNewsOptions

    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        self.model = model(
            BadNewsOptions(self.options.extend_bad_news, self.options.ignore_bad_news, ())
        )

    @functools.cached_property
    def answers(self) -> PhraseSet:
        """What the rule looks for besides the news, compiled when a reply first has
        bad news (most never do)."""
        return compile_phrases(
            merged(DATA[self.answer_key], getattr(self.options, self.answer_option))
        )

    def check(self, message: Message) -> Iterator[Violation]:
        if message.kind not in self.options.kinds:
            return
        # The renderings whose news is judged: all, or those a word marks as unwelcome.
        judged = message.renderings
        if not self.judges_unmarked:
            markers = _phrases("unwelcome-markers")
            judged = [prose for prose in judged if markers.search(prose.text)]
            if not judged:
                return  # no word marks news as unwelcome: the news need not be read at all
        # A template is judged per rendering: the customer receives one branch.
        for prose, found in message.memo(self.model.find):
            if self.refusals_only:
                found = tuple(news for news in found if news.refusal)
            if not self.judges_incidents:
                found = tuple(news for news in found if not _reports_incident(prose.text, news))
            if not found or prose not in judged:
                continue
            part = message.memo(_thread_part)  # read only for a reply with news (few have)
            if part and not (part == 1 and self.judges_first_part):
                return  # "(1/2)": one part of a reply; the answer may be in the other part
            if not self.answered(prose, message.follow_up, found):
                yield self.violation(
                    _from_first_word(message.text, prose, found[0].sentence), suggestion=self.advice
                )
                return

    def answered(self, prose: Prose, follow_up: str, found: Found) -> bool:
        raise NotImplementedError


def _reports_incident(text: str, news: News) -> bool:
    """Every cue of the news names a delay or an outage ("Trains are delayed by up to
    an hour", "There's an outage in your area", "Unfortunately a signal fault is causing
    delays"), or a disruption of a service that runs ("This train has been cancelled")."""
    if all(normalize(text[cue.start : cue.end]) in _REGRETS for cue in news.cues):
        # "We tried to avoid a delay but unfortunately it was unavoidable"
        words = word_list(text[news.sentence.start : news.sentence.end].lower())
        return not _INCIDENTS.isdisjoint(words)
    disruption = False
    for cue in news.cues:
        phrase = normalize(text[cue.start : cue.end])
        if phrase in _INCIDENTS or phrase in _REGRETS:
            continue  # "Unfortunately" beside a delay: the delay is the news
        if phrase not in _DISRUPTIONS and not (
            phrase == "no longer"
            and clauses.words_after(text, news.sentence, cue)[:1] in (["running"], ["calling"])
        ):
            return False
        disruption = True
    # "This train has been cancelled": a disruption is an incident only of a running service.
    return not disruption or _names_a_running_service(text, news.sentence)


def _names_a_running_service(text: str, sentence: Span) -> bool:
    """ "This train", "the 9:40 service", "XT8449": a service that runs, not "your
    service" or "your booking XT8449" (the customer's own, whose cancelling is news)."""
    words = word_list(text[sentence.start : sentence.end].lower())
    if any(word == "your" and following in _RUNNING for word, following in zip(words, words[1:])):
        return False
    if not _RUNNING.isdisjoint(words):
        return True
    return (
        "your" not in words
        and _FLIGHT_NUMBER.search(text, sentence.start, sentence.end) is not None
    )


def _from_first_word(original: str, prose: Prose, sentence: Span) -> Span:
    """The sentence from its first word: "@1234 Sharing workouts isn't ..." is reported
    from "Sharing", as the handles a reply opens with are not part of the news."""
    text = prose.text
    start = sentence.start
    if len(original) != len(text):
        return sentence  # a rendering of a template: its offsets are its own
    while start < sentence.end and original[start] == "@" and text[start] == MASK:
        while start < sentence.end and text[start] in MASK + " ":
            start += 1
        while start < sentence.end and text[start] in ",;: ":
            start += 1  # "@1234, This outage ...": the comma after the handle
    return Span(start, sentence.end) if start < sentence.end else sentence


# The end of a first part: "... keeping an >>", "... non-refundable &gt;&gt;&gt;", "(1)",
# before any sign-off. Read on the raw text, where ">" may be written "&gt;".
_GOES_ON = LazyPattern(
    r"(?:(?:>|&gt;)\s*(?:>|&gt;)+|\(\d\))[\s.,!]*(?:[\^\-=*~\u2013]\s*[A-Za-z][\w.]*)?\s*$"
)
# The last word of a message that stops without a full stop: "... in the store. You
# would need". When it is a word no sentence ends on, the reply goes on in another part.
# (Not a sign-off: "^IS", "- Will".)
_CUT_OFF = LazyPattern(r"[\w.,!?]\s+([A-Za-z][a-z]*)\s*$")
_CUT_OFF_WORDS = frozenset(DATA["cut-off-words"])
# A thread marker opening the message, after any handles: "1/2 With Advance tickets ...",
# "1: Hey there!".
_OPENING_MARKER = LazyPattern(
    r"[\s" + re.escape(MASK) + r"]*(?:\(?(\d{1,2})/(\d{1,2})\b|(\d{1,2}):\s)"
)
# A message that opens (after any handles) mid-sentence, or with ">>": the tail of a
# split reply.
_CONTINUES = LazyPattern(
    r"[\s"
    + re.escape(MASK)
    + r"]*(?:>|(?:[,;\u2026]|\.\.\.)\s*[a-z]|(?:"
    + "|".join(DATA["continuation-openers"])
    + r")\s)"
)


def _thread_part(message: Message) -> int:
    """ "(1/2)", "[2/2]", or "1/3" at the end or the start, or ">>" or "(1)" at the
    end: the reply goes on (or began) in another message; the number of this part (0
    when the reply is whole). Found from each "/" of the prose, where links are masked
    (a pattern tried at every position costs more than the rest of the bad-news
    reading)."""
    text = message.prose.text
    if _CONTINUES.match(text):
        # ", power we will not ...", "through the partner airline, which ...": a later part
        return 2
    tail = message.text[-40:]
    if (">" in tail or "gt;" in tail or "(" in tail) and _GOES_ON.search(tail):
        return 1  # "... keeping an >>", "... further information can (1)"
    last_word = _CUT_OFF.search(tail)
    if last_word and last_word.group(1).lower() in _CUT_OFF_WORDS:
        return 1  # "... on your account. You would need": the message was cut off
    opening = _OPENING_MARKER.match(text)
    if opening and opening.group(3):
        return int(opening.group(3)) or 1  # "1: Hey there! ..."
    if opening and 0 < int(opening.group(1)) <= int(opening.group(2)) <= 20:
        return int(opening.group(1))  # "1/2 With Advance tickets this wouldn't be possible."
    at = text.find("/")
    while at > 0:
        start, end = at, at + 1
        while start > 0 and text[start - 1].isdigit():
            start -= 1
        while end < len(text) and text[end].isdigit():
            end += 1
        if start < at < end - 1:
            before, after = text[max(start - 1, 0) : start], text[end : end + 1]
            part, parts = int(text[start:at]), int(text[at + 1 : end])
            if not 0 < part <= parts <= 20:
                pass  # "24/7", "3/10 stars": not a thread marker
            elif (before in ("(", "[") and after in (")", "]")) or (
                before in ("", " ") and clauses.SIGN_OFF_ONLY.match(text, end)
            ):
                return part
        at = text.find("/", at + 1)
    return 0


def offers_solution(prose: Prose, follow_up: str, found: Found, solutions: PhraseSet) -> bool:
    """An offer, alternative, next step, link, channel or question that moves the case
    on, anywhere in the reply or its follow-up."""
    if prose.links:
        return True
    if any(_offers_narrower(prose.text, news, cue) for news in found for cue in news.cues):
        return True  # "Sorry, only select stores will have it": a narrower option
    if any(
        _ONLY_POSSIBLE.search(prose.text, news.cue.end, news.sentence.end)
        or _OTHER_THAN.search(prose.text, news.cue.end, news.sentence.end)
        for news in found
    ):
        # "The flight can't be split, only the guests can be", "not eligible for any pass
        # other than your own city's": what can be done
        return True
    if _phrases("unlocks").search(prose.text) or any(
        _WITHOUT_DOING.search(prose.text, news.sentence.start, news.sentence.end) for news in found
    ):
        return True  # "until you begin your plan", "Unless you reply, ...": what makes it possible
    # "We can't refund it" names a refund without offering one: the clause that
    # carries the news is not searched for an offer; nor is a stock closer ("let us
    # know if you have any other questions"), which offers nothing in particular.
    if _phrases("work-under-way").search(prose.text):
        return True  # "a known issue we're actively working to fix": work under way
    if _DONE_REMEDY_PASSIVE.search(prose.text):
        return True  # "the item has been cancelled and refunded", "this has been passed on"
    if any(
        _turns_to_what_is_possible(prose.text, news, cue) for news in found for cue in news.cues
    ):
        return True  # "We can't sway the vote, but custom matches may help": what can be done
    text = _without_clauses(
        prose.text,
        [_news_clause(prose.text, news, cue) for news in found for cue in news.cues],
    )
    texts = [text]
    if follow_up:
        texts.append(Prose(follow_up).text)
    for text in texts:
        text = _without_clauses(
            text,
            [*_closer_clauses(text), *(span for span, _ in _phrases("courtesies").finditer(text))],
        )
        if (
            solutions.search(text)
            or _ONLY_OPTION.search(text)
            or _TIME_FRAME.search(text)
            or _PHONE.search(text)
            or _BARE_LINK.search(text)
            or _DONE_REMEDY.search(text)
            or _INSTRUCTION.search(text)
            or _tells_what_comes_next(text)
            or _WORK_GOING_ON.search(text)
            or _asks_to_move_on(text)
        ):
            return True
    return False


def _closer_clauses(text: str) -> Iterator[Span]:
    """The clause of each stock closer: "Let us know if we can assist you with
    anything else" whole, and after "DM us your order number and" only the rest."""
    for closer, _ in _phrases("closers").finditer(text):
        starts = [match.end() for match in _CLOSER_CLAUSE_START.finditer(text, 0, closer.start)]
        end = _CLOSER_CLAUSE_END.search(text, closer.end)
        stop = end.start() if end else len(text)
        start = starts[-1] if starts else 0
        if _sends_somewhere(text[start:stop]):
            continue  # "Check your DM for further assistance": a place to go, not a courtesy
        # "If we can help with anything else, please let us know": the request that
        # closes the offer belongs to it.
        asks = _CLOSING_ASK.match(text, stop)
        yield Span(start, asks.end() if asks else stop)


def _sends_somewhere(clause: str) -> bool:
    """ "Check your DM for further assistance", "Please continue reaching out through
    the email chain for further assistance": the closer's clause sends the customer
    somewhere in particular, unasked. "If you need further assistance, reach out" only
    offers more help, and "Contact us for further assistance" names no place."""
    words = word_list(clause.lower())
    if not _SUPPOSES.isdisjoint(words) or "should" in words:
        return False
    if _GENERIC_CONTACT.found_in(words) and "here" not in words:
        return False  # "Please contact us here for further assistance": a link stood there
    return _asks_to_act(words) or _INSTRUCTION.match(" " + clause) is not None


def _narrower(prose: Prose, news: News) -> bool:
    """ "Only select restaurants will have it", "available only in stores", "Due to the
    small batch, only select stores will have it": the sentence puts its limit as what
    can be had, and where; that is an option, not bad news. A cue that gives the reason
    ("due to the limited quantity") does not count against it."""
    text = prose.text
    if "only" not in text[news.sentence.start : news.sentence.end].lower():
        return False  # every narrower option says "only" (most bad news does not)
    narrower = False
    for cue in news.cues:
        if normalize(text[cue.start : cue.end]) in _CAN_ONLY:
            return False  # "we can only add memory at purchase": not now, which is news
        if _offers_narrower(text, news, cue):
            narrower = True
        elif not _REASON_LEADS.found_in(clauses.words_before(text, news.sentence, cue)):
            return False
    return narrower


def _offers_narrower(text: str, news: News, cue: Span) -> bool:
    """ "only available in stores", "only available for Series 3 watches", "only phones
    with iOS 10 or later are supported": where, for whom or on what it can be had. Not
    "only available until Friday" or "during the spring event", which has run out."""
    phrase = normalize(text[cue.start : cue.end])
    if phrase in _ONLY_AVAILABLE:
        after = clauses.words_after(text, news.sentence, cue)
        return not ((after[:1] and after[0] in _UNTIL) or after[:3] == ["for", "a", "limited"])
    if phrase in _SUPPORTED_FROM:
        return "only" in clauses.words_before(text, news.sentence, cue)
    return _names_what_is_possible(text, news, cue)


def _turns_to_what_is_possible(text: str, news: News, cue: Span) -> bool:
    """ "We can't sway how people vote, but custom matches may help", "It's not possible to
    block an artist, but on Daily Mix click remove": after the news, the sentence turns
    ("but", "however") to a clause that denies nothing and is not a courtesy ("but we
    appreciate the feedback", "but we understand"). That clause says what can be done."""
    where = clauses.clause(text, news.sentence, cue)
    turn = _TURN_AFTER.search(text, where.end, news.sentence.end)
    if not turn:
        return False
    rest = text[turn.end() : news.sentence.end]
    words = word_list(rest.lower())
    return (
        len(words) >= 3
        and not _phrases("closers").search(rest)
        and not _GENERIC_CONTACT.found_in(words)
        and _DENIALS.isdisjoint(words)
        and not any(word.endswith("n't") for word in words)
        and _COURTESY_WORDS.isdisjoint(words)
    )


def _names_what_is_possible(text: str, news: News, cue: Span) -> bool:
    """ "Only select restaurants will have it", "we can only add memory at purchase": a
    limit put as what can be done is a narrower option, an answer in itself ("only the
    first batch was small" or "adjustments only apply within 14 days" are not)."""
    phrase = normalize(text[cue.start : cue.end])
    if phrase in _CAN_ONLY:
        return True
    if not phrase.startswith("only "):
        return False
    return not _POSSIBLE.isdisjoint(clauses.words_after(text, news.sentence, cue))


def _news_clause(text: str, news: News, cue: Span) -> Span:
    """The clause of ``cue`` that carries the news. After a sentence adverb standing
    alone ("Unfortunately, the first batch was small") it is the clause that
    follows, when another cue says what the news is ("Unfortunately, it's sold out").
    Alone, the adverb may open the next step itself ("Unfortunately, this must be
    done at the airport"), so that clause is still read for one."""
    if not news.more_cues and normalize(text[cue.start : cue.end]) in _REGRETS:
        return cue  # "Unfortunately we'd need you to DM us the details": read the rest
    where = clauses.clause(text, news.sentence, cue)
    reasons = list(_REASON_CLAUSE.finditer(text, where.start, cue.start))
    if reasons:
        # "you will need to wait for the phone team as we cannot handle refunds here":
        # the news is the reason clause; what comes before it may be the step.
        where = Span(reasons[-1].start(), where.end)
    doing = _AND_DOING.search(text, cue.end, where.end)
    if doing:
        where = Span(where.start, doing.start())
    standing_alone = text[where.start : where.end].strip(" ,") == text[cue.start : cue.end]
    if not standing_alone or " " in text[cue.start : cue.end] or where.end >= news.sentence.end:
        return where  # "No word at this time, keep an eye on our feed": a clause of its own
    if not news.more_cues:
        return where
    following = clauses.clause(text, news.sentence, Span(where.end + 1, where.end + 1))
    return Span(where.start, following.end)


def acknowledges(prose: Prose, empathy: PhraseSet) -> bool:
    return empathy.search(prose.text)


def gives_reason(prose: Prose, found: Found, reasons: PhraseSet) -> bool:
    text = prose.text
    if reasons.search(text):
        return True
    # "We can't make exceptions to the 30-day wait": the limit in the refusal is its rule.
    return any(
        _says_so(text, news.sentence)
        or _TIME_LIMIT.search(text, news.sentence.start, news.sentence.end)
        for news in found
    )


def _asks_to_move_on(text: str) -> bool:
    """A question to the customer ("Which store was it?") keeps the case moving."""
    if "?" not in text:
        return False
    return any(len(sentence.split()) >= 3 for sentence in _QUESTION.findall(text))


def _bad_news(prose: Prose, model: BadNewsModel) -> List[News]:
    """Each bad-news sentence with its first cue."""
    text = prose.text
    cue_matches = list(model.cues.finditer(text))
    vocabulary = words_of(folded(text)).vocabulary
    if not _NOT_CONTRACTED.isdisjoint(vocabulary):
        cue_matches = sorted(
            [*cue_matches, *model.contracted.finditer(text)], key=lambda found: found[0].start
        )
    if not _SERVICE_VERBS.isdisjoint(vocabulary) and not _NEGATIONS.isdisjoint(vocabulary):
        cue_matches = sorted(
            [*cue_matches, *_negated_services(text)], key=lambda found: found[0].start
        )
    if not cue_matches:
        return []
    friendly = [span for span, _ in NOT_BAD_NEWS.finditer(text)]
    found: List[News] = []
    for cue, phrase in cue_matches:
        if any(cue.start < span.end and span.start < cue.end for span in friendly):
            continue
        sentence = prose.sentence_at(cue.start)
        if found and found[-1].sentence == sentence:
            last = found[-1]
            # "Unfortunately we can't refund it": the second cue makes it a refusal.
            refusal = last.refusal or _is_refusal(text, sentence, cue, phrase)
            found[-1] = News(sentence, last.cue, refusal, last.more_cues + (cue,))
            continue
        if (
            _is_general(text, sentence)
            or _is_general(text, clauses.clause(text, sentence, cue))
            or _phrases("promotion").search(text, sentence.start, sentence.end)
        ):
            # "Some devices ...", "Due to a system issue, some riders have been unable to
            # ...", "limited, so grab one while you can": not news to this customer
            continue
        if not _FREQUENCY.isdisjoint(_words_since_but(text, sentence, cue)):
            # "Ideas usually get closed when ...", "sometimes agreements are ongoing, or
            # can't be reached": how things go, not this news
            continue
        if _names_a_topic(text, sentence, cue, phrase):
            continue  # "details about the process with banned accounts"
        if _in_menu_path(text, sentence, cue):
            continue  # "go to Help > I can't log in > Contact us": a label on the way there
        if _instructs(text, sentence) or _remarks_on_feeling(text, sentence, cue, phrase):
            continue  # "Please return it to the airport", "Delays are never fun"
        if any(
            _asks_for_details(text, sentence, other)
            for other, _ in cue_matches
            if sentence.start <= other.start < sentence.end
        ):
            continue  # "Unfortunately we can't see the video, please send more details"
        if clauses.is_question(text, sentence, cue) or clauses.is_condition(text, sentence, cue):
            continue  # a question asks about the problem, a condition supposes it
        if clauses.opens_with_condition(text, sentence) or _follows_condition(text, sentence, cue):
            continue  # "If it's older than 30 days, we can't refund it": a rule for a case
        if _ONCE.search(text, sentence.start, cue.start) or (
            phrase in _REGRETS
            and (
                _ONCE.match(text, _after_adverb(text, cue))
                or _supposes_after(word_list(text[cue.end : sentence.end].lower()))
            )
        ):
            # "Once an order ships, we can't alter it", "Unfortunately, once a code
            # expires, we can't honour it", "Unfortunately, we don't change ratings once
            # they've been entered": the same
            continue
        if _regrets_past_failure(text, sentence, cue, phrase):
            continue  # "We're sorry we couldn't get to everyone": what went wrong, not a refusal
        if _supposes_after(clauses.words_after(text, sentence, cue)):
            continue  # "Changes can't be made if the flight is within 48 hours": the same
        if _in_not_news_clause(text, sentence, cue) or clauses.echoes_customer(text, sentence, cue):
            continue
        if phrase in _ECHO_CUES and (
            _about_customer(text, sentence, cue) or _is_idiom(text, sentence, cue)
        ):
            continue
        if clauses.words_before(text, sentence, cue)[-1:] in (["who"], ["which"]):
            # "those who can't have sugar", "both of which aren't allowed": describes
            continue
        if _is_caveat(text, sentence, cue) or _is_channel_scope(prose, sentence, cue):
            continue
        if phrase in _CLOSURES and _phrases("duplicate-markers").search(text):
            continue  # "already tracked at #12, so we are closing this one": work goes on there
        found.append(News(sentence, cue, _is_refusal(text, sentence, cue, phrase)))
    return found


def _after_adverb(text: str, cue: Span) -> int:
    """Where the words after a sentence adverb ("Unfortunately, ") begin."""
    at = cue.end
    while at < len(text) and text[at] in " ,":
        at += 1
    return at


def _in_menu_path(text: str, sentence: Span, cue: Span) -> bool:
    """ "Help > I can't log in > Contact us": the cue is one step of a path through menus,
    between two single ">" (a thread marker, "> >", is not a path)."""
    before = text.rfind(">", sentence.start, cue.start)
    after = text.find(">", cue.end, sentence.end)
    if before < 0 or after < 0:
        return False
    return not (
        text[sentence.start : before].rstrip().endswith(">")
        or text[after + 1 : sentence.end].lstrip().startswith(">")
    )


def _words_since_but(text: str, sentence: Span, cue: Span) -> List[str]:
    """The words of the sentence before the cue, from its last "but" or "however" on:
    "We sometimes amend the terms but can't say when" tells news after the "but"."""
    before = text[sentence.start : cue.start].lower()
    turns = list(_TURN.finditer(before))
    return word_list(before[turns[-1].end() :] if turns else before)


def _instructs(text: str, sentence: Span) -> bool:
    """ "Please return to the airport and file a damaged bag report", "It's best to
    take the damaged bag to our baggage office": a step for the customer, though a cue
    word is in it. "Please note that we can't ..." is news."""
    opening = text[sentence.start : sentence.start + 40].lstrip(MASK + " ")
    words = word_list(opening.lower())
    if _ADVICE_OPENERS.opens(words) or _INSTRUCTION.match(opening):
        return True  # "Find out more about why the order was cancelled here"
    # After a greeting or a name, too: "Hi Sam, kindly refer to the embassy ...".
    return any(_asks_to_act(words[first:]) for first in range(min(len(words), 3)))


def _asks_to_act(words: Sequence[str]) -> bool:
    """ "please return it", "kindly select another meal"; not "please note ..."."""
    return len(words) > 1 and words[0] in ("please", "kindly") and words[1] not in _NOTICE_VERBS


def _names_a_topic(text: str, sentence: Span, cue: Span, phrase: str) -> bool:
    """ "Here are details about the process with banned accounts", "our policy on
    damaged items": the cue word describes what a page or a policy is about."""
    if " " in phrase:
        return False
    before = clauses.words_before(text, sentence, cue)
    if before[-1:] and before[-1] in _DETERMINERS:
        before = before[:-1]
    return before[-1:] != [] and before[-1] in _TOPIC_PREPOSITIONS


def _remarks_on_feeling(text: str, sentence: Span, cue: Span, phrase: str) -> bool:
    """ "Delays are never fun", "Without a doubt, delays are frustrating": the cue word
    opens its clause as the subject of a remark on how it feels."""
    if " " in phrase or clauses.words_before(text, sentence, cue):
        return False
    after = clauses.words_after(text, sentence, cue)
    return after[:1] in (["are"], ["is"], ["can"]) and not _FEELINGS.isdisjoint(after[:6])


def _asks_for_details(text: str, sentence: Span, cue: Span) -> bool:
    """ "We're unable to see the file you sent us, please provide more details": not
    being able to look something up, followed by asking for what is missing."""
    verb = next(
        (word for word in clauses.words_after(text, sentence, cue) if word not in _VERB_FILLER), ""
    )
    if verb not in _LOOKUP_VERBS:
        return False
    return _ASKS_FOR.search(text, cue.end) is not None


def _negated_services(text: str) -> Iterator[Tuple[Span, str]]:
    """ "won't apply", "aren't refundable": each refusal of a service, as a cue, except
    a relief ("the restocking fee won't apply")."""
    for match in _NEGATED_SERVICE.finditer(text):
        before = word_list(text[max(0, match.start() - 40) : match.start()].lower())
        if not _BURDENS.isdisjoint(before) or _is_imperative(text, match.start()):
            continue
        yield Span(*match.span()), normalize(match.group())


def _is_imperative(text: str, negation: int) -> bool:
    """ "Please don't merge from main", "so don't take the tests as a reference": an
    instruction to the reader (no subject before the negation), not a refusal."""
    opening = text[max(0, negation - 30) : negation]
    cut = max(opening.rfind(mark) for mark in ".!?:;,\n")
    words = word_list(opening[cut + 1 :].lower())
    return all(word in _IMPERATIVE_LEADS for word in words)


def _supposes_after(after: Sequence[str]) -> bool:
    """ "if", "unless" or "once" after the cue supposes a case ("Changes can't be made if
    the flight is within 48 hours"), unless it asks what is so: "we can't say for sure if new
    colours are coming" tells that nothing is known, which is news."""
    for at, word in enumerate(after):
        if word in _SUPPOSES and _INDIRECT_ASKING.isdisjoint(after[max(at - 2, 0) : at]):
            return True
        if word == "once" and after[at + 1 : at + 2] not in (["more"], ["again"], ["and"], []):
            return True  # "we don't change ratings once they've been entered": the same
        if word == "long" and after[at - 1 : at] == ["as"] and after[at + 1 : at + 2] == ["as"]:
            return True  # "not possible as long as you're on the playlist"
    return False


def _regrets_past_failure(text: str, sentence: Span, cue: Span, phrase: str) -> bool:
    """ "We're sorry we couldn't get to everyone", "sorry our crew were unable to give
    you an explanation": an apology for what went wrong, in the past, not a refusal
    now."""
    before = clauses.words_before(text, sentence, cue)
    if phrase not in _PAST_INABILITY and not (
        phrase in ("unable to", "not able to") and before[-1:] in (["was"], ["were"])
    ):
        return False
    return not _APOLOGY_WORDS.isdisjoint(before[:6])


def _follows_condition(text: str, sentence: Span, cue: Span) -> bool:
    """ "It just means that if the bag doesn't make it, then we can't ship it": the cue's
    clause is what happens in the case an earlier "if" supposes."""
    return clauses.words_before(text, sentence, cue)[:1] == ["then"] and " if " in (
        text[sentence.start : cue.start].lower()
    )


def _is_idiom(text: str, sentence: Span, cue: Span) -> bool:
    """ "We can't think of a better way", "can't get enough", "couldn't look better":
    an inability that praises. A comparative or an idiom verb follows the cue."""
    after = clauses.words_after(text, sentence, cue)
    if "without" in after and not _THANKED.isdisjoint(after[after.index("without") :]):
        return True  # "We couldn't have opened without you": thanks, not news
    after = after[:5]
    if any(word in _COMPARATIVES for word in after):
        return True
    words = [word for word in after if word not in _VERB_FILLER and word not in ("seem", "seems")]
    return bool(words) and (
        words[0] in _IDIOM_VERBS
        or words[:2] in (["get", "enough"], ["stop", "thinking"], ["help", "but"])
    )


def _is_caveat(text: str, sentence: Span, cue: Span) -> bool:
    """ "While we can't see your screen, these steps should help", "Though memory can't
    be added, you can buy more storage": a caveat on the help or the equivalent that
    follows, not news about the customer's request."""
    sentence_start = text[sentence.start : cue.start].lstrip(MASK + " ").lower()
    if sentence_start.split(" ", 1)[0].strip(",") not in _CONCESSIVE:
        return False
    after = clauses.words_after(text, sentence, cue)
    if next((word for word in after if word not in _VERB_FILLER), "") in _INFORMATION:
        return True
    # "Though memory can't be added, you can buy more iCloud storage": the equivalent.
    where = clauses.clause(text, sentence, cue)
    return _EQUIVALENTS.found_in(word_list(text[where.end : sentence.end].lower()))


def _is_channel_scope(prose: Prose, sentence: Span, cue: Span) -> bool:
    """ "We can't help with billing over social media; please call 1-800-...", "we're
    unable to assist with game codes; please reach out to Xbox Support": a limit of
    this channel or team followed by the one that does help is a redirect, not bad
    news."""
    text = prose.text
    where = clauses.clause(text, sentence, cue)
    # The words of the clause decide first; the rest of the reply is searched only then.
    if _CHANNEL_SCOPE.found_in(word_list(text[where.start : where.end].lower())):
        rest = text[: where.start] + text[where.end :]
        return (
            bool(prose.links)
            or _PHONE.search(rest) is not None
            or _EQUIVALENT.search(rest) is not None
            or "contact" in rest.lower()
        )
    verb = next(
        (word for word in clauses.words_after(text, sentence, cue) if word not in _VERB_FILLER), ""
    )
    if verb not in ("assist", "help", "process", "handle"):
        return False
    return _REDIRECT.search(text[: where.start] + text[where.end :]) is not None


def _is_refusal(text: str, sentence: Span, cue: Span, phrase: str) -> bool:
    """The writer turning down what the customer asked for: "we can't refund it",
    "I'm unable to change the date", "that isn't possible", "your claim was denied",
    "you're not eligible". A limit of a product ("we can't block calls in iOS", "it's
    not possible to downgrade") is bad news but not a refusal."""
    before = clauses.words_before(text, sentence, cue)
    if phrase in _DECISIONS:
        # A decision about the customer's own order, claim or account.
        return any(word in ("your", "you", "you're", "you've") for word in before)
    if phrase not in _REFUSAL_CUES:
        return False
    if phrase in _IMPERSONAL:
        return before[-2:-1] in (["that"], ["this"]) or before[-1:] in (["that"], ["this"])
    if not any(word in _WRITER for word in (*before[-3:], phrase.split(" ")[0])):
        return False
    after = clauses.words_after(text, sentence, cue)
    verb = next((word for word in after if word not in _VERB_FILLER), "")
    return verb in _REQUESTS


def _without_clauses(text: str, spans: List[Span]) -> str:
    for span in spans:
        text = text[: span.start] + " " * len(span) + text[span.end :]
    return text


def _in_not_news_clause(text: str, sentence: Span, cue: Span) -> bool:
    """True for "To fix the 'not available' error, ...": the clause of the cue is not news."""
    return NOT_NEWS_CLAUSE.found_in(clauses.words_before(text, sentence, cue))


def _is_general(text: str, sentence: Span) -> bool:
    """ "Sometimes ...", "Some devices are no longer supported": not news to this customer."""
    opening = text[sentence.start : sentence.start + 40].lstrip(MASK + " ")
    return GENERALITY.opens(word_list(opening.lower())) or bool(_SOME_PLURAL.match(opening))


def _about_customer(text: str, sentence: Span, cue: Span) -> bool:
    """True for "an account you can't access", "we see you can't log in": the
    customer's situation, not news. A clause that opens with the customer as subject
    ("You can't return opened items") states a limit to them, and is news."""
    words = text[max(sentence.start, cue.start - 20) : cue.start].lower().split()
    if " ".join(words[-1:]) in _CUSTOMER_SUBJECT:
        subject = 1
    elif " ".join(words[-2:]) in _CUSTOMER_SUBJECT:
        subject = 2
    else:
        return False
    if NEWS_MARKERS.search(text[sentence.start : cue.start]):
        return False
    before = clauses.words_before(text, sentence, cue)
    opening = [
        word
        for word in before[: len(before) - subject]
        if word not in _CLAUSE_OPENERS and word.strip(MASK)  # "@handle You can't ...": a limit
    ]
    if opening:
        return True
    # "You can't study on an empty stomach!": banter, not a limit.
    return text[sentence.start : sentence.end].rstrip().endswith("!")


def _says_so(text: str, sentence: Span) -> bool:
    """ "The window closed on 2 May, so I can't ..." gives its reason before the "so"."""
    return _SO.search(text, sentence.start, sentence.end) is not None
