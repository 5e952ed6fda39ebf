"""CI output formats: GitHub annotations, SARIF 2.1.0 (checked against the schema), JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import jsonschema
from conftest import TESTS

SCHEMA = json.loads((TESTS / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _files(write):
    write("a.txt", "It seems so, stop!!\n")
    write("b.md", "# Hi\n\nSorry for any inconvenience.\n")
    write("c.txt", "All good.\n")


def test_github_annotations(cli, write):
    _files(write)
    result = cli(["check", "--output-format", "github", "."])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::warning file=a.txt,line=1,col=1,endLine=1,endColumn=9,title=CL101 hedging::"
        'Hedging: "It seems" makes the reply sound unsure%0A'
        'State it directly, or say what you are doing to confirm it ("Let me check that for you").',
        "::warning file=a.txt,line=1,col=18,endLine=1,endColumn=20,title=CL404 shouting::"
        '"!!" reads as shouting%0AUse a single "!".',
        "::warning file=b.md,line=3,col=1,endLine=3,endColumn=28,title=CL201 generic-apology::"
        'Generic apology "Sorry for any inconvenience": say what went wrong%0A'
        'Name the problem: "I\'m sorry your order arrived late."',
    ]


def test_sarif_is_valid_and_complete(cli, write):
    _files(write)
    document = json.loads(cli(["check", "--output-format", "sarif", "."]).stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    run = document["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["CL101", "CL201", "CL404"]
    assert all(
        rule["help"]["markdown"].startswith("## What it does")
        for rule in run["tool"]["driver"]["rules"]
    )
    results = run["results"]
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startColumn"])
        for r in results
    ] == [("CL101", 1), ("CL404", 18), ("CL201", 1)]
    [fix] = results[1]["fixes"]
    assert fix["artifactChanges"][0]["replacements"][0] == {
        "deletedRegion": {"startLine": 1, "startColumn": 18, "endLine": 1, "endColumn": 20},
        "insertedContent": {"text": "!"},
    }


def test_sarif_describes_a_team_s_own_rules(cli, write):
    rule_file = (
        '[[rule]]\ncode = "ACME101"\nname = "internal-ticket-word"\nkind = "substitution"\n'
        'message = \'Say "{replacement}", not "{text}"\'\n'
        'description = "Customers have requests, not tickets."\n'
        '[rule.substitutions]\n"ticket" = "request"\n'
    )
    write("style.toml", rule_file)
    write(".chatlint.toml", 'extend-rules = ["style.toml"]\n')
    write("reply.txt", "It seems your ticket is open.\n")
    document = json.loads(cli(["check", "--output-format", "sarif", "reply.txt"]).stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    rules = {rule["id"]: rule for rule in document["runs"][0]["tool"]["driver"]["rules"]}
    assert sorted(rules) == ["ACME101", "CL101"]
    team = rules["ACME101"]
    assert team["name"] == "internal-ticket-word"
    assert team["shortDescription"] == {"text": 'Say "...", not "..."'}
    assert team["fullDescription"] == {"text": "Customers have requests, not tickets."}
    assert team["help"]["markdown"].startswith(
        "## What it does\n\nCustomers have requests, not tickets.\n\n## Why is this bad?"
    )
    assert team["defaultConfiguration"] == {"level": "warning", "enabled": True}


def test_sarif_with_no_findings_is_valid(cli, write):
    write("c.txt", "All good.\n")
    document = json.loads(cli(["check", "--output-format", "sarif", "c.txt"]).stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    assert document["runs"][0]["results"] == []


def test_junit(cli, write):
    _files(write)
    write("bad.txt", b"\xff\n")
    result = cli(["check", "--output-format", "junit", "."])
    root = ElementTree.fromstring(result.stdout)
    suite = root.find("testsuite")
    # One case per finding, one per clean file, one per unreadable file.
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "3", "1")
    cases = [
        (case.get("classname"), [child.tag for child in case], [c.get("type") for c in case])
        for case in suite.findall("testcase")
    ]
    assert cases == [
        ("a.txt", ["failure"], ["CL101"]),
        ("a.txt", ["failure"], ["CL404"]),
        ("b.md", ["failure"], ["CL201"]),
        ("bad.txt", ["error"], ["read"]),
        ("c.txt", [], []),
    ]


def test_json_round_trips_every_finding(cli, write):
    _files(write)
    items = json.loads(cli(["check", "--output-format", "json", "."]).stdout)
    text = cli(["check", "-q", "."]).stdout
    for item in items:
        location = item["location"]
        # Findings that --fix fixes are marked "[*]" after the code.
        fixable = item["fix"] is not None and item["fix"]["applicability"] == "safe"
        line = (
            f"{item['filename']}:{location['line']}:{location['column']}: "
            f"{item['code']}{' [*]' if fixable else ''} {item['message']}"
        )
        assert line in text


def test_junit_stays_well_formed_xml_when_a_finding_quotes_a_control_character(cli, write):
    """A stray control character (here SOH inside a placeholder) cannot be written in XML
    1.0 even escaped: it is shown as \\x01 and the report still parses."""
    write("macro.txt", "Hi [NAME\x01 HERE], thanks for writing in.\n")
    result = cli(["check", "--output-format", "junit", "."])
    failure = ElementTree.fromstring(result.stdout).find("testsuite/testcase/failure")
    assert failure.get("type") == "CL601"
    assert failure.get("message") == 'Unfilled placeholder "[NAME\\x01 HERE]"'
