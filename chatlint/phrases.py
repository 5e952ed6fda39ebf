"""Phrase matching: phrase lists compiled once and matched word by word.

A phrase is words separated by spaces. It matches whole words, ignoring case, across any
run of white space, with curly and straight apostrophes alike (the message's prose view
folds them). The phrases of a list are merged into a word trie. A text is split into
words once, shared by every list, and a list is walked only when every word of one of
its phrases occurs in the text, which one set intersection answers: most lists never
walk most messages at all. Building a trie is cheap, so start-up compiles no large
regular expressions.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import (
    Any,
    Dict,
    FrozenSet,
    Iterable,
    Iterator,
    List,
    Optional,
    Sequence,
    Set,
    Tuple,
)

from chatlint.prose import MASK, Words, folded, words_of
from chatlint.violation import Span

# A phrase starts and ends on a word boundary; an apostrophe or hyphen inside a word
# ("don't", "follow-up") does not make one.
_BEFORE = r"(?<![\w'\-])"
_AFTER = r"(?![\w]|['\-]\w)"


def normalize(phrase: str) -> str:
    """The form phrases are compared in: lower case, single spaces, straight quotes."""
    # A folded character's padding (see chatlint.prose.PAD) is not part of the phrase.
    # str.split() splits at the white space \s+ matches and drops it at both ends.
    return " ".join(
        phrase.replace("\u2019", "'").replace("\u2018", "'").replace("\u2060", "").split()
    ).lower()


# A phrase word: letters and digits, joined by inner apostrophes and hyphens ("don't",
# "follow-up"), the shape of the words :func:`chatlint.prose.words_of` finds.
_TOKEN = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
_WILDCARD = "*"
# A phrase of such words and ``*`` only, single-spaced (as :func:`normalize` leaves it).
_PLAIN = re.compile(r"(?:\*|[^\W_]+(?:['\-][^\W_]+)*)(?: (?:\*|[^\W_]+(?:['\-][^\W_]+)*))*")


class _Node:
    """One word of a phrase trie: what may follow it, and whether a phrase ends here."""

    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: Dict[str, _Node] = {}
        self.terminal = False


class _Slot:
    """A list of phrases merged into a word trie; optional slots may match nothing."""

    __slots__ = ("root", "optional")

    def __init__(self, phrases: Iterable[str], optional: bool = False) -> None:
        self.root = _Node()
        self.optional = optional
        for phrase in phrases:
            words = phrase.split(" ")
            if words == [""]:
                continue
            node = self.root
            for word in words:
                child = node.children.get(word)
                if child is None:
                    child = node.children[word] = _Node()
                node = child
            node.terminal = True


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _word_starts_at(text: str, index: int) -> bool:
    """No letter, digit, underscore, apostrophe or hyphen just before ``index``."""
    return index == 0 or not (_is_word_char(text[index - 1]) or text[index - 1] in "'-")


def _word_ends_at(text: str, index: int) -> bool:
    """The word ends at ``index``: an apostrophe or hyphen there must not join another word."""
    if index >= len(text):
        return True
    char = text[index]
    if _is_word_char(char):
        return False
    return not (char in "'-" and index + 1 < len(text) and _is_word_char(text[index + 1]))


# Words so common that finding one in a message says little about whether a phrase is
# there. A phrase is looked for only when its least common word occurs in the text.
_COMMON_WORDS = frozenset(
    """a about all also am an and any are as at be been being but by can could did do does
    for from get got had has have he her here his how i i'd i'll i'm i've if in is it it's
    its just let me more my no not now of on or our please so some than that the their them
    then there these they this to up us was we we'll we're we've were what when where which
    who will with would you you'll you're your""".split()
)


_WILDCARDS = frozenset((_WILDCARD,))


def _least_common(words: FrozenSet[str]) -> str:
    """The word of a phrase that says most about whether it is in a text: a word that is
    not common, the longest, then the first in alphabetical order."""
    pool = [word for word in words if word not in _COMMON_WORDS] or list(words)
    if len(pool) == 1:
        return pool[0]
    longest = max(map(len, pool))
    return min(word for word in pool if len(word) == longest)


class _Presence:
    """Whether some phrase of a list has all its words in a text, order aside.

    A necessary condition for a match that costs one set intersection: phrases are
    filed under their least common word, and only the few filed under words the text
    holds are looked at. Under a key, the phrases of one more word ("don't offer",
    "don't carry") are one set of those words, asked about in one set operation; only
    longer phrases are looked at one by one.
    """

    __slots__ = ("keys", "partners", "longer", "always")

    def __init__(self, phrases: Iterable[str], plain: bool = False) -> None:
        """``plain``: the phrases are plain (see :func:`_is_plain`), their words known."""
        #: The words that, beside a key, complete a phrase of two words ("" for a
        #: phrase of the key alone, which any text holding the key holds).
        partners: Dict[str, Set[str]] = {}
        #: The rest of each longer phrase, by key.
        longer: Dict[str, List[FrozenSet[str]]] = {}
        self.always = False
        for phrase in phrases:
            words = (
                frozenset(phrase.split(" ")) - _WILDCARDS
                if plain
                else frozenset(_TOKEN.findall(phrase))
            )
            if not words:  # "*" alone: any text may hold it
                self.always = True
                continue
            key = _least_common(words)
            rest = words - {key}
            partners.setdefault(key, set())
            if len(rest) > 1:
                longer.setdefault(key, []).append(rest)
            else:
                partners[key].add(next(iter(rest), ""))
        self.keys = frozenset(partners)
        self.partners = {key: frozenset(words) for key, words in partners.items()}
        self.longer = longer

    def commonness(self) -> Tuple[int, int]:
        """How likely a text is to pass, roughly: its common keys, then all its keys."""
        if self.always:
            return (len(_COMMON_WORDS) + 1, 0)
        return (len(self.keys & _COMMON_WORDS), len(self.keys))

    def possible(self, vocabulary: FrozenSet[str]) -> bool:
        if self.always:
            return True
        if self.keys.isdisjoint(vocabulary):  # the usual answer, at C speed
            return False
        for key in self.keys.intersection(vocabulary):
            partners = self.partners[key]
            if "" in partners or not partners.isdisjoint(vocabulary):
                return True
            for rest in self.longer.get(key, ()):
                if rest <= vocabulary:
                    return True
        return False


class _WordMatcher:
    """Phrases matched word by word over a text's words, with no regular expression.

    A phrase set is a sequence of slots (a plain list is one slot). A text is first
    checked for the words of some phrase of every slot that must match (see
    :class:`_Presence`), which is all most texts ever cost; then for a match word for
    word, and only then walked with positions, spacing and word boundaries. At each
    word the longest match wins, and matches do not overlap, like a regular-expression
    scan.
    """

    __slots__ = ("slots", "openers", "opens_anywhere", "presence", "seconds")

    def __init__(self, slots: Sequence[_Slot], phrases_by_slot: Sequence[Sequence[str]]) -> None:
        self.slots = tuple(slots)
        openers: Set[str] = set()
        self.opens_anywhere = False
        for slot in self.slots:
            openers.update(slot.root.children)
            if not slot.optional:
                break
        if _WILDCARD in openers:
            self.opens_anywhere = True
        self.openers = frozenset(openers)
        # For one slot, the words that may follow each opener (None: the opener is a
        # phrase in itself, or a `*` may follow), to skip most candidates without a walk:
        # "a" opens "a delay", and most "a"s are followed by something else.
        self.seconds: Optional[Dict[str, Optional[FrozenSet[str]]]] = None
        if len(self.slots) == 1 and not self.slots[0].optional:
            self.seconds = {
                word: (
                    None
                    if node.terminal or _WILDCARD in node.children
                    else frozenset(node.children)
                )
                for word, node in self.slots[0].root.children.items()
            }
        # The slot least likely to be there is asked first: "my manager" rules out far
        # more texts than "i" or "let me".
        self.presence = tuple(
            sorted(
                (
                    _Presence(phrases, plain=True)
                    for slot, phrases in zip(self.slots, phrases_by_slot)
                    if not slot.optional
                ),
                key=_Presence.commonness,
            )
        )

    def possible(self, tokens: Words) -> bool:
        """False when ``tokens`` cannot hold a match, judged by the words alone."""
        vocabulary = tokens.vocabulary
        for presence in self.presence:
            if not presence.possible(vocabulary):
                return False
        return bool(tokens.words)

    def matches(self, tokens: Words, anchored: bool = False) -> Iterator[Tuple[int, int]]:
        """Character spans of the matches in ``tokens``; ``anchored``: only at offset 0.

        Call only when :meth:`possible` is true.
        """
        words = tokens.words
        if anchored:
            candidates: Sequence[int] = [0]
        elif self.opens_anywhere:
            candidates = range(len(words))
        elif self.seconds is not None:
            seconds = self.seconds
            last = len(words) - 1
            candidates = []
            # Openers are few: find them in one comprehension, then look at each.
            for index in [index for index, word in enumerate(words) if word in seconds]:
                following = seconds[words[index]]
                if following is None or (index < last and words[index + 1] in following):
                    candidates.append(index)
        else:
            openers = self.openers
            candidates = [index for index, word in enumerate(words) if word in openers]
        # First word for word alone, which rules out nearly every candidate cheaply; only
        # then with positions, spacing and boundaries.
        if all(self._longest(tokens, None, 0, first, -1) < 0 for first in candidates):
            return
        spans = tokens.spans()
        text = tokens.text
        if anchored and spans[0][0] != 0:
            return
        resume = 0
        for first in candidates:
            if first < resume or not _word_starts_at(text, spans[first][0]):
                continue
            last = self._longest(tokens, spans, 0, first, -1)
            if last >= 0:
                yield spans[first][0], spans[last][1]
                resume = last + 1

    def _longest(
        self,
        tokens: Words,
        spans: Optional[List[Tuple[int, int]]],
        slot_index: int,
        first: int,
        best: int,
    ) -> int:
        """The last word of the longest match of slots[slot_index:] from word ``first``.

        With ``spans`` None, words are compared and nothing else: an upper bound.
        """
        slot = self.slots[slot_index]
        final = slot_index == len(self.slots) - 1
        if slot.optional:
            best = max(best, self._longest(tokens, spans, slot_index + 1, first, best))
        words = tokens.words
        text = tokens.text
        # Depth-first over the trie: (node, index of the word it consumes next).
        pending = [(slot.root, first)]
        while pending:
            node, index = pending.pop()
            if index >= len(words):
                continue
            word = words[index]
            # `*` stands for a word of prose, never for masked text.
            for child in (
                node.children.get(word),
                node.children.get(_WILDCARD) if word[0] != MASK else None,
            ):
                if child is None:
                    continue
                if spans is None:
                    joined = index + 1 < len(words)
                else:
                    joined = (
                        index + 1 < len(words)
                        and text[spans[index][1] : spans[index + 1][0]].isspace()
                    )
                if child.terminal:
                    if final:
                        if index > best and (spans is None or _word_ends_at(text, spans[index][1])):
                            best = index
                    elif joined:
                        best = max(
                            best, self._longest(tokens, spans, slot_index + 1, index + 1, best)
                        )
                if child.children and joined:
                    pending.append((child, index + 1))
        return best


def _is_plain(phrase: str) -> bool:
    """Made only of words (and ``*``), so the word matcher can take it."""
    return _PLAIN.fullmatch(phrase) is not None


def _word_pattern(word: str) -> str:
    # `*` in a phrase stands for any one word ("sorry for * inconvenience").
    return r"[\w'\-]+" if word == _WILDCARD else re.escape(word)


@dataclass(frozen=True)
class PhraseSet:
    """A compiled phrase list. Build with :func:`compile_phrases` to share compiled sets.

    Phrases made of plain words are matched word by word (see :class:`_WordMatcher`);
    the rare phrase with other characters ("not 100% sure"), case-sensitive lists and
    lists matched inside words use a regular expression, compiled on first use.
    """

    phrases: Tuple[str, ...]
    matcher: Optional[_WordMatcher] = field(default=None, compare=False, repr=False)
    #: Source of the regular expression for what the word matcher does not cover.
    pattern_source: str = field(default="", compare=False, repr=False)
    #: When the regular expression is worth running (``None``: always).
    pattern_presence: Optional[_Presence] = field(default=None, compare=False, repr=False)
    #: Whether matching is on the lower-cased text.
    folds_case: bool = True

    @functools.cached_property
    def _pattern(self) -> Any:
        return re.compile(self.pattern_source) if self.pattern_source else None

    def _spans(self, text: str, anchored: bool = False) -> List[Tuple[int, int]]:
        subject = folded(text) if self.folds_case else text
        spans: List[Tuple[int, int]] = []
        tokens = words_of(subject)
        matcher = self.matcher
        if matcher is not None and matcher.possible(tokens):
            spans.extend(matcher.matches(tokens, anchored))
        if not self.pattern_source:
            return spans
        if self.pattern_presence is None or self.pattern_presence.possible(tokens.vocabulary):
            pattern = self._pattern  # compiled only for a text that may hold one of its phrases
            if anchored:
                match = pattern.match(subject)
                others = [match.span()] if match else []
            else:
                others = [match.span() for match in pattern.finditer(subject)]
            if others:
                spans = _leftmost_longest(spans + others)
        return spans

    def finditer(self, text: str) -> Iterator[Tuple[Span, str]]:
        """Each match as its span and the normalized phrase text that matched."""
        for start, end in self._spans(text):
            yield Span(start, end), normalize(text[start:end])

    def search(self, text: str, start: int = 0, end: int = -1) -> bool:
        """True when a phrase occurs in ``text`` (within ``text[start:end]``)."""
        if start or end >= 0:
            text = text[start : len(text) if end < 0 else end]
        return bool(self._spans(text))

    def match(self, text: str) -> bool:
        """True when ``text`` starts with one of the phrases."""
        return bool(self._spans(text, anchored=True))


def _leftmost_longest(spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    chosen: List[Tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return chosen


def _normalized_phrases(phrases: Iterable[str]) -> List[str]:
    return [phrase for phrase in (normalize(phrase) for phrase in phrases) if phrase]


@functools.lru_cache(maxsize=256)
def compile_phrases(
    phrases: Tuple[str, ...], case_sensitive: bool = False, whole_words: bool = True
) -> PhraseSet:
    """Compile phrases for matching; identical lists share one compiled set."""
    if case_sensitive or not whole_words:
        return PhraseSet(
            tuple(phrases),
            pattern_source=_regex_source(phrases, case_sensitive, whole_words),
            folds_case=not case_sensitive,
        )
    plain: List[str] = []
    odd: List[str] = []
    for phrase in _normalized_phrases(phrases):
        (plain if _is_plain(phrase) else odd).append(phrase)
    matcher = _WordMatcher([_Slot(plain)], [plain]) if plain else None
    if not odd:
        return PhraseSet(tuple(phrases), matcher)
    return PhraseSet(tuple(phrases), matcher, _regex_source(odd, False, True), _Presence(odd))


def _regex_source(phrases: Iterable[str], case_sensitive: bool, whole_words: bool) -> str:
    """One alternation, longest phrases first, for phrases the word matcher cannot take."""
    spelled = {phrase.strip() if case_sensitive else normalize(phrase) for phrase in phrases}
    alternatives = [
        r"\s+".join(_word_pattern(word) for word in phrase.split())
        for phrase in sorted(
            (phrase for phrase in spelled if phrase), key=lambda phrase: (-len(phrase), phrase)
        )
    ]
    if not alternatives:
        return ""
    body = "(?:" + "|".join(alternatives) + ")"
    return _BEFORE + body + _AFTER if whole_words else body


@functools.lru_cache(maxsize=64)
def compile_sequence(slots: Tuple[Tuple[str, ...], ...]) -> PhraseSet:
    """Phrases made of slots, one phrase from each slot in turn.

    ``(("let me", "i'll"), ("ask", "check with"), ("my", "a"), ("manager",))`` matches
    "let me check with my manager" without listing every combination. A slot that
    holds the empty string may be left out; the last slot may not. Slot phrases are
    plain words (and ``*``).
    """
    if not slots or "" in slots[-1]:
        raise ValueError("the last slot of a phrase sequence cannot be optional")
    normal = [_normalized_phrases(slot) for slot in slots]
    compiled = [_Slot(phrases, optional="" in slot) for phrases, slot in zip(normal, slots)]
    described = tuple(" | ".join(slot) for slot in slots)
    if any(not slot.root.children for slot in compiled):
        return PhraseSet(described)
    for phrases in normal:
        for phrase in phrases:
            if not _is_plain(phrase):
                raise ValueError(f"phrase sequence slots take plain words, not {phrase!r}")
    return PhraseSet(described, _WordMatcher(compiled, normal))


def merged(
    base: Iterable[str], extend: Iterable[str] = (), remove: Iterable[str] = ()
) -> Tuple[str, ...]:
    """``base`` plus ``extend`` less ``remove``, compared in normalized form."""
    removed = {normalize(phrase) for phrase in remove}
    out: List[str] = []
    seen = set()
    for phrase in (*base, *extend):
        key = normalize(phrase)
        if key and key not in removed and key not in seen:
            seen.add(key)
            out.append(phrase)
    return tuple(out)


def covered_by(phrase: str, others: Iterable[str]) -> List[str]:
    """The other phrases that already match everything ``phrase`` matches."""
    words = normalize(phrase).split(" ")
    found = []
    for other in others:
        other_words = normalize(other).split(" ")
        if other_words == words:
            continue
        for start in range(len(words) - len(other_words) + 1):
            window = words[start : start + len(other_words)]
            if all(o == "*" or o == w for o, w in zip(other_words, window)):
                found.append(other)
                break
    return found
