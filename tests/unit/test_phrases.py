"""Phrase lists: the word-by-word matcher agrees with a plain regular expression."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from chatlint import registry
from chatlint.phrases import compile_phrases, compile_sequence, folded

WORDS = [
    "sorry",
    "for",
    "the",
    "any",
    "inconvenience",
    "can't",
    "follow-up",
    "we",
    "i",
    "think",
    "not",
    "100",
]
GLUE = [" ", "  ", "\n", ", ", ". ", "_", "-", "'", "!", " (", ") ", "\t"]


def _reference(phrases, text):
    """What the phrase list means, written as one regular expression: whole words,
    any run of white space between them, longest phrase first at each position."""
    body = "|".join(
        r"\s+".join(re.escape(word) for word in phrase.split())
        for phrase in sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    )
    pattern = re.compile(r"(?<![\w'\-])(?:" + body + r")(?![\w]|['\-]\w)")
    return [match.span() for match in pattern.finditer(folded(text))]


phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
texts = st.lists(
    st.tuples(st.sampled_from(WORDS + ["Sorry", "FOR", "xyz"]), st.sampled_from(GLUE)), max_size=12
).map(lambda pairs: "".join(word + glue for word, glue in pairs))


@given(st.lists(phrase, min_size=1, max_size=6), texts)
def test_word_matcher_finds_what_the_regular_expression_finds(phrases, text):
    found = [(span.start, span.end) for span, _ in compile_phrases(tuple(phrases)).finditer(text)]
    assert found == _reference(phrases, text)


@given(st.lists(phrase, min_size=1, max_size=6), texts)
def test_search_and_match_agree_with_finditer(phrases, text):
    compiled = compile_phrases(tuple(phrases))
    spans = [span for span, _ in compiled.finditer(text)]
    assert compiled.search(text) == bool(spans)
    assert compiled.match(text) == bool(spans and spans[0].start == 0)


def test_wildcard_stands_for_one_word_of_prose():
    compiled = compile_phrases(("sorry for * inconvenience",))
    assert [
        phrase
        for _, phrase in compiled.finditer(
            "Sorry for any inconvenience. sorry for the big inconvenience"
        )
    ] == ["sorry for any inconvenience"]


def test_phrases_with_other_characters_still_match():
    compiled = compile_phrases(("not 100% sure", "maybe"))
    assert [phrase for _, phrase in compiled.finditer("I'm not 100% sure, maybe.")] == [
        "not 100% sure",
        "maybe",
    ]


def test_sequence_slots_and_optional_slot():
    asking = compile_sequence(
        (("let me", "i'll"), ("check with",), ("my", ""), ("manager", "team lead"))
    )
    text = (
        "Let me check with my manager. I'll check with team lead today. "
        "I'll check with the manager."
    )
    assert [phrase for _, phrase in asking.finditer(text)] == [
        "let me check with my manager",
        "i'll check with team lead",
    ]


def test_entry_points_read_directly_match_importlib_metadata():
    assert registry._entry_points() == registry._entry_points_from_metadata()
