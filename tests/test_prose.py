"""The shared prose analysis: masking keeps offsets, sentences split where a reader would."""

from __future__ import annotations

import pytest

from chatlint.prose import MASK, Prose


def _sentences(text):
    prose = Prose(text)
    return [text[span.start : span.end] for span in prose.sentences]


def test_masking_keeps_length_and_hides_non_prose():
    text = 'Hi @sam, see https://ex.com/a.b. Mail me@x.org, #help, {{ name }}, `code`, "quoted".'
    prose = Prose(text)
    assert len(prose.text) == len(text)
    for hidden in ("@sam", "https://ex.com/a.b", "me@x.org", "#help", "{{ name }}", "`code`", '"quoted"'):
        start = text.index(hidden)
        assert prose.text[start : start + len(hidden)] == MASK * len(hidden), hidden
    assert prose.text.endswith(".")  # the full stop after a URL is prose, not URL


def test_html_entity_is_not_a_hashtag():
    assert "#39" in Prose("it&#39;s").text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Ask Dr. Smith, e.g. today. Then go.", ["Ask Dr. Smith, e.g. today.", "Then go."]),
        ("Hi there\nThanks for waiting\n\nBye", ["Hi there", "Thanks for waiting", "Bye"]),
        ("A line that wraps\nand goes on. Next.", ["A line that wraps\nand goes on.", "Next."]),
        ("See https://x.co/a.b. Next one.", ["See https://x.co/a.b.", "Next one."]),
        ("Version 2.5 is out.", ["Version 2.5 is out."]),
        ("", []),
    ],
)
def test_sentences(text, expected):
    assert _sentences(text) == expected


def test_word_count_treats_masked_runs_as_one_word():
    prose = Prose("Go to https://example.com/a/b/c now")
    assert len(prose.words) == 4
