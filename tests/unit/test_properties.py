"""Property tests: any text through every rule never crashes and stays in bounds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatlint.files import SourceText
from chatlint.linter import Linter
from chatlint.message import Message
from chatlint.position import LineIndex
from chatlint.registry import Registry
from chatlint.run_config import RunConfig
from chatlint.settings import Settings

REGISTRY = Registry.installed()
EVERY_RULE = Linter(RunConfig(Settings(root=Path.cwd(), select=("CL",)), REGISTRY))

# Text that looks like chat, with the characters that break naive linters mixed in.
_WORDS = st.sampled_from(
    [
        "I",
        "think",
        "probably",
        "sorry",
        "for",
        "any",
        "inconvenience",
        "can't",
        "you",
        "failed",
        "to",
        "refund",
        "order",
        "delayed",
        "because",
        "!!",
        "?!",
        "OK",
        "URGENT",
        "[name]",
        "{{ name }}",
        "{% if x %}",
        "{% endif %}",
        "https://x.co/a?b=c",
        "@user",
        "#tag",
        '"quoted probably"',
        "`code`",
        "&amp;",
        "^JK",
        "-Becky",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "🙂",
        "👩‍👩‍👧",
        "עברית",
        "مرحبا",
        "\u200b",
        "\u200f",
        "e\u0301",
        "漢字",
        "\x00",
        "\ufeff",
        ".",
        ",",
        " ",
        "\t",
        "I’m",
        "“",
        "”",
        "XXX",
        "TBD",
        "$XX.XX",
        # What the sense reading and chat sentence splitting look at.
        "can\u00e2\u20ac\u2122t",
        "\u00e2\u20ac\u0153",
        "&gt;",
        "&gt;&gt;",
        "<br />",
        "(1/2)",
        "2/2",
        ":)",
        ";-)",
        "claim.Please",
        "'quoted it's'",
        "hopefully",
        "unfortunately",
        "we can't",
        "only available",
        "sorry to hear that",
        "you should have",
        "**NOTE**",
        "[!IMPORTANT]",
        "If",
        "?",
        "Do you",
    ]
)
CHATTY = st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=60).map(" ".join)
ANY_TEXT = st.one_of(st.text(), CHATTY)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT, st.sampled_from(["chat", "email", "article"]))
def test_rules_never_crash_and_spans_stay_in_bounds(text, kind):
    message = Message(text, kind=kind)
    for violation in EVERY_RULE.check_message(message, EVERY_RULE.rules_for(None)):
        assert 0 <= violation.span.start <= violation.span.end <= len(text)
        if violation.fix:
            for edit in violation.fix.edits:
                assert 0 <= edit.span.start <= edit.span.end <= len(text)


@settings(deadline=None)
@given(ANY_TEXT)
def test_file_findings_land_inside_the_file(text):
    result = EVERY_RULE.lint_source(SourceText(text), "reply.txt")
    assert result.error is None
    index = LineIndex(text)
    for finding in result.findings:
        assert 0 <= finding.span.start <= finding.span.end <= len(text)
        line, column = index.location(finding.span.start)
        assert 1 <= line <= max(index.line_count, 1)
        assert 1 <= column
        assert finding.matched_text == text[finding.span.start : finding.span.end]
