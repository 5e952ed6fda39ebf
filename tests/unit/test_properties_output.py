"""Every finding survives the trip through the JSON and SARIF outputs, and a run's
compact results (places kept, text dropped) print exactly like full ones."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatlint.api import lint_paths
from chatlint.formatters import render
from chatlint.position import LineIndex
from chatlint.registry import Registry

REGISTRY = Registry.installed()

PIECES = [
    "It seems",
    "probably",
    "Sorry for any inconvenience",
    "Unfortunately we can't refund it",
    "WHY NOT",
    "!!!",
    "?!",
    "[customer name]",
    "as I already said",
    "your fault",
    "Thanks",
    "caf\u00e9",
    "\U0001f600",
    "\u05e9\u05dc\u05d5\u05dd",
    "e\u0301",
    "\u200b",
    "\t",
    "\r\n",
    "\n",
    "\r",
    " ",
    ". ",
    "https://example.com/x",
    "@handle",
]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map(" ".join)


def _expected(result):
    if not result.findings:  # a clean file's text is not kept
        return
    index = LineIndex(result.source.text)
    for finding in result.findings:
        yield finding, index.location(finding.span.start), index.location(finding.span.end)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(texts, st.sampled_from(["reply.txt", "article.md"]))
def test_findings_round_trip_through_json_and_sarif(tmp_path_factory, text, name):
    path = tmp_path_factory.mktemp("round") / name
    path.write_bytes(text.encode("utf-8"))
    (result,) = lint_paths([path])
    assert result.error is None
    expected = list(_expected(result))

    items = json.loads(render("json", [result], REGISTRY))
    assert len(items) == len(expected)
    for item, (finding, start, end) in zip(items, expected):
        assert (item["code"], item["message"], item["suggestion"]) == (
            finding.code,
            finding.message,
            finding.suggestion,
        )
        assert (item["location"]["line"], item["location"]["column"]) == start
        assert (item["end_location"]["line"], item["end_location"]["column"]) == end
        assert (item["fix"] is None) == (finding.fix is None)

    sarif = json.loads(render("sarif", [result], REGISTRY))
    found = sarif["runs"][0]["results"]
    assert len(found) == len(expected)
    for entry, (finding, start, end) in zip(found, expected):
        region = entry["locations"][0]["physicalLocation"]["region"]
        assert entry["ruleId"] == finding.code and entry["message"]["text"].startswith(
            finding.message
        )
        assert (
            region["startLine"],
            region["startColumn"],
            region["endLine"],
            region["endColumn"],
        ) == (*start, *end)

    compact = result.without_source()
    for output in ("text", "json", "sarif", "github", "junit"):
        assert render(output, [compact], REGISTRY) == render(output, [result], REGISTRY)
