"""Each input format: what is linted, what is not, and where findings land."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import TESTS

FIXTURES = TESTS / "fixtures" / "corpus"


def _findings(cli, *args):
    result = cli(["check", "--output-format", "json", *args])
    assert result.stderr == "", result.stderr
    return json.loads(result.stdout)


def _short(items):
    return [(f["code"], f["location"]["line"], f["location"]["column"]) for f in items]


# -- Markdown -------------------------------------------------------------------------

MARKDOWN = """---
title: Probably a title
---

# Refunds &amp; returns, probably

Perhaps your refund is *on its way*. See [the probably page](https://ex.com/probably) or `probably`.
This line wraps and
probably continues.

```
probably in a fence
```

    probably indented

- a list item, perhaps

| col | notes |
|---|---|
| x | probably fine |

<!-- probably in a comment -->
<div>probably in html</div>
"""


# Articles flag only first-person hedges; read these files as chat, so every hedge word
# shows where a finding lands.
AS_CHAT = '[kinds]\n"*.md" = "chat"\n"*.html" = "chat"\n'


def test_markdown_lints_prose_only_at_exact_positions(cli, write):
    write(".chatlint.toml", AS_CHAT)
    write("article.md", MARKDOWN)
    assert _short(_findings(cli, "--select", "CL101", "article.md")) == [
        ("CL101", 5, 26),  # heading, after an entity
        ("CL101", 7, 1),  # paragraph
        ("CL101", 7, 47),  # link text, not the link target
        ("CL101", 9, 1),  # wrapped line
        ("CL101", 17, 16),  # list item
        ("CL101", 21, 7),  # table cell
    ]


def test_markdown_is_an_article_with_no_length_limit(cli, write):
    write("long.md", "word " * 500 + "\n")
    assert _findings(cli, "--select", "CL401", "long.md") == []


SUPPRESSED = """Probably one.

<!-- chatlint: disable-next-line CL101 -->
Probably two.

<!-- chatlint: disable CL101 -->
Probably three. Sorry for any inconvenience.
<!-- chatlint: enable CL101 -->

Probably four.

<!-- chatlint: disable-next-line -->
Probably five, sorry for any inconvenience.

<!-- chatlint: disable-next-line CL201 -->
Nothing here to silence.

<!-- chatlint: disable CL999 -->
"""


def test_markdown_suppression_comments(cli, write):
    write(".chatlint.toml", AS_CHAT)
    write("a.md", SUPPRESSED)
    assert _short(_findings(cli, "a.md")) == [
        ("CL101", 1, 1),
        ("CL201", 7, 17),  # only CL101 was disabled there
        ("CL101", 10, 1),
        ("CL001", 15, 1),  # silences nothing
        ("CL002", 18, 1),  # unknown code
    ]


# -- HTML -----------------------------------------------------------------------------


def test_html_text_entities_and_positions(cli, write):
    write(".chatlint.toml", AS_CHAT)
    write(
        "page.html",
        "<html><head><title>probably</title><style>.probably{}</style></head>\n"
        "<body><h1>Returns &amp; refunds</h1>\n"
        "<p>Sorry for any inconvenience. I&rsquo;m hopeful, <b>probably</b> tomorrow.</p>\n"
        "<pre>probably code</pre><p>Run <code>probably --fix</code>.<br>Probably fine.</p>\n"
        "<!-- chatlint: disable-next-line CL101 -->\n<p>Perhaps not.</p></body></html>\n",
    )
    items = _findings(cli, "page.html")
    assert _short(items) == [("CL201", 3, 4), ("CL101", 3, 33), ("CL101", 3, 55), ("CL101", 4, 64)]
    assert items[1]["message"] == 'Hedging: "I\u2019m hopeful" makes the reply sound unsure'
    assert items[1]["end_location"] == {"line": 3, "column": 50}  # the whole entity is covered


# -- YAML and JSON macros ----------------------------------------------------------------

YAML_MACROS = r"""# Saved replies
needs-info:
  comment: |
    Thanks for the report!
    It seems we need more details.
folded:
  comment: >
    This text is folded and
    probably wraps here.
quoted:
  comment: "Tab\there, then it seems it's fine."
single:
  comment: 'It''s probably fine.'
plain:
  comment: Plain text that is probably fine
silenced:
  # chatlint: disable=CL101
  comment: "Probably silenced."
same-line: # chatlint: disable=CL101
  comment: "Probably silenced too."
other:
  name: "probably is not a message key"
"""


def test_yaml_scalars_of_every_style_map_back(cli, write):
    write("replies.yml", YAML_MACROS)
    items = _findings(cli, "--select", "CL101", "replies.yml")
    assert _short(items) == [
        ("CL101", 5, 5),
        ("CL101", 9, 5),
        ("CL101", 11, 29),
        ("CL101", 13, 19),
        ("CL101", 15, 31),
    ]
    assert [item["context"] for item in items] == [
        "needs-info.comment",
        "folded.comment",
        "quoted.comment",
        "single.comment",
        "plain.comment",
    ]


def test_json_escapes_shift_columns(cli, write):
    write(
        "commands.json",
        '[{"type": "label", '
        '"comment": "Line one.\\nWe \\"think\\" so. \\u00c9t\\u00e9: probably later."}]\n',
    )
    assert _short(_findings(cli, "--select", "CL101", "commands.json")) == [("CL101", 1, 75)]


def test_zendesk_macro_export_with_html_comment(cli, write):
    macro = {
        "macros": [
            {
                "title": "Refund denied",
                "actions": [
                    {"field": "status", "value": "solved"},
                    {
                        "field": "comment_value_html",
                        "value": (
                            "<p>Hi {{ticket.requester.first_name}},</p>"
                            "<p>Sorry for any inconvenience &amp; thanks.</p>"
                        ),
                    },
                ],
            }
        ]
    }
    write("zendesk.json", json.dumps(macro, indent=2))
    items = _findings(cli, "zendesk.json")
    assert [(item["code"], item["context"]) for item in items] == [
        ("CL201", "macros[0].actions[1].value")
    ]
    text = Path("zendesk.json").read_text()
    line = text.splitlines()[items[0]["location"]["line"] - 1]
    assert line[items[0]["location"]["column"] - 1 :].startswith("Sorry for any inconvenience")


def test_freshdesk_and_help_scout_keys(cli, write):
    write(
        "canned.json",
        json.dumps(
            [
                {"title": "a", "content_html": "<div>It seems so.</div>"},
                {"name": "b", "text": "Probably."},
            ]
        ),
    )
    assert [item["context"] for item in _findings(cli, "--select", "CL101", "canned.json")] == [
        "[0].content_html",
        "[1].text",
    ]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bad.yml", "a: [unclosed\n", "invalid YAML: "),
        ("bad.json", '{"a": }', "invalid JSON: Expecting value (line 1, column 7)"),
        ("bad.jsonl", '{"turns": []}\n{oops\n', "line 2: invalid JSON"),
    ],
)
def test_malformed_files_are_reported_and_others_linted(cli, write, name, content, message):
    write(name, content)
    write("good.txt", "probably\n")
    result = cli(["check", name, "good.txt"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"chatlint: error: {name}: {message}")
    assert "good.txt:1:1: CL101" in result.stdout


def test_yaml_alias_bomb_is_bounded(cli, write):
    lines = ['a: &a ["lol"]']
    for index in range(1, 12):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    write("bomb.yml", "\n".join(lines) + "\n")
    result = cli(["check", "bomb.yml"])
    assert result.exit_code == 0


# -- Transcripts ----------------------------------------------------------------------


def _conversation(session, *turns):
    return json.dumps(
        {"session_id": session, "turns": [{"role": role, "text": text} for role, text in turns]}
    )


def test_transcript_lints_agent_turns_and_names_them(cli, write):
    write(
        "chats.jsonl",
        _conversation("s1", ("customer", "probably it's broken"), ("agent", "It seems it's fixed."))
        + "\n"
        + _conversation("s2", ("agent", "Probably."))
        + "\n",
    )
    result = cli(["check", "-q", "--select", "CL101", "chats.jsonl"])
    lines = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert lines == [
        'chats.jsonl:1:113: CL101 Hedging: "It seems" makes the reply sound unsure '
        "[conversation s1, turn 2]",
        'chats.jsonl:2:59: CL101 Hedging: "Probably" makes the reply sound unsure '
        "[conversation s2, turn 1]",
    ]
    customer = cli(["check", "-q", "--select", "CL101", "--role", "customer", "chats.jsonl"])
    assert "[conversation s1, turn 1]" in customer.stdout and "turn 2" not in customer.stdout


def test_bad_news_answered_in_the_next_agent_turn_is_not_cl501(cli, write):
    alone = _conversation(
        "s", ("customer", "refund?"), ("agent", "Sorry, we can't refund it because it was opened.")
    )
    answered = _conversation(
        "s",
        ("customer", "refund?"),
        ("agent", "Sorry, we can't refund it because it was opened."),
        ("agent", "I can offer store credit instead."),
    )
    later = _conversation(
        "s",
        ("customer", "refund?"),
        ("agent", "Sorry, we can't refund it because it was opened."),
        ("customer", "ugh"),
        ("agent", "I can offer store credit."),
    )
    write("alone.jsonl", alone + "\n")
    write("answered.jsonl", answered + "\n")
    write("later.jsonl", later + "\n")
    assert [f["code"] for f in _findings(cli, "alone.jsonl")] == ["CL501"]
    assert _findings(cli, "answered.jsonl") == []
    assert [f["code"] for f in _findings(cli, "later.jsonl")] == ["CL501"]


#: A night shift's chats: Priya and Tomas of Billing, a turn that names nobody, a name
#: that is a number, and a one-message line from Returns.
NAMED_CHATS = [
    {
        "session_id": "n-1",
        "agent": "Priya",
        "team": "Billing",
        "turns": [
            {"role": "customer", "name": "Ana", "text": "It seems I was charged twice."},
            {"role": "agent", "text": "It seems the second charge is probably a hold."},
            {"role": "customer", "text": "ok"},
            {"role": "agent", "agent_name": "Tomas", "text": "Sorry for any inconvenience."},
        ],
    },
    {
        "session_id": "n-2",
        "turns": [
            {"role": "agent", "author": "Tomas", "team": "Billing", "text": "Probably Friday."},
            {"role": "agent", "name": 42, "text": "It seems so."},
        ],
    },
    {"role": "agent", "name": "Mo", "team_name": "Returns", "text": "Probably."},
]


def _named_chats(write):
    write("night.jsonl", "".join(json.dumps(record) + "\n" for record in NAMED_CHATS))


def test_transcript_findings_carry_the_named_agent_and_team(cli, write):
    _named_chats(write)
    items = _findings(cli, "night.jsonl")
    assert [(item["code"], item["context"], item.get("speaker")) for item in items] == [
        ("CL101", "conversation n-1, turn 2", {"name": "Priya", "team": "Billing"}),
        ("CL101", "conversation n-1, turn 2", {"name": "Priya", "team": "Billing"}),
        ("CL201", "conversation n-1, turn 4", {"name": "Tomas", "team": "Billing"}),
        ("CL101", "conversation n-2, turn 1", {"name": "Tomas", "team": "Billing"}),
        ("CL101", "conversation n-2, turn 2", None),  # 42 is not a name
        ("CL101", "conversation line 3", {"name": "Mo", "team": "Returns"}),
    ]
    # The customer's own name is hers: a conversation's agent names agent turns only.
    customer = _findings(cli, "--role", "customer", "--select", "CL101", "night.jsonl")
    assert [item.get("speaker") for item in customer] == [{"name": "Ana"}]


def test_a_transcript_naming_only_a_team_gives_the_team_alone(cli, write):
    write("team.jsonl", json.dumps({"role": "agent", "team": "Tier 2", "text": "Probably."}) + "\n")
    assert [item["speaker"] for item in _findings(cli, "team.jsonl")] == [{"team": "Tier 2"}]


def test_the_html_report_counts_findings_per_agent(cli, write):
    _named_chats(write)
    page = cli(["check", "--output-format", "html", "night.jsonl"]).stdout
    section = page.split("<h2>Findings per agent</h2>", 1)[1].split("<h2>", 1)[0]
    rows = re.findall(
        r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td[^>]*>(\d+)</td></tr>", section
    )
    assert rows == [
        ("Priya", "Billing", "CL101 \u00d72", "2"),
        ("Tomas", "Billing", "CL101 \u00d71, CL201 \u00d71", "2"),
        ("Mo", "Returns", "CL101 \u00d71", "1"),
    ]
    bars = re.findall(
        r'<text x="0" y="\d+">(.*?)</text><rect[^>]*><title>[^<]*: (\d+)</title>', section
    )
    assert bars == [("Priya, Billing", "2"), ("Tomas, Billing", "2"), ("Mo, Returns", "1")]
    assert "1 finding in text that names no agent" in section
    # Each finding says who wrote it; the filter lists every agent.
    assert page.count('data-agent="Tomas, Billing"') == 2
    assert page.count('by <span class="speaker">Priya, Billing</span>') == 2
    assert '<option value="Mo, Returns">Mo, Returns (1)</option>' in page


# -- Kinds and templates -------------------------------------------------------------------


def test_kind_per_glob(cli, write):
    write("emails/long.txt", "word " * 100)
    write("chats/long.txt", "word " * 100)
    write(".chatlint.toml", '[kinds]\n"emails/**" = "email"\n')
    assert [f["filename"] for f in _findings(cli, "--select", "CL401", ".")] == ["chats/long.txt"]


def test_bad_kind_in_config(cli, write):
    write(".chatlint.toml", '[kinds]\n"a/**" = "letter"\n')
    result = cli(["check", "-"], input="x")
    assert result.exit_code == 2
    assert "'kinds.\"a/**\"' must be one of chat, email, article, not 'letter'" in result.stderr


def test_each_template_branch_is_judged_on_its_own(cli, write):
    short = "word " * 40
    write("branches.txt", "{% if vip %}" + short + "{% else %}" + short + "{% endif %}")
    write("long-branch.txt", "{% if vip %}" + short + short + "{% else %}Hi.{% endif %}")
    assert [f["filename"] for f in _findings(cli, "--select", "CL401", ".")] == ["long-branch.txt"]


def test_template_variables_are_one_opaque_word(cli, write):
    write("macro.txt", "Hi {{ probably.name }}, {issue-author} and ${probably} are here.\n")
    assert _findings(cli, "--select", "CL101", "macro.txt") == []


# -- Real corpus files: every quoted finding lands on the text it names --------------------

QUOTED = re.compile(r'"([^"]+)"')


REAL_FILES = sorted(
    path.name
    for path in FIXTURES.iterdir()
    if path.suffix in (".yml", ".json", ".jsonl", ".md") and path.name != "SOURCES.md"
)


def _check_quoted(cli, name) -> int:
    """Check every finding that quotes text; return how many there were."""
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    items = _findings(cli, str(path))
    checked = 0
    for item in items:
        quoted = QUOTED.search(item["message"])
        if quoted is None or item["code"] in ("CL401", "CL402"):
            continue
        start, end = item["location"], item["end_location"]
        first = sum(len(line) for line in lines[: start["line"] - 1])
        offset_start = first + start["column"] - 1
        last = sum(len(line) for line in lines[: end["line"] - 1])
        offset_end = last + end["column"] - 1
        assert " ".join(text[offset_start:offset_end].split()) == " ".join(
            quoted.group(1).split()
        ), item
        checked += 1
    return checked


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_files_findings_land_on_their_text(cli, name):
    _check_quoted(cli, name)


def test_real_files_have_enough_quoted_findings_to_prove_it(cli):
    assert sum(_check_quoted(cli, name) for name in REAL_FILES) >= 10


@pytest.mark.parametrize(
    "name, content",
    [
        ("deep.json", "[" * 50_000 + "]" * 50_000),
        ("deep.yml", "a: " + "[" * 50_000 + "]" * 50_000 + "\n"),
        ("deep.jsonl", '{"turns": ' + "[" * 50_000 + "]" * 50_000 + "}\n"),
    ],
)
def test_very_deep_nesting_is_a_clear_error(cli, write, name, content):
    write(name, content)
    result = cli(["check", name])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"chatlint: error: {name}: ")
    assert "nested too deeply" in result.stderr
