"""Baselines: adopt the gate today, fix the backlog later."""

from __future__ import annotations

import json
from pathlib import Path


def test_baseline_hides_known_findings_and_survives_edits(cli, write):
    path = write("macros/refund.txt", "Probably tomorrow. Sorry for any inconvenience.\n")
    write("macros/other.txt", "Probably.\n")
    assert cli(["check", "--write-baseline", "baseline.json", "macros"]).exit_code == 0
    data = json.loads(Path("baseline.json").read_text())
    assert data["version"] == 1 and len(data["findings"]) == 3
    assert cli(["check", "--baseline", "baseline.json", "macros"]).exit_code == 0

    # Lines added above move every finding; a new hedge is the only new finding.
    path.write_text(
        "Hello there.\n\nThanks for waiting.\n"
        "Probably tomorrow. Sorry for any inconvenience. It seems.\n"
    )
    result = cli(["check", "-q", "--baseline", "baseline.json", "macros"])
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if not line.startswith(" ")] == [
        'macros/refund.txt:4:49: CL101 Hedging: "It seems" makes the reply sound unsure'
    ]


def test_second_occurrence_is_new(cli, write):
    path = write("a.txt", "Probably.\n")
    cli(["check", "--write-baseline", "base.json", "a.txt"])
    path.write_text("Probably.\nProbably.\n")
    result = cli(["check", "-q", "--baseline", "base.json", "a.txt"])
    assert result.stdout.startswith("a.txt:2:1: CL101")


def test_fixed_findings_drop_out_when_rewritten(cli, write):
    path = write("a.txt", "Perhaps. Probably.\n")
    cli(["check", "--write-baseline", "base.json", "a.txt"])
    path.write_text("Probably.\n")
    cli(["check", "--write-baseline", "base.json", "a.txt"])
    assert [entry["text"] for entry in json.loads(Path("base.json").read_text())["findings"]] == [
        "Probably"
    ]


def test_bad_baseline_file(cli, write):
    write("a.txt", "ok\n")
    write("base.json", "{nope")
    result = cli(["check", "--baseline", "base.json", "a.txt"])
    assert result.exit_code == 2
    assert result.stderr.startswith("chatlint: error: base.json: not a chatlint baseline")
    missing = cli(["check", "--baseline", "none.json", "a.txt"])
    assert (
        missing.stderr
        == "chatlint: error: none.json: baseline file not found (create it with --write-baseline)\n"
    )


def test_the_baseline_file_is_never_linted(cli, write):
    # A baseline is JSON with "text" keys, which reads like a macro file.
    write("macros/refund.txt", "Probably tomorrow.\n")
    assert cli(["check", "--write-baseline", ".chatlint-baseline.json", "."]).exit_code == 0
    result = cli(["check", "--baseline", ".chatlint-baseline.json", "."])
    assert (result.exit_code, result.stdout) == (
        0,
        "All checks passed.\n1 finding in the baseline not shown.\n",
    )
    # Written again over a run that walks past it: it records no finding in itself.
    cli(["check", "--write-baseline", ".chatlint-baseline.json", "."])
    recorded = json.loads(Path(".chatlint-baseline.json").read_text())["findings"]
    assert [entry["path"] for entry in recorded] == ["macros/refund.txt"]


def test_the_config_names_the_baseline_and_paths_start_at_the_project_root(
    cli, write, monkeypatch, tmp_path
):
    write("pyproject.toml", '[tool.chatlint]\nbaseline = "chatlint-baseline.json"\n')
    write("kb/refund.txt", "Probably tomorrow.\n")
    assert cli(["check", "--write-baseline", "chatlint-baseline.json", "kb"]).exit_code == 0
    assert cli(["check", "kb"]).exit_code == 0
    monkeypatch.chdir(tmp_path / "kb")  # run from a folder below: the same findings are known
    result = cli(["check", "--output-format", "json", "."])
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])
    assert result.stderr == (
        f"chatlint: note: 1 finding in the baseline {tmp_path / 'chatlint-baseline.json'} "
        "not shown\n"
    )


def test_a_missing_baseline_named_by_the_config_is_a_one_line_error(cli, write):
    write(".chatlint.toml", 'baseline = "nope.json"\n')
    write("a.txt", "fine\n")
    result = cli(["check", "a.txt"])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "nope.json: baseline file not found (create it with --write-baseline)\n"
    )
