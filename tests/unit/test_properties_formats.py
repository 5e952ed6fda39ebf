"""Property tests across every input format and the fix engine."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import CHATTY

from chatlint.files import SourceText
from chatlint.fixing import fix_source
from chatlint.linter import Linter
from chatlint.position import LineIndex
from chatlint.run_config import RunConfig
from chatlint.settings import Settings
from chatlint.sources import FORMATS_BY_NAME
from chatlint.violation import Applicability

LINTER = Linter(RunConfig(Settings(root=Path.cwd(), select=("CL",))))
ANY = st.one_of(st.text(), CHATTY)


def _wrap(fmt: str, text: str) -> str:
    if fmt == "json":
        return json.dumps([{"comment": text}, {"content_html": "<p>" + text + "</p>"}])
    if fmt == "jsonl":
        return (
            json.dumps(
                {
                    "session_id": "s",
                    "turns": [{"role": "agent", "text": text}, {"role": "agent", "text": text}],
                }
            )
            + "\n"
        )
    if fmt == "yaml":
        return (
            "a:\n  comment: "
            + json.dumps(text)
            + "\nb:\n  comment: |\n    "
            + text.replace("\n", "\n    ")
            + "\n"
        )
    if fmt == "html":
        return "<p>" + text + "</p><!-- chatlint: disable-next-line -->\n<p>" + text + "</p>"
    return text


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.sampled_from(sorted(FORMATS_BY_NAME)), ANY)
def test_any_text_in_any_format_never_crashes_and_stays_in_bounds(fmt, text):
    source = _wrap(fmt, text)
    result = LINTER.lint_source(SourceText(source), f"f.{fmt}", FORMATS_BY_NAME[fmt])
    if result.error is not None:
        assert str(result.error).startswith(f"f.{fmt}: ")  # a clear error, never an exception
        return
    index = LineIndex(source)
    for finding in result.findings:
        assert 0 <= finding.span.start <= finding.span.end <= len(source)
        line, _ = index.location(finding.span.end)
        assert line <= index.line_count


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY)
def test_fixing_converges_and_is_idempotent(text):
    once = fix_source(LINTER, SourceText(text), "r.txt", Applicability.UNSAFE)
    if once.fixed is None:
        return
    twice = fix_source(LINTER, once.fixed, "r.txt", Applicability.UNSAFE)
    assert twice.fixed.text == once.fixed.text
    assert not any(finding.fix for finding in twice.result.findings)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY)
def test_safe_fixes_only_collapse_repeated_marks(text):
    once = fix_source(LINTER, SourceText(text), "r.txt", Applicability.SAFE)
    if once.fixed is None:
        return

    # Outside the edited spans nothing changes: removing every "!"/"?" run leaves equal text.
    def strip(value: str) -> str:
        return "".join(ch for ch in value if ch not in "!?")

    assert strip(once.fixed.text) == strip(text)


_TEMPLATE_TAGS = st.sampled_from(
    ["{{ name }}", "{{customer.first_name}}", "{% if vip %}", "{% endif %}", "[customer name]",
     "{ticket_id}", "${author}", "{{#if late}}", "{{/if}}"]
)  # fmt: skip
_WITH_TAGS = st.lists(
    st.one_of(_TEMPLATE_TAGS, st.sampled_from(
        ["I think", "Sorry for any inconvenience.", "PLEASE WAIT!!!", "maybe", "your order",
         "ships", "today.", "Hi", ",", "probably", "NOT", "most likely", "tier 2", "we"]
    )),
    max_size=25,
).map(" ".join)  # fmt: skip


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_WITH_TAGS)
def test_fixes_never_touch_template_syntax_or_placeholders(text):
    jargon = Linter(RunConfig(Settings(root=Path.cwd(), select=("CL",), preview=True)))
    fixed = fix_source(jargon, SourceText(text), "r.txt", Applicability.UNSAFE)
    if fixed.fixed is None:
        return
    for tag in ("{{", "}}", "{%", "%}", "[customer name]", "{ticket_id}", "${author}"):
        assert fixed.fixed.text.count(tag) == text.count(tag), tag
