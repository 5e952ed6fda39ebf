"""The HTML report's findings per agent: there only when a transcript names who wrote
a turn, every name escaped, the chart cut to the agents with the most findings."""

from __future__ import annotations

import json
import re
from pathlib import Path

from chatlint.api import lint_paths
from chatlint.formatters import render
from chatlint.formatters.html import TOP
from chatlint.registry import Registry

REGISTRY = Registry.installed()


def _report(tmp_path: Path, *records: dict) -> str:
    path = tmp_path / "chats.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return render("html", lint_paths([path]), REGISTRY)


def _turn(text: str, **names: str) -> dict:
    return {"role": "agent", "text": text, **names}


def test_transcripts_that_name_nobody_have_no_per_agent_section(tmp_path):
    page = _report(
        tmp_path,
        {"session_id": "a", "turns": [{"role": "customer", "text": "hi"}, _turn("Probably.")]},
        _turn("It seems so."),
    )
    assert page.count('<div class="finding"') == 2
    assert "Findings per agent" not in page
    assert 'id="agent"' not in page and "data-agent" not in page and 'class="speaker"' not in page
    assert page.count("<svg") == 1  # the per-rule chart alone


def test_a_hostile_name_is_escaped_wherever_it_is_shown(tmp_path):
    name = '<img src=x onerror=alert(1)>"\x1b[8m'
    page = _report(tmp_path, _turn("Probably.", agent=name, team="<b>T&amp;</b>"))
    assert "<img" not in page and "<b>T" not in page and "\x1b" not in page
    escaped = "&lt;img src=x onerror=alert(1)&gt;&quot;\\x1b[8m"
    team = "&lt;b&gt;T&amp;amp;&lt;/b&gt;"
    assert f"<tr><td>{escaped}</td><td>{team}</td>" in page  # the table
    assert f'<text x="0" y="22">{escaped[:40]}' in page  # the chart, its label cut short
    assert f'data-agent="{escaped}, {team}"' in page  # the finding, for the filter
    assert f'<option value="{escaped}, {team}">' in page  # the filter


def test_the_chart_shows_the_agents_with_the_most_findings_and_the_table_all(tmp_path):
    # Agent 00 has the most findings, then each one fewer: sorted before cut.
    records = [
        _turn(" ".join(["Probably."] * (TOP + 3 - number)), agent=f"Agent {number:02}")
        for number in reversed(range(TOP + 3))
    ]
    page = _report(tmp_path, *records)
    section = page.split("<h2>Findings per agent</h2>", 1)[1].split("<h2>", 1)[0]
    labels = re.findall(r'<text x="0" y="\d+">(.*?)</text>', section)
    assert labels == [f"Agent {number:02}" for number in range(TOP)]
    assert len(re.findall(r"<tr><td>Agent \d+</td>", section)) == TOP + 3
    assert f"The chart shows the {TOP} with the most findings." in section
