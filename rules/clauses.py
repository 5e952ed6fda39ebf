"""How the clause around a cue word reads (not a rule itself).

A cue word alone is weak evidence. "probably" doubts a fact in "It's probably the
cable", but asks in "Is it probably the cable?", supposes in "If it's probably ...",
and says the customer's words back in "You mentioned it's probably the cable".
"can't" is bad news in "We can't refund it", but the customer's own problem in
"Sorry to hear you can't log in". Rules that judge a cue by its sense ask these
questions of the clause the cue stands in; the word lists are in ``clauses.toml``.

Every function takes the message's prose text (masked, folded, same offsets as the
message), the sentence span that holds the cue, and the cue's span.
"""

from __future__ import annotations

import functools
import re
from typing import Dict, Iterable, List, Sequence, Tuple

from chatlint.lazy_pattern import LazyPattern
from chatlint.phrases import normalize
from chatlint.prose import MASK, word_list
from chatlint.toml_files import data_beside
from chatlint.violation import Span

DATA = data_beside(__file__)


# From a point to the end of the message, nothing but punctuation and the agent's
# sign-off: "2/2 ^Kim", ". -Sam", ". = JJ", " Rach" (after a thread marker or a
# stand-alone apology).
SIGN_OFF_ONLY = LazyPattern(
    r"[\s.,!]*(?:(?:[\^\-=*~\u2013]\s*[A-Za-z]|[A-Z])[\w.]*(?: [A-Za-z]\w*)?)?\s*$"
)


class WordPhrases:
    """Phrases found in a list of words a rule already has: "you mentioned" in the
    words before a cue. Looking phrases up by their first word over a few words costs
    less than building the words of every slice of text for a phrase list."""

    __slots__ = ("by_first",)

    def __init__(self, phrases: Iterable[str]) -> None:
        self.by_first: Dict[str, List[Tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(normalize(phrase).split(" "))
            self.by_first.setdefault(words[0], []).append(words)

    def found_in(self, words: Sequence[str]) -> bool:
        by_first = self.by_first
        for index, word in enumerate(words):
            for phrase in by_first.get(word, ()):
                if tuple(words[index : index + len(phrase)]) == phrase:
                    return True
        return False

    def opens(self, words: Sequence[str]) -> bool:
        """True when ``words`` start with one of the phrases."""
        return bool(words) and any(
            tuple(words[: len(phrase)]) == phrase for phrase in self.by_first.get(words[0], ())
        )


_CONDITION = WordPhrases(DATA["condition-openers"])
_CONDITION_LEADS = frozenset(DATA["condition-leads"])
_ECHO = WordPhrases(DATA["echo-markers"])
_QUESTION_VERBS = frozenset(DATA["question-verbs"])
_QUESTION_SUBJECTS = frozenset(DATA["question-subjects"])
_WH_WORDS = frozenset(DATA["wh-words"])
_PURPOSE = frozenset(DATA["purpose-words"])

# A greeting opening a sentence, up to its comma: "Hi there, ", "Hello Sam, ".
_GREETING = LazyPattern(r"(?:hi|hello|hey|dear)\b[^,.!?\n]{0,20},\s*", re.IGNORECASE)
# The agent's sign-off after a sentence's last mark: "... Xbox One?^EZ".
_SIGN_OFF_AT_END = LazyPattern(r"(?<=[?!.])\s*\^[A-Za-z]{1,4}$")
# A clause joined after the cue that can carry the sentence's question mark.
_LATER_CLAUSE = LazyPattern(
    r"\s(?:but|however)\s"
    # "That might be an issue, have you called your bank?": a question of its own after
    # a comma, asking the customer.
    r"|\w[\w)]*,\s+(?:have|has|did|do|does|can|could|are|were|would|will)\s+(?:you|u)\b",
    re.IGNORECASE,
)

#: Characters that end a clause.
CLAUSE_BREAKS = ",;:\u2013\u2014("
# A clause ends at a break character or before a word that joins a new clause.
_CLAUSE_END = LazyPattern(
    r"[,;:\u2013\u2014(!?.]|\s(?:but|however|although|though|and then)\b", re.IGNORECASE
)


@functools.lru_cache(maxsize=256)
def clause(text: str, sentence: Span, cue: Span) -> Span:
    """The clause of ``sentence`` that holds ``cue``: between clause breaks.

    Cached: the rules that read one cue ask about its clause several times."""
    before = text[sentence.start : cue.start]
    start = sentence.start + max(before.rfind(mark) for mark in CLAUSE_BREAKS) + 1
    for joiner in (" but ", " however ", " although ", " though "):
        found = before.lower().rfind(joiner)
        if found >= 0:
            start = max(start, sentence.start + found + len(joiner))
    after = _CLAUSE_END.search(text, cue.end, sentence.end)
    return Span(start, after.start() if after else sentence.end)


@functools.lru_cache(maxsize=256)
def words_before(text: str, sentence: Span, cue: Span) -> List[str]:
    """The words of the cue's clause before the cue, lower-cased (cached: do not change it).
    A masked handle or link is no word of the clause: "@USER That might be ..." opens
    with "That"."""
    where = clause(text, sentence, cue)
    return [word for word in word_list(text[where.start : cue.start].lower()) if word.strip(MASK)]


@functools.lru_cache(maxsize=256)
def words_after(text: str, sentence: Span, cue: Span) -> List[str]:
    """The words of the cue's clause after the cue, lower-cased (cached: do not change it)."""
    where = clause(text, sentence, cue)
    return word_list(text[cue.end : where.end].lower())


def is_question(text: str, sentence: Span, cue: Span) -> bool:
    """The cue asks rather than tells: the sentence ends in "?", or the cue's clause
    opens like a question ("can you ...", "do you ...", "what is ...") with or without
    the question mark."""
    ending = _SIGN_OFF_AT_END.sub("", text[sentence.start : sentence.end].rstrip())
    if ending.rstrip("\"') \x1a").endswith("?"):
        # "I'm unsure why it changed, but I'd be happy to check if you'd like?": the
        # question is the clause after "but"; the cue's clause before it tells.
        if not _LATER_CLAUSE.search(text, cue.end, sentence.end):
            return True
    where = clause(text, sentence, cue)
    words = word_list(text[where.start : cue.start].lower())
    opens_sentence = not text[sentence.start : where.start].strip(" \x1a,")
    if not opens_sentence:
        # "Can you send more details, perhaps a screenshot.": the question opens the
        # sentence, and the cue's clause is part of it.
        opening = word_list(text[sentence.start : where.start].lower())[:4]
        words = opening if len(opening) >= 2 else opening + words
    # Skip a greeting or a name before the question: "Hi Sam, can you ...".
    for first in range(min(len(words), 3)):
        opener = words[first : first + 2]
        if len(opener) == 2 and opener[0] in _QUESTION_VERBS and opener[1] in _QUESTION_SUBJECTS:
            return True
        # "What is ...?" opens a question; ", which was ..." a relative clause.
        if (
            opens_sentence
            and len(opener) == 2
            and opener[0] in _WH_WORDS
            and opener[1] in _QUESTION_VERBS
        ):
            return True
    return False


def opens_with_condition(text: str, sentence: Span) -> bool:
    """The sentence opens with "if" or "unless" (after a greeting, or a connective such as
    "however" or "unfortunately"), so what it says holds only in the case it supposes:
    "If you're unable to process it, it's outside the return window", "However, if the
    damage wasn't reported within 7 days, ...", "Hi there, if you changed your name,
    ..."."""
    opening = text[sentence.start : sentence.start + 48].lstrip(MASK + " ")
    greeting = _GREETING.match(opening)  # "Hi there, if you changed your name, ..."
    words = word_list(opening[greeting.end() if greeting else 0 :][:24].lower())
    while words and words[0] in _CONDITION_LEADS:
        words = words[1:]
    return words[:1] in (["if"], ["unless"])


def is_condition(text: str, sentence: Span, cue: Span) -> bool:
    """The cue's clause supposes rather than tells: "If you can't log in, ...",
    "when it's probably ...", "whether it's likely"."""
    if _CONDITION.found_in(words_before(text, sentence, cue)):
        return True
    # "If you can't log in or the code never arrives, ...": a condition runs on past
    # "or" and "and" to the first comma of the sentence.
    opening = text[sentence.start : cue.start].lstrip("\x1a ").lower()
    return (
        opening.startswith(("if ", "unless ", "when ", "whenever ", "in case "))
        and "," not in opening
    )


def echoes_customer(text: str, sentence: Span, cue: Span, guesses: bool = True) -> bool:
    """The cue stands in the customer's words or situation said back to them: "you
    mentioned it's probably ...", "sorry to hear you can't ...", "what's causing you
    to not be able to ...". With ``guesses`` false, "sounds like" does not count: in
    "Sounds like your account may have been compromised" the doubt is the writer's."""
    before = words_before(text, sentence, cue)
    if not guesses and "sounds" in before:
        at = before.index("sounds")
        if before[at + 1 : at + 2] == ["like"]:
            before = before[:at] + before[at + 2 :]
    return _ECHO.found_in(before)


def is_purpose(text: str, sentence: Span, cue: Span) -> bool:
    """The cue's "may" says what something is for: "so we may assist you"."""
    before = words_before(text, sentence, cue)
    return bool(before) and (
        before[-1] in _PURPOSE or before[-2:-1] == ["so"] or before[-3:-1] == ["so", "that"]
    )
