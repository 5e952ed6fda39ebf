"""The shared prose analysis: masking keeps offsets, sentences split where a reader would."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatlint import prose as prose_module
from chatlint.prose import MASK, Prose


def _sentences(text):
    prose = Prose(text)
    return [text[span.start : span.end] for span in prose.sentences]


def test_masking_keeps_length_and_hides_non_prose():
    text = 'Hi @sam, see https://ex.com/a.b. Mail me@x.org, #help, {{ name }}, `code`, "quoted".'
    prose = Prose(text)
    assert len(prose.text) == len(text)
    for hidden in (
        "@sam",
        "https://ex.com/a.b",
        "me@x.org",
        "#help",
        "{{ name }}",
        "`code`",
        '"quoted"',
    ):
        start = text.index(hidden)
        assert prose.text[start : start + len(hidden)] == MASK * len(hidden), hidden
    assert prose.text.endswith(".")  # the full stop after a URL is prose, not URL


def test_masking_an_ascii_message_keeps_it_ascii():
    """Nearly every reply has a link or an @handle; its masked text stays ASCII, which
    keeps lower-casing and splitting it cheap."""
    prose = Prose("@sam Thanks! See https://example.com/help and write to me@example.org.")
    assert prose.text.isascii() and MASK in prose.text
    assert Prose("Voilà: https://example.com").text.endswith(MASK * 19)


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
        (
            "Open at 9 a.m. daily. At 5 p.m. Call us.",
            ["Open at 9 a.m. daily.", "At 5 p.m.", "Call us."],
        ),
        (
            "Leaves on 22dec. Flight two leaves later.",
            ["Leaves on 22dec.", "Flight two leaves later."],
        ),
        ("Happy to help  Please DM us", ["Happy to help", "Please DM us"]),
        (
            "お問い合わせありがとうございます。ご迷惑をおかけしております。",
            ["お問い合わせありがとうございます。", "ご迷惑をおかけしております。"],
        ),
        ("", []),
    ],
)
def test_sentences(text, expected):
    assert _sentences(text) == expected


def test_word_count_treats_masked_runs_as_one_word():
    prose = Prose("Go to https://example.com/a/b/c now")
    assert len(prose.words) == 4


# -- the fast paths give what the plain patterns give ------------------------------------
# Each scan below was rewritten for speed; the property pins it to the straightforward
# pattern it replaced, over text mixing words, masks, apostrophes, hyphens, emoji,
# scripts beyond Latin, typographic quotes and every kind of white space.

_PIECES = st.sampled_from(
    [
        "word",
        "claim.Please",
        "\u3002",
        "\uff01",
        "v1.Go",
        "don't",
        "follow-up",
        "-",
        "'",
        "''",
        "--",
        "_",
        "a_b",
        "x'-y",
        MASK,
        MASK * 3,
        "123",
        "Ünïcode",
        "日本語",
        "😀",
        "…",
        "—",
        "\u00a0",
        "\u2028",
        "\r\n",
        "\n",
        " ",
        "\t",
        ".",
        "!?",
        "\u2019",
        "\u201c",
        "\u2011",
        "\u200b",
        "²",
        "½",
        "İ",
        "\ud800",
        "e.g.",
        "U.S.",
        ")",
        '"',
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=30).map("".join)

_OLD_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2011": "-",
        "\u200b": " ",
        "\r": "\n",
        "\ufffc": MASK,
    }
)
_OLD_SENTENCE_END = re.compile(
    r"(?=[.!?\u2026\n\u3002\uff01\uff1f])"
    r"(?:[.!?\u2026]+['\")\]]*(?=\s|$)|\n|[\u3002\uff01\uff1f]|(?<=[a-z0-9)])[.!?](?=[A-Z][a-z]))"
)


@given(_TEXT)
def test_word_list_finds_exactly_what_the_word_pattern_finds(text):
    assert prose_module.word_list(text) == prose_module._WORD.findall(text)


@given(_TEXT)
def test_folding_by_replacement_equals_the_translation_table(text):
    for variant, plain in prose_module._MOJIBAKE:  # three characters each, folded first
        text = text.replace(variant, plain)
    assert prose_module._fold(text) == text.translate(_OLD_FOLD)


@pytest.mark.parametrize(
    "published, read",
    [
        ("We can\u00e2\u20ac\u2122t refund it", "we can't refund it"),
        ("Sorry \u00e2\u20ac\u201d we\u00e2\u20ac\u2122re on it", "sorry we're on it"),
        ("\u00e2\u20ac\u0153Done\u00e2\u20ac\x9d", ""),
    ],
)
def test_windows_1252_mojibake_reads_as_the_characters_it_stands_for(published, read):
    """UTF-8 read as Windows-1252 ("canâ€™t") is common in published chat text: its
    words read as the writer wrote them, and every offset stays where it was."""
    prose = Prose(published)
    assert len(prose.text) == len(published)
    assert (
        " ".join(word for word in prose_module.word_list(prose.text.lower()) if "\x1a" not in word)
        == read
    )


@given(_TEXT)
def test_sentence_ends_are_found_where_the_lookahead_pattern_found_them(text):
    found = [match.span() for match in prose_module._SENTENCE_END.finditer(text)]
    assert found == [match.span() for match in _OLD_SENTENCE_END.finditer(text)]


@given(_TEXT)
def test_letters_beyond_ascii_are_found_as_before(text):
    from chatlint_rules import shouting

    old = re.compile(r"(?![\x00-\x7f])[^\W\d_]").search(text)
    new = shouting._LETTER_BEYOND_ASCII.search(text)
    assert (old and old.span()) == (new and new.span())


_LINK_PIECES = st.sampled_from(
    [
        "http://",
        "https://",
        "ftp://",
        "www.",
        "wwww.",
        "xhttp://",
        "h",
        "w",
        "a",
        "b.com",
        "/",
        ".",
        ")",
        '"',
        "<",
        " ",
        "\n",
        "_",
        "é",
        "😀",
        MASK,
    ]
)


@given(st.lists(st.one_of(_LINK_PIECES, _PIECES), max_size=20).map("".join))
def test_links_found_with_one_scan_per_way_of_starting_are_the_links_of_one_pattern(text):
    """Three literal-led scans, overlaps dropped, find what the one alternation found."""
    old = re.compile(r"(?:h(?<!\wh)ttps?://|f(?<!\wf)tp://|w(?<!\ww)ww\.)[^\s<>\"]+")
    kept, last_end = [], -1
    for start, end in sorted(prose_module._urls(text)):
        if start >= last_end:
            kept.append((start, end))
            last_end = end
    assert kept == [match.span() for match in old.finditer(text)]


def test_a_masked_object_from_a_format_is_masked_prose_and_stays_printable():
    """HTML inline code reaches rules as one masked word, while the message text keeps a
    character every output (JUnit XML included) can carry."""
    from chatlint.prose import MASKED_OBJECT
    from chatlint.sources import HTML, ReadOptions

    message = HTML.read(
        "<p>Run <code>ls -la</code> now, sorry for any inconvenience.</p>", ReadOptions()
    ).messages[0]
    assert MASKED_OBJECT in message.text and MASK not in message.text
    assert message.prose.text[message.text.index(MASKED_OBJECT)] == MASK
    assert message.prose.number_of_words == 7  # Run, the code, now, sorry, for, any, inconvenience


def test_shared_answers_about_long_texts_are_held_within_a_budget():
    # A language server lints a new version of a 5 KB draft on every keystroke: the words
    # of old versions must not pile up.
    draft = "We are sorry the parcel is late. " * 160
    for version in range(prose_module.MEMO_BUDGET // len(draft) + 50):
        text = f"{draft}{version}"
        assert prose_module.words_of(text).words[-1] == str(version)
        assert prose_module.folded(text.upper()).endswith(f"late. {version}")
    for memo in (prose_module.words_of, prose_module.folded):
        assert sum(map(len, memo)) <= prose_module.MEMO_BUDGET
    # ... while a text asked about again is answered from the memo.
    assert prose_module.words_of(text) is prose_module.words_of(text)
