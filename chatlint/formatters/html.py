"""``--output-format html``: one self-contained page a support QA lead can open and read.

The page needs nothing from the network: its styles, its bar charts (inline SVG) and the
few lines of script that filter findings by rule, severity and agent are all inside it.
It shows the totals per rule; per agent, when transcripts name who wrote their turns;
the files (and the macros or conversations inside them) with the most findings, the
files that could not be read, and every finding with the text around it, the flagged
words marked, who wrote it, and what to write instead. Filters can also be set from the
address: ``report.html#rule=CL101&severity=warning&agent=Dana``.

With ``--statistics`` it is the same page: the totals are its first part.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Dict, List, Optional, Sequence, Tuple

from chatlint import __version__
from chatlint.formatters import statistics
from chatlint.formatters.escaping import html_escape as escape
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.violation import Finding, Speaker

#: Characters of context shown on each side of a finding.
CONTEXT = 90
#: How many files (or macros, or conversations) the "most findings" list shows, and
#: how many agents the per-agent chart shows.
TOP = 15
#: How many rules the per-agent table names for each agent.
TOP_RULES = 3
#: Characters of a bar's label a chart shows (the rest is in its tooltip).
LABEL = 44

_STYLE = """
:root { --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; --bar:#0969da; --mark:#fff1a8;
  --error:#cf222e; --warning:#9a6700; --info:#0969da; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.totals { display: flex; gap: 24px; flex-wrap: wrap; margin: 16px 0; }
.total { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 150px; }
.total b { display: block; font-size: 26px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
td.count { text-align: right; font-variant-numeric: tabular-nums; }
svg text { font: 13px system-ui, sans-serif; fill: var(--ink); }
.filters { display: flex; gap: 16px; flex-wrap: wrap; align-items: center;
  padding: 10px 0; position: sticky; top: 0; background: #fff; }
.finding { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px;
  margin: 10px 0; }
.finding .where { color: var(--muted); font-size: 13px; }
.finding .speaker { color: var(--ink); }
.finding .text { background: #f6f8fa; border-radius: 6px; padding: 6px 10px; margin: 6px 0;
  white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: var(--mark); padding: 0 1px; }
.help { margin: 0; } .help::before { content: "Instead: "; font-weight: 600; }
.badge { display: inline-block; font-size: 12px; border-radius: 10px; padding: 0 8px;
  border: 1px solid currentColor; margin-left: 6px; }
.error { color: var(--error); } .warning { color: var(--warning); } .info { color: var(--info); }
.hidden { display: none; }
"""

_SCRIPT = """
(function () {
  var rule = document.getElementById("rule");
  var severity = document.getElementById("severity");
  var agent = document.getElementById("agent");
  var shown = document.getElementById("shown");
  var findings = document.querySelectorAll(".finding");
  function apply() {
    var count = 0;
    findings.forEach(function (item) {
      var keep = (!rule.value || item.dataset.rule === rule.value) &&
        (!severity.value || item.dataset.severity === severity.value) &&
        (!agent || !agent.value || item.dataset.agent === agent.value);
      item.classList.toggle("hidden", !keep);
      if (keep) { count += 1; }
    });
    shown.textContent = count + " of " + findings.length + " shown";
  }
  var asked = new URLSearchParams(window.location.hash.slice(1));
  if (asked.get("rule")) { rule.value = asked.get("rule"); }
  if (asked.get("severity")) { severity.value = asked.get("severity"); }
  if (agent && asked.get("agent")) { agent.value = asked.get("agent"); }
  rule.addEventListener("change", apply);
  severity.addEventListener("change", apply);
  if (agent) { agent.addEventListener("change", apply); }
  apply();
})();
"""


def render(results: Sequence[FileResult], registry: Registry) -> str:
    ordered = sorted(results, key=lambda result: result.path)
    findings = [(result, finding) for result in ordered for finding in result.findings]
    counts = statistics(ordered)
    severities = Counter(finding.severity.label for _, finding in findings)
    unreadable = [result for result in ordered if result.error is not None]
    files = sum(1 for result in ordered if result.findings)
    speakers = _speakers(findings)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>chatlint report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>chatlint report</h1>",
        f'<p class="meta">{datetime.date.today().isoformat()} &middot; chatlint '
        f"{escape(__version__)} &middot; {len(ordered)} file{_s(len(ordered))} with something "
        "to report</p>",
        '<div class="totals">',
        _total(len(findings), "findings"),
        _total(files, "files with findings"),
        _total(len(counts), "rules found something"),
        _total(len(unreadable), "files could not be read"),
        "</div>",
    ]
    if not findings and not unreadable:
        parts.append("<p>No problems found.</p>")
    if counts:
        rule_bars = [(f"{code} {name}", count) for code, name, count in counts]
        parts += ["<h2>Findings per rule</h2>", _chart(rule_bars, "Findings per rule")]
        parts.append(_rule_table(counts))
        if speakers:  # only when a transcript names who wrote its turns
            parts += ["<h2>Findings per agent</h2>", *_per_agent(speakers, len(findings))]
        parts += ["<h2>Where the findings are</h2>", _top_places(findings)]
    if unreadable:
        parts += ["<h2>Files that could not be read</h2>", "<table>"]
        parts += [
            f"<tr><td>{escape(result.path)}</td><td>{escape(result.error.problem)}</td></tr>"
            for result in unreadable
            if result.error is not None
        ]
        parts.append("</table>")
    if findings:
        parts += [
            "<h2>Every finding</h2>",
            _filters(counts, severities, speakers),
            *(_finding(result, finding) for result, finding in findings),
            f"<script>{_SCRIPT}</script>",
        ]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_statistics(results: Sequence[FileResult], registry: Registry) -> str:
    return render(results, registry)


def _s(number: int) -> str:
    return "" if number == 1 else "s"


def _total(number: int, label: str) -> str:
    return f'<div class="total"><b>{number:,}</b>{escape(label)}</div>'


def _chart(bars: Sequence[Tuple[str, int]], description: str) -> str:
    """A horizontal bar per ``(label, count)``, in the order given, as inline SVG."""
    row, label_width, bar_width = 26, 330, 560
    most = max(count for _, count in bars)
    height = row * len(bars) + 10
    drawn = []
    for number, (label, count) in enumerate(bars):
        y = number * row + 5
        width = max(2, round(bar_width * count / most))
        shown = label if len(label) <= LABEL else label[: LABEL - 1] + "\u2026"
        drawn.append(
            f'<text x="0" y="{y + 17}">{escape(shown)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{width}" height="{row - 8}" '
            f'rx="3" fill="var(--bar)"><title>{escape(label)}: {count}</title></rect>'
            f'<text x="{label_width + width + 6}" y="{y + 17}">{count:,}</text>'
        )
    total_width = label_width + bar_width + 60
    return (
        f'<svg class="chart" role="img" aria-label="{escape(description)}" width="100%" '
        f'viewBox="0 0 {total_width} {height}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(drawn)
        + "</svg>"
    )


def _rule_table(counts: List[Tuple[str, str, int]]) -> str:
    rows = "".join(
        f'<tr><td>{escape(code)}</td><td>{escape(name)}</td><td class="count">{count:,}</td></tr>'
        for code, name, count in counts
    )
    return f"<table><tr><th>Code</th><th>Rule</th><th>Findings</th></tr>{rows}</table>"


def _speakers(findings: List[Tuple[FileResult, Finding]]) -> List[Tuple[Speaker, Counter[str]]]:
    """Each agent (or team) named by a finding, with how many findings of each code
    name them; most findings first."""
    found: Dict[Speaker, Counter[str]] = {}
    for _, finding in findings:
        if finding.speaker is not None:
            found.setdefault(finding.speaker, Counter())[finding.code] += 1
    return sorted(found.items(), key=lambda item: (-sum(item[1].values()), item[0]))


def _per_agent(speakers: List[Tuple[Speaker, Counter[str]]], findings: int) -> List[str]:
    """The per-agent chart (the agents with the most findings) and table (every agent)."""
    bars = [(_label(speaker), sum(codes.values())) for speaker, codes in speakers]
    parts = []
    if len(bars) > TOP:
        parts.append(f'<p class="meta">The chart shows the {TOP} with the most findings.</p>')
    parts.append(_chart(bars[:TOP], "Findings per agent"))
    rows = "".join(
        f"<tr><td>{escape(speaker.name)}</td><td>{escape(speaker.team)}</td>"
        f"<td>{escape(_most_found(codes))}</td>"
        f'<td class="count">{count:,}</td></tr>'
        for (speaker, codes), (_, count) in zip(speakers, bars)
    )
    parts.append(
        "<table><tr><th>Agent</th><th>Team</th><th>Most found</th><th>Findings</th></tr>"
        f"{rows}</table>"
    )
    unnamed = findings - sum(count for _, count in bars)
    if unnamed:
        parts.append(
            f'<p class="meta">{unnamed:,} finding{_s(unnamed)} in text that names no agent '
            "(macros, articles, transcript turns without a name) "
            f"{'is' if unnamed == 1 else 'are'} not counted here.</p>"
        )
    return parts


def _label(speaker: Speaker) -> str:
    """An agent as the chart, the filter and a finding name them: "Dana, Billing",
    "Dana" or "team Billing"."""
    if not speaker.name:
        return f"team {speaker.team}"
    return f"{speaker.name}, {speaker.team}" if speaker.team else speaker.name


def _most_found(codes: Counter[str]) -> str:
    """The codes found most often, most first: "CL101 \u00d73, CL201 \u00d71"."""
    ranked = sorted(codes.items(), key=lambda item: (-item[1], item[0]))[:TOP_RULES]
    return ", ".join(f"{code} \u00d7{count}" for code, count in ranked)


def _top_places(findings: List[Tuple[FileResult, Finding]]) -> str:
    """The files, and the macros or conversations inside them, with the most findings."""
    places: Counter[Tuple[str, str]] = Counter()
    for result, finding in findings:
        places[(result.path, _place(finding.context))] += 1
    rows = "".join(
        f'<tr><td>{escape(path)}</td><td>{escape(inside)}</td><td class="count">{count:,}</td></tr>'
        for (path, inside), count in places.most_common(TOP)
    )
    return (
        "<table><tr><th>File</th><th>Macro or conversation</th><th>Findings</th></tr>"
        f"{rows}</table>"
    )


def _place(context: str) -> str:
    """The macro or conversation a finding is in, without the turn: "conversation 7",
    "refund.comment"."""
    return context.split(", turn ")[0] if context else ""


def _filters(
    counts: List[Tuple[str, str, int]],
    severities: Counter[str],
    speakers: List[Tuple[Speaker, Counter[str]]],
) -> str:
    rules = "".join(
        f'<option value="{escape(code)}">{escape(code)} {escape(name)} ({count})</option>'
        for code, name, count in counts
    )
    levels = "".join(
        f'<option value="{level}">{level} ({severities[level]})</option>'
        for level in ("error", "warning", "info")
        if severities[level]
    )
    agents = ""
    for speaker, codes in speakers:
        label = escape(_label(speaker))
        agents += f'<option value="{label}">{label} ({sum(codes.values())})</option>'
    agent_filter = (
        f'<label>Agent <select id="agent"><option value="">every agent</option>{agents}'
        "</select></label>"
        if speakers
        else ""
    )
    return (
        '<div class="filters">'
        f'<label>Rule <select id="rule"><option value="">every rule</option>{rules}</select>'
        "</label>"
        f'<label>Severity <select id="severity"><option value="">every severity</option>'
        f"{levels}</select></label>{agent_filter}"
        '<span id="shown" class="meta"></span></div>'
    )


def _finding(result: FileResult, finding: Finding) -> str:
    line, column = result.line_index().location(finding.span.start)
    where = f"{finding.path}:{line}:{column}"
    if finding.context:
        where += f" [{finding.context}]"
    level = finding.severity.label
    help_line = f'<p class="help">{escape(finding.suggestion)}</p>' if finding.suggestion else ""
    agent = by = ""
    if finding.speaker is not None:
        label = escape(_label(finding.speaker))
        agent = f' data-agent="{label}"'
        by = f' &middot; by <span class="speaker">{label}</span>'
    return (
        f'<div class="finding" data-rule="{escape(finding.code)}" data-severity="{level}"{agent}>'
        f'<div class="where">{escape(where)}{by}</div>'
        f"<div><b>{escape(finding.code)}</b> {escape(finding.message)}"
        f'<span class="badge {level}">{level}</span></div>'
        f'<div class="text">{_excerpt(result, finding)}</div>{help_line}</div>'
    )


def _excerpt(result: FileResult, finding: Finding) -> str:
    """The text around the finding, the flagged part marked; the flagged text alone
    when the file's text was not kept."""
    text: Optional[str] = result.source.text if result.source is not None else None
    start, end = finding.span.start, finding.span.end
    if text is None or text[start:end] != finding.matched_text:
        return f"<mark>{escape(finding.matched_text)}</mark>"
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before_start = max(line_start, start - CONTEXT)
    after_end = min(line_end, end + CONTEXT)
    before = ("\u2026" if before_start > line_start else "") + text[before_start:start]
    after = text[end:after_end] + ("\u2026" if after_end < line_end else "")
    return f"{escape(before)}<mark>{escape(text[start:end])}</mark>{escape(after)}"
