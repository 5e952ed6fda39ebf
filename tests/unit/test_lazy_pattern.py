"""A LazyPattern answers exactly as the compiled pattern would, before and after it compiles."""

import re

import pytest

from chatlint.lazy_pattern import LazyPattern

TEXT = "Sorry, we can't refund it. We CAN'T refund it today either."


def _answers(pattern, pos, endpos):
    window = TEXT[pos:endpos]
    return (
        pattern.sub(lambda found: found.group(1).upper(), window),
        pattern.sub("[\\1]", window, 1),
        pattern.split(window),
        pattern.split(window, 1),
        (found.span() if (found := pattern.search(TEXT, pos, endpos)) else None),
        (found.span() if (found := pattern.match(TEXT, pos, endpos)) else None),
        (found.span() if (found := pattern.fullmatch(TEXT, pos, endpos)) else None),
        [found.span() for found in pattern.finditer(TEXT, pos, endpos)],
        pattern.findall(TEXT, pos, endpos),
    )


def test_answers_as_the_compiled_pattern_for_every_method_and_window():
    compiled = re.compile(r"can't (\w+)", re.IGNORECASE)
    windows = [(0, len(TEXT)), (10, len(TEXT)), (0, 20), (11, 24), (27, 40)]
    for first_method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "split"):
        lazy = LazyPattern(r"can't (\w+)", re.IGNORECASE)
        # whichever method compiles it first
        getattr(lazy, first_method)(*(("", TEXT) if first_method == "sub" else (TEXT,)))
        for pos, endpos in windows:
            assert _answers(lazy, pos, endpos) == _answers(compiled, pos, endpos)


def test_is_not_compiled_before_it_is_used():
    lazy = LazyPattern(r"(unclosed")  # compiling at definition would raise here
    with pytest.raises(re.error):
        lazy.search("text")
