"""The command line, driven through click's CliRunner: findings, formats, exit status."""

from __future__ import annotations

import json

import pytest

from chatlint import __version__


def test_stdin_finding_exits_1(cli):
    result = cli(["check", "-"], input="It will probably ship soon\n")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        '-:1:9: CL101 Hedging: "probably" makes the reply sound unsure',
        "  help: State it directly, or say what you are doing to confirm it "
        '("Let me check that for you").',
    ]


def test_clean_stdin_exits_0(cli):
    result = cli(["check", "-"], input="Your order ships on Monday.\n")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed.\n"


def test_quiet_prints_only_findings(cli):
    result = cli(["check", "--quiet", "-"], input="Probably.\n")
    assert result.stdout.splitlines()[0].startswith("-:1:1: CL101")
    assert "Found" not in result.stdout
    assert cli(["check", "-q", "-"], input="Fine.\n").stdout == ""


def test_exit_zero(cli):
    result = cli(["check", "--exit-zero", "-"], input="It seems so.\n")
    assert result.exit_code == 0
    assert "CL101" in result.stdout


def test_stdin_filename_names_output(cli):
    result = cli(["check", "--stdin-filename", "drafts/reply.txt", "-"], input="ok\nprobably\n")
    assert result.stdout.startswith("drafts/reply.txt:2:1: CL101")


def test_json_output_shape(cli, write):
    write("reply.txt", "Hello!\nWe will probably ship it.\n")
    result = cli(["check", "--output-format", "json", "reply.txt"])
    assert result.exit_code == 1
    [item] = json.loads(result.stdout)
    assert item == {
        "code": "CL101",
        "name": "hedging",
        "message": 'Hedging: "probably" makes the reply sound unsure',
        "severity": "warning",
        "filename": "reply.txt",
        "location": {"line": 2, "column": 9},
        "end_location": {"line": 2, "column": 17},
        "suggestion": (
            "State it directly, or say what you are doing to confirm it "
            '("Let me check that for you").'
        ),
        "fix": {
            "applicability": "unsafe",
            "message": 'Take "probably" out',
            "edits": [
                {
                    "content": "",
                    "location": {"line": 2, "column": 8},
                    "end_location": {"line": 2, "column": 17},
                }
            ],
        },
        "context": None,
    }


def test_json_output_clean_is_empty_array(cli, write):
    write("reply.txt", "Your parcel arrives Friday.\n")
    result = cli(["check", "--output-format", "json", "reply.txt"])
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_statistics(cli, write):
    write("a.txt", "It seems so. Perhaps. Probably.\n")
    write("b.txt", "Hopefully your order ships today.\n")
    result = cli(["check", "--statistics", "."])
    assert result.exit_code == 1
    assert result.stdout == "4  CL101  hedging\n"
    as_json = cli(["check", "--statistics", "--output-format", "json", "."])
    assert json.loads(as_json.stdout) == [{"code": "CL101", "name": "hedging", "count": 4}]


def test_no_path_lints_current_directory(cli, write):
    write("drafts/one.txt", "probably\n")
    write("drafts/two.txt", "fine\n")
    result = cli(["check"])
    assert (
        result.stdout.splitlines()[0]
        == 'drafts/one.txt:1:1: CL101 Hedging: "probably" makes the reply sound unsure'
    )
    assert "Found 1 problem in 1 file." in result.stdout


def test_directory_walk_skips_default_and_configured_excludes(cli, write):
    write("ok/a.txt", "probably\n")
    write("node_modules/pkg/a.txt", "probably\n")
    write(".git/a.txt", "probably\n")
    write(".venv/lib/a.txt", "probably\n")
    write("legacy/old.txt", "probably\n")
    write("notes.md.bak", "probably\n")  # unknown format: not picked up by a walk
    write(".chatlint.toml", 'extend-exclude = ["legacy"]\n')
    result = cli(["check", "-q", "."])
    assert [
        line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")
    ] == ["ok/a.txt"]


def test_excludes_apply_at_every_depth_and_to_a_directory_named_on_the_command_line(cli, write):
    for name in (
        "a/keep.txt",
        "a/b/draft-1.txt",
        "a/b/c/keep.txt",
        "a/macros/legacy/x.txt",
        "macros/legacy/y.txt",
        "macros/legacy2/z.txt",
        "a/node_modules/x.txt",
        "build/sub/x.txt",
    ):
        write(name, "probably\n")
    write(".chatlint.toml", 'extend-exclude = ["draft-*.txt", "macros/legacy", "build"]\n')

    def linted(*paths):
        result = cli(["check", "-q", *paths])
        return [
            line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")
        ]

    # Name globs match at any depth; a glob with a slash is anchored at the config's folder.
    assert linted(".") == [
        "a/b/c/keep.txt",
        "a/keep.txt",
        "a/macros/legacy/x.txt",
        "macros/legacy2/z.txt",
    ]
    # A directory that is itself excluded, or inside an excluded one, yields nothing.
    assert linted("build/sub") == linted("macros/legacy") == linted("a/node_modules") == []
    assert linted("a/b") == ["a/b/c/keep.txt"]


def test_explicit_file_of_unknown_type_is_skipped_with_a_note(cli, write):
    write("reply.draft", "probably\n")
    result = cli(["check", "-q", "reply.draft"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "chatlint: note: reply.draft: unknown file type, skipped "
        "(--format text lints it as plain text)\n"
    )
    forced = cli(["check", "-q", "--format", "text", "reply.draft"])
    assert forced.stdout.startswith("reply.draft:1:1: CL101")


def test_format_option_applies_to_stdin(cli):
    result = cli(
        ["check", "-q", "--format", "markdown", "-"],
        input="```\nprobably\n```\n\nAs far as I know, yes.\n",
    )
    assert result.stdout.startswith("-:5:1: CL101")


def test_output_is_sorted_by_path(cli, write):
    for name in ("c.txt", "a.txt", "b/z.txt"):
        write(name, "probably\n")
    result = cli(["check", "-q", "c.txt", "."])
    paths = [line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert paths == ["a.txt", "b/z.txt", "c.txt"]


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(cli, flag):
    result = cli([flag])
    assert (result.exit_code, result.stdout) == (0, f"chatlint, version {__version__}\n")


def test_rules_lists_every_rule(cli):
    result = cli(["rules"])
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert header.split()[:5] == ["CODE", "NAME", "DEFAULT", "PRECISION", "FIX"]
    assert any(row.split()[:3] == ["CL101", "hedging", "on"] for row in rows)


def test_rules_json(cli):
    rules = json.loads(cli(["rules", "--output-format", "json"]).stdout)
    hedging = next(rule for rule in rules if rule["code"] == "CL101")
    assert (
        hedging["name"] == "hedging"
        and hedging["default_enabled"] is True
        and hedging["fixable"] is True
        and hedging["fix_safety"] == "unsafe"
    )


@pytest.mark.parametrize("selector", ["CL101", "cl101", "hedging"])
def test_rule_documentation(cli, selector):
    result = cli(["rule", selector])
    assert result.exit_code == 0
    for heading in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "Use instead:",
        "## Options",
    ):
        assert heading in result.stdout
    as_json = json.loads(cli(["rule", selector, "--output-format", "json"]).stdout)
    assert as_json["code"] == "CL101"
    assert set(as_json["sections"]) >= {"What it does", "Why is this bad?", "Example"}


def test_unknown_rule_is_a_usage_error(cli):
    result = cli(["rule", "CL999"])
    assert result.exit_code == 2
    assert "no rule has the code or name 'CL999'" in result.stderr


def test_unknown_option_is_a_usage_error(cli):
    assert cli(["check", "--no-such-flag"]).exit_code == 2


def test_a_missing_file_never_reads_as_all_checks_passed(cli, write):
    write("reply.txt", "Your order ships on Monday.\n")
    result = cli(["check", "reply.txt", "nope.txt"])
    assert result.exit_code == 2
    assert result.stderr == "chatlint: error: nope.txt: no such file or directory\n"
    assert result.stdout == "No problems found; 1 file with errors.\n"
