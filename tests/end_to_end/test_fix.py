"""--fix, --diff, --unsafe-fixes and --show-fixes: what changes on disk, and what never does."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Iterator

import pytest

from chatlint.errors import InputError
from chatlint.files import SourceText
from chatlint.fixing import MAX_PASSES, apply_fixes, fix_source, write_fixed
from chatlint.linter import Linter
from chatlint.message import Message
from chatlint.registry import Registry
from chatlint.rule import Rule
from chatlint.run_config import RunConfig
from chatlint.settings import Settings
from chatlint.violation import Applicability, Edit, Finding, Fix, Span, Violation


def test_fix_rewrites_only_what_is_fixable(cli, write):
    path = write("reply.txt", "Stop!!! It seems it ships. Has it arrived??\n")
    result = cli(["check", "--fix", "reply.txt"])
    assert path.read_text() == "Stop! It seems it ships. Has it arrived?\n"
    assert result.exit_code == 1  # the hedge is still there
    assert (
        result.stdout.splitlines()[0]
        == 'reply.txt:1:7: CL101 Hedging: "It seems" makes the reply sound unsure'
    )
    assert "Found 1 problem in 1 file (2 fixed)." in result.stdout


def test_diff_prints_and_changes_nothing(cli, write):
    path = write("reply.txt", "Stop!!\n")
    before = path.stat().st_mtime_ns
    result = cli(["check", "--diff", "reply.txt"])
    assert result.exit_code == 1
    assert result.stdout == "--- a/reply.txt\n+++ b/reply.txt\n@@ -1 +1 @@\n-Stop!!\n+Stop!\n"
    assert path.read_text() == "Stop!!\n" and path.stat().st_mtime_ns == before
    assert cli(["check", "--diff", "-"], input="Hello.\n").exit_code == 0


def test_show_fixes(cli, write):
    write("reply.txt", "Stop!!\n")
    result = cli(["check", "--fix", "--show-fixes", "reply.txt"])
    assert result.exit_code == 0
    assert result.stdout.endswith('Fixed 1 finding:\n  reply.txt: CL404 Replace "!!" with "!"\n')


@pytest.mark.parametrize(
    "data",
    [
        "Stop!!\r\nBye\r\n".encode("utf-8"),
        b"\xef\xbb\xbf" + "Stop!!\nCaf\u00e9\n".encode("utf-8"),
        b"\xff\xfe" + "Stop!!\r\n\U0001f642\r\n".encode("utf-16-le"),
        b"\xfe\xff" + "Stop!!\n".encode("utf-16-be"),
    ],
    ids=["crlf", "utf8-bom", "utf16-le-bom", "utf16-be-bom"],
)
def test_encoding_bom_and_newlines_are_kept(cli, write, data):
    path = write("reply.txt", data)
    os.chmod(path, 0o640)
    cli(["check", "--fix", "reply.txt"])
    expected = data.replace("!!".encode("utf-8"), b"!") if b"\x00" not in data else None
    if expected is None:
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        expected = data[:2] + data[2:].decode(encoding).replace("!!", "!").encode(encoding)
    assert path.read_bytes() == expected
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_file_with_nothing_to_fix_is_not_rewritten(cli, write):
    path = write("reply.txt", "It seems so.\n")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    cli(["check", "--fix", "reply.txt"])
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_read_only_file_is_reported(cli, write):
    path = write("reply.txt", "Stop!!\n")
    os.chmod(path, 0o444)
    write("other.txt", "Stop!!\n")
    result = cli(["check", "--fix", "reply.txt", "other.txt"])
    assert result.exit_code == 2
    assert "chatlint: error: reply.txt: read-only file, not fixed" in result.stderr
    assert path.read_text() == "Stop!!\n"
    assert Path("other.txt").read_text() == "Stop!\n"


def test_interrupted_write_leaves_the_original(write, monkeypatch):
    path = write("reply.txt", "Stop!!\n")

    def crash(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(InputError, match="cannot write the fixed file: No space left on device"):
        write_fixed(path, SourceText("Hi!\n"), "reply.txt")
    assert path.read_text() == "Stop!!\n"
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "reply.txt"
    ]  # no temporary left behind


def test_json_and_yaml_fixes_keep_the_file_s_own_quoting(cli, write):
    json_path = write(
        "commands.json", '[{"comment": "Tab\\tnever!! \\"Quoted\\" and \\u00e9t\\u00e9 again!!"}]\n'
    )
    yaml_path = write(
        "replies.yml",
        "a:\n  comment: 'It''s not done!!'\n"
        'b:\n  comment: "Not done!!\\n"\n'
        "c:\n  comment: |\n    Not done!!\n    Thanks\n",
    )
    cli(["check", "--fix", "commands.json", "replies.yml"])
    assert (
        json_path.read_text()
        == '[{"comment": "Tab\\tnever! \\"Quoted\\" and \\u00e9t\\u00e9 again!"}]\n'
    )
    assert yaml_path.read_text() == (
        "a:\n  comment: 'It''s not done!'\n"
        'b:\n  comment: "Not done!\\n"\n'
        "c:\n  comment: |\n    Not done!\n    Thanks\n"
    )


def test_stdin_fix_prints_the_fixed_text(cli):
    result = cli(["check", "--fix", "-"], input="Stop!!\n")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "Stop!\n", "")


def test_stdin_fix_says_on_stderr_what_is_left_to_fix(cli):
    result = cli(["check", "--fix", "-"], input="It seems it shipped. Stop!!!\n")
    assert result.stdout == "It seems it shipped. Stop!\n"
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith('-:1:1: CL101 Hedging: "It seems"')
    assert result.stderr.splitlines()[-1] == "Found 1 problem in 1 file (1 fixed)."


def test_fix_and_diff_together_are_a_usage_error(cli, write):
    write("reply.txt", "Stop!!\n")
    result = cli(["check", "--fix", "--diff", "reply.txt"])
    assert result.exit_code == 2
    assert "--fix and --diff cannot be used together" in result.stderr
    assert (Path.cwd() / "reply.txt").read_text() == "Stop!!\n"


# -- the fix engine, with rules written for the purpose ---------------------------------


def _rule(code: str, name: str, make):
    class Custom(Rule):
        summary = "custom"
        fix_title = "custom fix"

        def check(self, message: Message) -> Iterator[Violation]:
            yield from make(self, message)

    Custom.code, Custom.name = code, name
    return Custom


def _linter(*rules):
    return Linter(
        RunConfig(
            Settings(root=Path.cwd(), select=tuple(rule.code for rule in rules)),
            Registry.from_rules(rules),
        )
    )


def test_unsafe_fixes_only_when_asked(cli):
    def unsafe(rule, message):
        start = message.text.find("ASAP")
        if start >= 0:
            span = Span(start, start + 4)
            yield rule.violation(
                span, fix=Fix("soften", (Edit(span, "soon"),), Applicability.UNSAFE)
            )

    linter = _linter(_rule("XX101", "asap", unsafe))
    source = SourceText("Reply ASAP.\n")
    assert fix_source(linter, source, "r.txt", Applicability.SAFE).fixed.text == "Reply ASAP.\n"
    assert fix_source(linter, source, "r.txt", Applicability.UNSAFE).fixed.text == "Reply soon.\n"


def test_overlapping_fixes_wait_for_the_next_pass():
    def whole(rule, message):
        if "abc" in message.text:
            yield rule.violation(Span(0, 3), fix=Fix("abc", (Edit(Span(0, 3), "xyz"),)))

    def middle(rule, message):
        if "b" in message.text:
            start = message.text.index("b")
            yield rule.violation(
                Span(start, start + 1), fix=Fix("b", (Edit(Span(start, start + 1), "B"),))
            )

    linter = _linter(_rule("XX101", "whole", whole), _rule("XX102", "middle", middle))
    fixed = fix_source(linter, SourceText("abc"), "r.txt", Applicability.SAFE)
    assert fixed.fixed.text == "xyz"
    assert [finding.code for finding in fixed.applied] == ["XX101"]


def test_fixes_that_never_settle_are_reported_as_a_bug():
    def grow(rule, message):
        yield rule.violation(Span(0, 0), fix=Fix("grow", (Edit(Span(0, 0), "x"),)))

    fixed = fix_source(
        _linter(_rule("XX101", "grow", grow)), SourceText("a"), "r.txt", Applicability.SAFE
    )
    assert fixed.fixed is None
    assert str(fixed.result.error) == (
        f"r.txt: fixes did not settle after {MAX_PASSES} passes; "
        "this is a bug in a rule's fix, please report it"
    )


def test_apply_fixes_skips_overlaps():
    def finding(start, end, replacement):
        span = Span(start, end)
        return Finding("f", "XX1", "x", "m", span, fix=Fix("t", (Edit(span, replacement),)))

    text, applied = apply_fixes(
        "abcdef",
        [finding(3, 6, "DEF"), finding(0, 2, "AB"), finding(1, 4, "!")],
        Applicability.SAFE,
    )
    assert text == "ABcDEF" and len(applied) == 2


# -- the rules' own fixes: what they change, how safe they are, and that they settle --


@pytest.mark.parametrize(
    "before, code, after",
    [
        ("It seems your refund arrives Friday.\n", "CL101", "Your refund arrives Friday.\n"),
        ("It will probably work.\n", "CL101", "It will work.\n"),
        ("As far as I know, the update is live.\n", "CL101", "The update is live.\n"),
        ("This is perhaps a cache problem.\n", "CL101", "This is a cache problem.\n"),
        (
            "Sorry for any inconvenience. I've refunded the shipping.\n",
            "CL201",
            "I've refunded the shipping.\n",
        ),
        (
            "Thanks for waiting. We apologize for any inconvenience this may have caused.\n",
            "CL201",
            "Thanks for waiting.\n",
        ),
        ("PLEASE WAIT for the courier.\n", "CL404", "Please wait for the courier.\n"),
        ("Do NOT reset the router.\n", "CL404", "Do not reset the router.\n"),
        (
            "I've escalated this to tier 2 today.\n",
            "CL403",
            "I've escalated this to our specialist team today.\n",
        ),
    ],
)
def test_each_rule_s_fix_does_what_its_docs_say_and_is_unsafe(cli, write, before, code, after):
    write("reply.txt", before)
    found = json.loads(
        cli(["check", "--preview", "--select", code, "--output-format", "json", "reply.txt"]).stdout
    )
    assert [item["fix"]["applicability"] for item in found] == ["unsafe"]
    # Safe fixes alone leave it; with --unsafe-fixes it is fixed, and fixing again does nothing.
    cli(["check", "--preview", "--select", code, "--fix", "reply.txt"])
    assert Path("reply.txt").read_text() == before
    cli(["check", "--preview", "--select", code, "--fix", "--unsafe-fixes", "reply.txt"])
    assert Path("reply.txt").read_text() == after
    again = cli(["check", "--preview", "--select", code, "--diff", "--unsafe-fixes", "reply.txt"])
    assert again.stdout == ""


@pytest.mark.parametrize(
    "text, code",
    [
        ("It seems so.\n", "CL101"),  # nothing left to say
        ("We may be able to help with that.\n", "CL101"),  # needs rewording, not removal
        ("Sorry for any inconvenience, your order shipped.\n", "CL201"),  # says more
        ("Hi {{name}}, sorry for any inconvenience. It shipped.\n", "CL201"),  # a template
        ("Sorry for any inconvenience.\n", "CL201"),  # the whole reply
    ],
)
def test_no_fix_where_taking_words_out_would_not_leave_a_reply(cli, write, text, code):
    write("reply.txt", text)
    found = json.loads(
        cli(["check", "--select", code, "--output-format", "json", "reply.txt"]).stdout
    )
    assert found and all(item["fix"] is None for item in found)


def test_the_rules_list_shows_which_rules_fix(cli):
    rows = cli(["rules"]).stdout.splitlines()
    fix_column = {line.split()[0]: line[rows[0].index("FIX") :].split("  ")[0] for line in rows}
    assert fix_column["CL101"] == fix_column["CL201"] == fix_column["CL403"] == "unsafe"
    assert fix_column["CL404"] == "safe, unsafe" and fix_column["CL402"] == "-"
