"""Rule selection: prefixes, names, the longest match winning, default-off rules."""

from __future__ import annotations

from typing import Iterator

import pytest

from chatlint.docs import measurement
from chatlint.message import Message
from chatlint.registry import Registry
from chatlint.rule import Rule
from chatlint.selection import active_codes
from chatlint.violation import Violation


def _rule(code: str, name: str, default: bool = True):
    class Stub(Rule):
        summary = "stub"
        default_enabled = default

        def check(self, message: Message) -> Iterator[Violation]:
            return iter(())

    Stub.code, Stub.name = code, name
    return Stub


REGISTRY = Registry.from_rules(
    [
        _rule("CL101", "one"),
        _rule("CL102", "two"),
        _rule("CL201", "three"),
        _rule("CL301", "opt-in", default=False),
    ]
)


@pytest.mark.parametrize(
    "select, extend, ignore, expected",
    [
        (None, (), (), {"CL101", "CL102", "CL201"}),
        (["CL1"], (), (), {"CL101", "CL102"}),
        (["CL"], (), (), {"CL101", "CL102", "CL201", "CL301"}),
        (["CL"], (), ["CL1"], {"CL201", "CL301"}),
        (
            ["CL"],
            (),
            [
                "CL1",
            ],
            {"CL201", "CL301"},
        ),
        (["CL102"], (), ["CL1"], {"CL102"}),  # the longer prefix wins
        (["CL1"], (), ["CL102"], {"CL101"}),
        (["CL1"], (), ["CL1"], set()),  # a tie goes to ignore
        (None, ["CL301"], (), {"CL101", "CL102", "CL201", "CL301"}),
        (None, (), ["two"], {"CL101", "CL201"}),  # names work too
        (["opt-in"], (), (), {"CL301"}),
        (None, (), ["CL"], set()),
    ],
)
def test_longest_prefix_wins(select, extend, ignore, expected):
    assert active_codes(REGISTRY, select=select, extend_select=extend, ignore=ignore) == expected


def _preview(code: str, name: str):
    rule = _rule(code, name)
    rule.preview = True
    return rule


WITH_PREVIEW = Registry.from_rules(
    [_rule("CL501", "stable-one"), _preview("CL502", "new-one"), _preview("CL503", "newer-one")]
)


@pytest.mark.parametrize(
    "select, extend, ignore, preview, expected",
    [
        (None, (), (), False, {"CL501"}),  # preview rules are off by default
        (None, (), (), True, {"CL501", "CL502", "CL503"}),  # preview mode turns them on
        (["CL5"], (), (), False, {"CL501"}),  # a prefix does not select a preview rule
        (["CL5"], (), (), True, {"CL501", "CL502", "CL503"}),
        (None, ["CL502"], (), False, {"CL501", "CL502"}),  # its exact code does
        (None, ["newer-one"], (), False, {"CL501", "CL503"}),  # and so does its name
        (["CL502"], (), (), False, {"CL502"}),
        (None, (), ["CL502"], True, {"CL501", "CL503"}),
    ],
)
def test_preview_rules_run_in_preview_mode_or_by_exact_code(
    select, extend, ignore, preview, expected
):
    assert (
        active_codes(
            WITH_PREVIEW, select=select, extend_select=extend, ignore=ignore, preview=preview
        )
        == expected
    )


def test_preview_from_config_and_command_line(cli, write):
    write("reply.txt", "Please note that we can't refund it.\n")
    default = cli(["check", "--statistics", "reply.txt"]).stdout
    assert "CL501" in default and "CL503" not in default
    assert "CL503" in cli(["check", "--statistics", "--preview", "reply.txt"]).stdout
    assert "CL503" in cli(["check", "--statistics", "--extend-select", "CL503", "reply.txt"]).stdout
    write(".chatlint.toml", "preview = true\n")
    assert "CL503" in cli(["check", "--statistics", "reply.txt"]).stdout


def test_preview_must_be_true_or_false(cli, write):
    write(".chatlint.toml", 'preview = "yes"\n')
    result = cli(["check", "reply.txt"])
    assert result.exit_code == 2 and "'preview' must be true or false" in result.stderr


def test_rules_and_rule_show_the_status(cli):
    rows = {line.split()[0]: line.split()[2] for line in cli(["rules"]).stdout.splitlines()[1:]}
    assert rows["CL101"] == "on" and rows["CL503"] == "preview"
    shown = cli(["rule", "CL503"]).stdout
    assert "Status: preview." in shown and "--extend-select CL503" in shown
    measured = measurement(Registry.installed().get("CL201"))
    assert (
        f"Measured precision: {measured['precision']:.2f} ({measured['right']} of "
        f"{measured['judged']} findings judged right;" in cli(["rule", "CL201"]).stdout
    )
