"""A team's own rules in TOML, severities and the --fail-on gate."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from conftest import ROOT

RULES = """
[[rule]]
code = "ACME101"
name = "internal-ticket-word"
kind = "substitution"
message = 'Say "{replacement}", not "{text}"'
fix = "safe"
[rule.substitutions]
"ticket" = "request"

[[rule]]
code = "ACME102"
name = "no-promised-dates"
kind = "existence"
message = '"{text}" promises too much'
severity = "error"
phrases = ["i promise", "guaranteed by"]

[[rule]]
code = "ACME103"
name = "order-number-format"
kind = "pattern"
message = 'Write order numbers as ACME-123456, not "{text}"'
pattern = '\\bacme\\s\\d{6}\\b'
severity = "info"

[[rule]]
code = "ACME104"
name = "brand-case"
kind = "existence"
message = 'Write "Acme", not "{text}"'
phrases = ["ACME"]
case-sensitive = true
kinds = ["email"]
"""


@pytest.fixture
def house(write):
    write("style/acme.toml", RULES)
    write(".chatlint.toml", 'extend-rules = ["style/*.toml"]\n')


def test_declared_rules_are_listed(cli, house):
    # CODE NAME DEFAULT PRECISION FIX: a team's rules have no measured precision.
    rows = {line.split()[0]: line.split()[1:5] for line in cli(["rules"]).stdout.splitlines()[1:]}
    assert rows["ACME101"] == ["internal-ticket-word", "on", "-", "safe"]
    assert rows["ACME102"] == ["no-promised-dates", "on", "-", "-"]
    assert rows["ACME103"][0] == "order-number-format"
    assert "## What it does" in cli(["rule", "ACME101"]).stdout


def test_declared_rules_find_and_fix(cli, write, house):
    path = write("reply.txt", "Your Ticket is open, I promise. Order acme 123456 ships today.\n")
    items = json.loads(cli(["check", "--output-format", "json", "reply.txt"]).stdout)
    assert [(i["code"], i["message"], i["severity"]) for i in items] == [
        ("ACME101", 'Say "Request", not "Ticket"', "warning"),
        ("ACME102", '"I promise" promises too much', "error"),
        ("ACME103", 'Write order numbers as ACME-123456, not "acme 123456"', "info"),
    ]
    cli(["check", "--fix", "reply.txt"])
    assert path.read_text() == "Your Request is open, I promise. Order acme 123456 ships today.\n"


def test_a_team_rule_s_message_stays_on_one_line(cli, write, house):
    write("reply.txt", "It ships today, I\npromise.\n")
    result = cli(["check", "-q", "--select", "ACME102", "reply.txt"])
    assert result.stdout == 'reply.txt:1:17: ACME102 "I promise" promises too much\n'


def test_case_sensitivity_and_kinds(cli, write, house):
    write(".chatlint.toml", 'extend-rules = ["style/*.toml"]\n[kinds]\n"mail/*" = "email"\n')
    write("mail/a.txt", "Thanks from ACME and Acme.\n")
    write("chat/a.txt", "Thanks from ACME.\n")
    items = json.loads(cli(["check", "--output-format", "json", "--select", "ACME104", "."]).stdout)
    assert [(i["filename"], i["location"]["column"]) for i in items] == [("mail/a.txt", 13)]


def test_fail_on_gate_and_severity_overrides(cli, write, house):
    write("info.txt", "Order acme 123456.\n")
    write("warn.txt", "Your ticket.\n")
    assert cli(["check", "info.txt"]).exit_code == 1
    assert cli(["check", "--fail-on", "warning", "info.txt"]).exit_code == 0
    assert cli(["check", "--fail-on", "warning", "warn.txt"]).exit_code == 1
    assert cli(["check", "--fail-on", "error", "warn.txt"]).exit_code == 0
    write(
        ".chatlint.toml",
        'extend-rules = ["style/*.toml"]\nfail-on = "error"\n'
        '[severity]\ninternal-ticket-word = "error"\n',
    )
    assert cli(["check", "warn.txt"]).exit_code == 1
    github = cli(["check", "--output-format", "github", "warn.txt"]).stdout
    assert github.startswith("::error file=warn.txt,line=1,col=6")
    sarif = json.loads(cli(["check", "--output-format", "sarif", "warn.txt"]).stdout)
    assert sarif["runs"][0]["results"][0]["level"] == "error"


@pytest.mark.parametrize(
    "rule, message",
    [
        (
            'code = "CL901"\nname = "x"\nkind = "existence"\nmessage = "m"\nphrases = ["a"]',
            "code must be your own prefix",
        ),
        (
            'code = "ACME1"\nname = "Bad Name"\nkind = "existence"\nmessage = "m"\nphrases = ["a"]',
            "name 'Bad Name' must be kebab-case",
        ),
        (
            'code = "ACME1"\nname = "x"\nkind = "vibes"\nmessage = "m"',
            "kind must be one of existence, substitution, pattern",
        ),
        (
            'code = "ACME1"\nname = "x"\nkind = "existence"\nmessage = "m"',
            "an existence rule needs 'phrases'",
        ),
        (
            'code = "ACME1"\nname = "x"\nkind = "pattern"\nmessage = "m"\npattern = "(unclosed"',
            "rule ACME1: invalid pattern '(unclosed'",
        ),
        (
            'code = "ACME1"\nname = "x"\nkind = "existence"\nmessage = "m"\n'
            'phrases = ["a"]\nfix = "safe"',
            "only substitutions fix",
        ),
        (
            'code = "ACME1"\nname = "x"\nkind = "existence"\nmessage = "m"\n'
            'phrases = ["a"]\ncolour = "red"',
            "unknown key 'colour'",
        ),
    ],
)
def test_bad_rule_files_name_the_file_and_rule(cli, write, rule, message):
    write("style.toml", "[[rule]]\n" + rule + "\n")
    write(".chatlint.toml", 'extend-rules = ["style.toml"]\n')
    result = cli(["check", "-"], input="x")
    assert result.exit_code == 2
    assert result.stderr.startswith("chatlint: error: ") and "style.toml: " in result.stderr
    assert message in result.stderr


def test_catastrophic_pattern_is_stopped_with_a_clear_error(cli, write):
    write(
        "style.toml",
        '[[rule]]\ncode = "ACME1"\nname = "slow"\nkind = "pattern"\nmessage = "m"\n'
        'pattern = "(x+x+)+y"\n',
    )
    write(".chatlint.toml", 'extend-rules = ["style.toml"]\n')
    started = time.monotonic()
    result = cli(["check", "-"], input="xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    assert (
        "style.toml: rule ACME1: pattern '(x+x+)+y' runs away (catastrophic backtracking); "
        "simplify it"
    ) in result.stderr


def test_missing_rule_file(cli, write):
    write(".chatlint.toml", 'extend-rules = ["nope/*.toml"]\n')
    result = cli(["check", "-"], input="x")
    assert (
        result.exit_code == 2
        and "'extend-rules' has 'nope/*.toml', which matches no rule file" in result.stderr
    )


def test_glossary_entries_from_config(cli, write):
    write(
        ".chatlint.toml",
        'extend-select = ["jargon"]\n[rules.jargon]\n'
        'extend-glossary = { "CSAT" = "feedback survey" }\nignore-terms = ["SLA"]\n',
    )
    result = cli(["check", "-q", "-"], input="Please fill in the CSAT. We met the SLA.\n")
    assert result.stdout == (
        '-:1:20: CL403 "CSAT" is support jargon the customer may not know\n'
        '  help: Say "feedback survey" instead.\n'
    )


def test_bundled_house_style_example(cli, tmp_path):
    shutil.copytree(ROOT / "examples" / "house-style", tmp_path / "house", dirs_exist_ok=True)
    import os

    os.chdir(tmp_path / "house")
    codes = [
        line.split()[1]
        for line in cli(["check", "-q", "."]).stdout.splitlines()
        if not line.startswith(" ")
    ]
    assert codes == ["ACME101", "ACME103", "ACME102", "CL101", "CL403"]
    assert Path("reply.txt").exists()
