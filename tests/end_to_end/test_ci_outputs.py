"""CI outputs as their consumers read them, through ``python -m chatlint`` on real files:
SARIF against the 2.1.0 schema with format checking on, JUnit through junitparser, the
GitLab Code Quality report against GitLab's documented fields, GitHub annotations for
files that could not be read, and what ``--statistics`` gives in each.

tests/end_to_end/test_output_formats.py covers the findings themselves in each format.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from conftest import ROOT, TESTS
from junitparser import Error, Failure, JUnitXml

SCHEMA = json.loads((TESTS / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
# Every format jsonschema knows, not only Draft 4's: SARIF's uris are "uri-reference".
FORMATS = jsonschema.FormatChecker()
SARIF = jsonschema.Draft4Validator(SCHEMA, format_checker=FORMATS)


class Run:
    def __init__(self, done: subprocess.CompletedProcess) -> None:
        self.exit_code = done.returncode
        self.stdout = done.stdout
        self.stderr = done.stderr


@pytest.fixture
def check(tmp_path, monkeypatch):
    """Run ``python -m chatlint check ARGS`` in ``tmp_path`` (outside any GitLab job)."""
    monkeypatch.delenv("CI_PROJECT_DIR", raising=False)

    def run(*args: str) -> Run:
        done = subprocess.run(
            [sys.executable, "-m", "chatlint", "check", *args],
            cwd=tmp_path,
            capture_output=True,
            encoding="utf-8",
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        return Run(done)

    return run


def _sarif(run: Run) -> dict:
    document = json.loads(run.stdout)
    SARIF.validate(document)
    return document


def _team_pack(tmp_path, write):
    """The house-style pack from the README's examples, listed in config."""
    (tmp_path / "style").mkdir()
    shutil.copy(ROOT / "examples" / "house-style" / "acme.toml", tmp_path / "style" / "acme.toml")
    write(".chatlint.toml", 'extend-rules = ["style/*.toml"]\n')


# -- SARIF ----------------------------------------------------------------------------


def test_the_format_checker_checks_uri_references():
    """Without rfc3986-validator installed jsonschema passes any "uri-reference"; the
    tests below would then prove nothing about the uris."""
    assert "uri-reference" in FORMATS.checkers
    assert not FORMATS.conforms("odd, names/50%:off.md", "uri-reference")
    assert FORMATS.conforms("odd,%20names/50%25%3Aoff.md", "uri-reference")


@pytest.mark.parametrize(
    "name",
    ["odd, names/50%:off.md", "note:1.txt", "caf\u00e9 r\u00e9ponse #2?.txt", "a[1]/b\\c.txt"],
)
def test_sarif_uris_are_valid_percent_encoded_references(check, write, name):
    write(name, "As far as I know, yes!!!\n")  # first person: some names are Markdown
    document = _sarif(check("--output-format", "sarif", "."))
    results = document["runs"][0]["results"]
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in results
        for location in result["locations"]
    }
    uris |= {
        change["artifactLocation"]["uri"]
        for result in results
        for fix in result.get("fixes", [])
        for change in fix["artifactChanges"]
    }
    [uri] = uris
    # A relative reference (no scheme: "note:1.txt" must not read as scheme "note")
    # that decodes back to the file's name.
    assert urlsplit(uri).scheme == ""
    assert unquote(uri) == name
    assert " " not in uri and ":" not in uri


def test_sarif_uri_of_an_absolute_path_is_a_file_uri(check, write, tmp_path):
    path = write("odd, names/50%:off.md", "As far as I know, yes.\n")
    document = _sarif(check("--output-format", "sarif", str(path)))
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    uri = location["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and " " not in uri
    assert unquote(urlsplit(uri).path) == str(path)


def test_a_raw_file_name_as_uri_fails_the_schema(check, write):
    """The check above has teeth: the name as it was written before is rejected."""
    write("odd, names/50%:off.md", "As far as I know, yes.\n")
    document = _sarif(check("--output-format", "sarif", "."))
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    location["artifactLocation"]["uri"] = "odd, names/50%:off.md"
    with pytest.raises(jsonschema.ValidationError, match="uri-reference"):
        SARIF.validate(document)


def test_sarif_describes_every_rule_of_a_team_pack(check, write, tmp_path):
    _team_pack(tmp_path, write)
    write("reply.txt", "I promise your ticket ACME 123456 is fine.\n")
    document = _sarif(check("--output-format", "sarif", "reply.txt"))
    rules = {rule["id"]: rule for rule in document["runs"][0]["tool"]["driver"]["rules"]}
    assert sorted(rules) == ["ACME101", "ACME102", "ACME103"]
    for rule in rules.values():
        assert rule["name"] and rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith("## What it does")
    levels = {code: rule["defaultConfiguration"]["level"] for code, rule in rules.items()}
    assert levels == {"ACME101": "warning", "ACME102": "error", "ACME103": "note"}
    assert rules["ACME102"]["name"] == "no-promised-dates"
    results = document["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("ACME102", "error"),
        ("ACME101", "warning"),
        ("ACME103", "note"),
    ]
    assert [rules[r["ruleId"]] for r in results] == [
        document["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"]] for r in results
    ]


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("bad.txt", b"ok\n\xff\n", "not valid UTF-8 text (byte 0xff on line 2)"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("macros/bad, one.yml", b"needs-info:\n  body: [unclosed\n", "invalid YAML"),
    ],
)
def test_sarif_reports_unreadable_files_as_tool_execution_notifications(
    check, write, name, content, problem
):
    write(name, content)
    write("good.txt", "It seems so.\n")
    run = check("--output-format", "sarif", ".")
    assert run.exit_code == 2
    document = _sarif(run)
    [invocation] = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"].startswith(f"{name}: {problem}")
    [location] = notification["locations"]
    assert unquote(location["physicalLocation"]["artifactLocation"]["uri"]) == name
    # The readable file is still reported.
    assert [result["ruleId"] for result in document["runs"][0]["results"]] == ["CL101"]


def test_sarif_run_that_read_every_file_succeeded(check, write):
    write("good.txt", "It seems so.\n")
    document = _sarif(check("--output-format", "sarif", "."))
    assert document["runs"][0]["invocations"] == [
        {"executionSuccessful": True, "toolExecutionNotifications": []}
    ]


def test_sarif_fixes_replace_what_fix_replaces_in_code_points(check, write, tmp_path):
    """Columns count code points, and the run says so: after two emoji (four UTF-16
    units) the "!!!" starts at column 27, not 29. Applying the SARIF replacement gives
    exactly what ``--fix`` writes."""
    text = "Thanks \U0001f600\U0001f600, do not reset it!!!\nPLEASE WAIT!!!\n"
    write("reply.txt", text)
    document = _sarif(check("--output-format", "sarif", "reply.txt"))
    run = document["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    lines = text.splitlines(keepends=True)
    fixed = list(lines)
    regions = []
    for result in run["results"]:
        [fix] = result["fixes"]
        assert fix["properties"] == {"applicability": "safe"}
        [change] = fix["artifactChanges"]
        assert change["artifactLocation"]["uri"] == "reply.txt"
        [replacement] = change["replacements"]
        region = replacement["deletedRegion"]
        assert region == result["locations"][0]["physicalLocation"]["region"]
        regions.append(region)
        line = region["startLine"] - 1
        assert region["endLine"] == region["startLine"]
        start, end = region["startColumn"] - 1, region["endColumn"] - 1
        assert lines[line][start:end] == "!!!"
        fixed[line] = (
            fixed[line][:start] + replacement["insertedContent"]["text"] + fixed[line][end:]
        )
    assert [(r["startLine"], r["startColumn"], r["endColumn"]) for r in regions] == [
        (1, 27, 30),
        (2, 12, 15),
    ]
    assert check("--fix", "reply.txt").exit_code == 0
    assert (tmp_path / "reply.txt").read_text(encoding="utf-8") == "".join(fixed)


# -- JUnit ----------------------------------------------------------------------------


def _junit_counts(xml: JUnitXml):
    """(tests, failures, errors) as the report states them, suite by suite and in all,
    and as counted from its cases."""
    stated = [(xml.tests, xml.failures, xml.errors)]
    counted = []
    for suite in xml:
        stated.append((suite.tests, suite.failures, suite.errors))
        cases = list(suite)
        counted.append(
            (
                len(cases),
                sum(1 for case in cases if any(isinstance(r, Failure) for r in case.result)),
                sum(1 for case in cases if any(isinstance(r, Error) for r in case.result)),
            )
        )
    total = tuple(sum(column) for column in zip(*counted))
    return stated, [total, *counted]


def test_junit_has_one_case_per_finding_and_counts_that_agree(check, write):
    write("a.txt", "It seems so, stop!!\n")
    write("b.md", "# Hi\n\nSorry for any inconvenience.\n")
    write("c.txt", "All good.\n")
    write("many.txt", "".join(f"Probably {n} is fine.\n" for n in range(15)))
    write("bad.txt", b"\xff\n")
    run = check("--output-format", "junit", ".")
    assert run.exit_code == 2
    xml = JUnitXml.fromstring(run.stdout)
    stated, counted = _junit_counts(xml)
    assert stated == counted == [(20, 18, 1), (20, 18, 1)]
    [suite] = list(xml)
    cases = [(case.classname, case.name, [r.type for r in case.result]) for case in suite]
    assert cases[:4] == [
        ("a.txt", "CL101 hedging (1:1)", ["CL101"]),
        ("a.txt", "CL404 shouting (1:18)", ["CL404"]),
        ("b.md", "CL201 generic-apology (3:1)", ["CL201"]),
        ("bad.txt", "could not be read", ["read"]),
    ]
    assert cases[4] == ("c.txt", "no findings", [])
    assert {case[0] for case in cases[5:]} == {"many.txt"} and len(cases[5:]) == 15
    error = next(case for case in suite if case.classname == "bad.txt").result[0]
    assert error.message == "not valid UTF-8 text (byte 0xff on line 1); save it as UTF-8"
    # junitparser's own recount agrees with what the report states.
    xml.update_statistics()
    assert _junit_counts(xml)[0] == stated


def test_junit_with_only_clean_files_passes(check, write):
    write("c.txt", "All good.\n")
    write("d.md", "# Hello\n\nThanks for writing in.\n")
    run = check("--output-format", "junit", ".")
    assert run.exit_code == 0
    xml = JUnitXml.fromstring(run.stdout)
    stated, counted = _junit_counts(xml)
    assert stated == counted == [(2, 0, 0), (2, 0, 0)]
    assert all(case.is_passed for suite in xml for case in suite)


# -- GitLab Code Quality --------------------------------------------------------------

#: The fields GitLab documents for a Code Quality issue ("Code Quality report format").
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def _assert_code_quality_report(report):
    assert isinstance(report, list)
    for issue in report:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in GITLAB_SEVERITIES
        location = issue["location"]
        assert set(location) == {"path", "lines"}
        path = location["path"]
        # A relative path in the repository, not prefixed with "./".
        assert isinstance(path, str) and path and not path.startswith(("./", "/"))
        assert "\\" not in path
        lines = location["lines"]
        assert set(lines) == {"begin", "end"}
        assert isinstance(lines["begin"], int) and 1 <= lines["begin"] <= lines["end"]
    fingerprints = [issue["fingerprint"] for issue in report]
    assert len(set(fingerprints)) == len(fingerprints)


def test_gitlab_code_quality_report(check, write, tmp_path):
    _team_pack(tmp_path, write)
    write("kb/reply.txt", "I promise your ticket ACME 123456 is fine.\nProbably. Probably.\n")
    run = check("--output-format", "gitlab", "./kb")
    assert run.exit_code == 1
    report = json.loads(run.stdout)
    _assert_code_quality_report(report)
    assert [
        (issue["check_name"], issue["severity"], issue["location"]["path"]) for issue in report
    ] == [
        ("ACME102", "major", "kb/reply.txt"),
        ("ACME101", "minor", "kb/reply.txt"),
        ("ACME103", "info", "kb/reply.txt"),
        ("CL101", "minor", "kb/reply.txt"),
        ("CL101", "minor", "kb/reply.txt"),
    ]
    assert report[0]["description"] == (
        'ACME102 "I promise" promises what we cannot guarantee '
        "(Give the date we expect and what we will do if it slips.)"
    )
    assert [issue["location"]["lines"]["begin"] for issue in report] == [1, 1, 1, 2, 2]


def test_gitlab_fingerprints_survive_edits_elsewhere_in_the_file(check, write):
    write("reply.txt", "Probably. Probably.\n")
    before = json.loads(check("--output-format", "gitlab", ".").stdout)
    write("reply.txt", "Hello there.\n\nProbably. Probably.\n")
    after = json.loads(check("--output-format", "gitlab", ".").stdout)
    _assert_code_quality_report(after)
    assert [issue["fingerprint"] for issue in after] == [issue["fingerprint"] for issue in before]
    assert [issue["location"]["lines"]["begin"] for issue in after] == [3, 3]
    # The same text in another file is another issue.
    write("other.txt", "Probably. Probably.\n")
    both = json.loads(check("--output-format", "gitlab", ".").stdout)
    _assert_code_quality_report(both)
    assert len(both) == 4


def test_gitlab_paths_are_relative_to_the_project(check, write, tmp_path, monkeypatch):
    """An absolute path is made relative to the GitLab job's project directory."""
    path = write("kb/reply.txt", "Probably.\n")
    monkeypatch.setenv("CI_PROJECT_DIR", str(tmp_path))
    report = json.loads(check("--output-format", "gitlab", str(path)).stdout)
    _assert_code_quality_report(report)
    assert [issue["location"]["path"] for issue in report] == ["kb/reply.txt"]


def test_gitlab_report_with_an_unreadable_file_is_still_a_report(check, write):
    write("bad.txt", b"\xff\n")
    write("good.txt", "All good.\n")
    run = check("--output-format", "gitlab", ".")
    assert run.exit_code == 2
    assert json.loads(run.stdout) == []
    assert "bad.txt: not valid UTF-8" in run.stderr


# -- GitHub ---------------------------------------------------------------------------


def test_github_annotates_files_that_could_not_be_read(check, write):
    write("bad, one:1.txt", b"\xff\n")
    write("macros/bad.yml", b"needs-info:\n  body: [unclosed\n")
    write("good.txt", "It seems so.\n")
    run = check("--output-format", "github", ".")
    assert run.exit_code == 2
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "::error file=bad%2C one%3A1.txt::"
        "not valid UTF-8 text (byte 0xff on line 1); save it as UTF-8"
    )
    assert lines[1].startswith("::warning file=good.txt,line=1,col=1,")
    assert lines[2].startswith("::error file=macros/bad.yml::invalid YAML: ")
    assert len(lines) == 3


# -- --statistics ---------------------------------------------------------------------


def _statistics_files(write):
    write("a.txt", "It seems so, stop!!\nProbably.\n")
    write("c.txt", "All good.\n")


def test_sarif_statistics_are_the_full_log_with_counts_in_the_run(check, write):
    _statistics_files(write)
    plain = _sarif(check("--output-format", "sarif", "."))
    document = _sarif(check("--output-format", "sarif", "--statistics", "."))
    run = document["runs"][0]
    assert run.pop("properties") == {
        "statistics": [
            {"ruleId": "CL101", "name": "hedging", "count": 2},
            {"ruleId": "CL404", "name": "shouting", "count": 1},
        ]
    }
    assert document == plain


def test_junit_statistics_are_the_same_cases_with_counts_as_properties(check, write):
    _statistics_files(write)
    plain = JUnitXml.fromstring(check("--output-format", "junit", ".").stdout)
    xml = JUnitXml.fromstring(check("--output-format", "junit", "--statistics", ".").stdout)
    [suite] = list(xml)
    assert [(p.name, p.value) for p in suite.properties()] == [
        ("chatlint.count.CL101", "2"),
        ("chatlint.count.CL404", "1"),
    ]
    [plain_suite] = list(plain)
    assert [(c.classname, c.name) for c in suite] == [(c.classname, c.name) for c in plain_suite]
    assert _junit_counts(xml) == _junit_counts(plain)


def test_gitlab_statistics_are_the_same_report(check, write):
    _statistics_files(write)
    plain = check("--output-format", "gitlab", ".")
    statistics = check("--output-format", "gitlab", "--statistics", ".")
    assert statistics.stdout == plain.stdout
    _assert_code_quality_report(json.loads(statistics.stdout))
