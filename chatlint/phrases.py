"""Phrase lists: loaded from TOML beside a rule, compiled once into one pattern.

A phrase is words separated by spaces. It matches whole words, ignoring case, across any
run of white space, with curly and straight apostrophes alike (the message's prose view
folds them). The phrases of a list are merged into a word trie and compiled into a
single regular expression, so a long list costs one scan of the text.
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Dict, Iterable, Iterator, List, Mapping, Sequence, Tuple

import regex

from chatlint.message import Message
from chatlint.rule import Rule
from chatlint.violation import Span, Violation

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# A phrase starts and ends on a word boundary; an apostrophe or hyphen inside a word
# ("don't", "follow-up") does not make one.
_BEFORE = r"(?<![\w'\-])"
_AFTER = r"(?![\w]|['\-]\w)"
_SPACE = regex.compile(r"\s+")


def normalize(phrase: str) -> str:
    """The form phrases are compared in: lower case, single spaces, straight quotes."""
    return _SPACE.sub(" ", phrase.replace("\u2019", "'").replace("\u2018", "'").strip()).lower()


@functools.lru_cache(maxsize=None)
def load_data(path: str) -> Mapping[str, Any]:
    """A rule's TOML data file, read once per process."""
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def data_beside(module_file: str) -> Mapping[str, Any]:
    """The data file next to a rule module: ``hedging.py`` -> ``hedging.toml``."""
    return load_data(str(Path(module_file).with_suffix(".toml")))


@dataclass(frozen=True)
class PhraseOptions:
    """Options every phrase-list rule takes: add phrases, or turn built-in ones off."""

    extend_phrases: Tuple[str, ...] = field(
        default=(), metadata={"doc": "More phrases to flag, on top of the built-in list."}
    )
    ignore_phrases: Tuple[str, ...] = field(
        default=(), metadata={"doc": "Built-in phrases your team does not want flagged."}
    )


class _Trie:
    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: Dict[str, _Trie] = {}
        self.terminal = False

    def add(self, words: Sequence[str]) -> None:
        node = self
        for word in words:
            node = node.children.setdefault(word, _Trie())
        node.terminal = True

    def pattern(self) -> str:
        alternatives = []
        # Longer words first so "in" is tried before "i" at the same point.
        for word, child in sorted(self.children.items(), key=lambda item: (-len(item[0]), item[0])):
            continuations = []
            if child.children:
                continuations.append(r"\s+" + child.pattern())
            if child.terminal:
                continuations.append(_AFTER)
            tail = continuations[0] if len(continuations) == 1 else "(?:" + "|".join(continuations) + ")"
            alternatives.append(_word_pattern(word) + tail)
        return "(?:" + "|".join(alternatives) + ")"


def _word_pattern(word: str) -> str:
    # `*` in a phrase stands for any one word ("sorry for * inconvenience").
    return r"[\w'\-]+" if word == "*" else re.escape(word)


@functools.lru_cache(maxsize=64)
def folded(text: str) -> str:
    """``text`` in lower case, character for character, so offsets stay valid.

    Matching lower-cased text with a plain pattern is about three times faster than
    case-insensitive matching; the few characters whose lower case is longer (such as
    "İ") are kept as they are. Cached because every phrase rule folds the same text.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


@dataclass(frozen=True)
class PhraseSet:
    """A compiled phrase list. Build with :func:`compile_phrases` to share compiled sets."""

    phrases: Tuple[str, ...]
    pattern: Any = field(compare=False, repr=False)
    #: The pattern is written in lower case and matches the folded text.
    folds_case: bool = True

    def _subject(self, text: str) -> str:
        return folded(text) if self.folds_case else text

    def finditer(self, text: str) -> Iterator[Tuple[Span, str]]:
        """Each match as its span and the normalized phrase text that matched."""
        if self.pattern is None:
            return
        subject = self._subject(text)
        for match in self.pattern.finditer(subject):
            yield Span(*match.span()), normalize(match.group())

    def search(self, text: str, start: int = 0, end: int = -1) -> bool:
        if self.pattern is None:
            return False
        return self.pattern.search(self._subject(text), start, len(text) if end < 0 else end) is not None

    def match(self, text: str) -> bool:
        """True when ``text`` starts with one of the phrases."""
        return self.pattern is not None and self.pattern.match(self._subject(text)) is not None


def _trie_pattern(phrases: Iterable[str]) -> str:
    trie = _Trie()
    for phrase in phrases:
        words = normalize(phrase).split(" ")
        if words != [""]:
            trie.add(words)
    return trie.pattern() if trie.children else ""


@functools.lru_cache(maxsize=256)
def compile_phrases(phrases: Tuple[str, ...], case_sensitive: bool = False, whole_words: bool = True) -> PhraseSet:
    """Compile phrases into one pattern; identical lists share one compiled set."""
    if case_sensitive:
        body = _exact_pattern(phrases, whole_words)
        return PhraseSet(tuple(phrases), re.compile(body) if body else None, folds_case=False)
    body = _trie_pattern(phrases)
    if not whole_words:
        body = body.replace(_AFTER, "")
    pattern = re.compile((_BEFORE if whole_words else "") + body) if body else None
    return PhraseSet(tuple(phrases), pattern)


def _exact_pattern(phrases: Iterable[str], whole_words: bool) -> str:
    """Phrases matched with their case as written (the trie folds case, so not here)."""
    alternatives = [
        r"\s+".join(_word_pattern(word) for word in phrase.split())
        for phrase in sorted({phrase.strip() for phrase in phrases if phrase.strip()}, key=len, reverse=True)
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
    holds the empty string may be left out; the last slot may not.
    """
    if not slots or "" in slots[-1]:
        raise ValueError("the last slot of a phrase sequence cannot be optional")
    bodies = [_trie_pattern(slot) for slot in slots]
    if not all(bodies):
        return PhraseSet((), None)
    leading = "".join(
        f"(?:{body}\\s+)?" if "" in slot else f"{body}\\s+" for slot, body in zip(slots[:-1], bodies)
    )
    described = tuple(" | ".join(slot) for slot in slots)
    return PhraseSet(described, re.compile(_BEFORE + leading + bodies[-1]))


def merged(base: Iterable[str], extend: Iterable[str] = (), remove: Iterable[str] = ()) -> Tuple[str, ...]:
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


class PhraseRule(Rule):
    """A rule that flags the phrases of a list kept in a TOML file beside its module.

    Subclasses set ``data`` (from :func:`data_beside`) and ``template``, a message with
    ``{text}`` for the matched words, and may override :meth:`accept` to read a match
    in context. The TOML file holds ``phrases``, a general ``suggestion`` and optional
    per-phrase ``[suggestions]``.
    """

    Options = PhraseOptions
    data: ClassVar[Mapping[str, Any]] = {}
    template: ClassVar[str] = '"{text}"'

    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        self.phrases = compile_phrases(
            merged(self.data.get("phrases", ()), self.options.extend_phrases, self.options.ignore_phrases)
        )

    def check(self, message: Message) -> Iterator[Violation]:
        for span, phrase in self.phrases.finditer(message.prose.text):
            if self.accept(message, span, phrase):
                yield self.violation(
                    span,
                    self.template.format(text=_one_line(message.text[span.start : span.end])),
                    suggestion=self.suggestion_for(phrase),
                )

    def accept(self, message: Message, span: Span, phrase: str) -> bool:
        """Whether a match is really what the rule flags; the default takes every match."""
        return True

    def suggestion_for(self, phrase: str) -> str:
        return self.data.get("suggestions", {}).get(phrase, self.data.get("suggestion", ""))


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text)
