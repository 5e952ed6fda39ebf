"""Rule selection: prefixes, names, the longest match winning, default-off rules."""

from __future__ import annotations

from typing import Iterator

import pytest

from chatlint.message import Message
from chatlint.registry import Registry
from chatlint.rule import Rule
from chatlint.selection import enabled_codes
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
    [_rule("CL101", "one"), _rule("CL102", "two"), _rule("CL201", "three"), _rule("CL301", "opt-in", default=False)]
)


@pytest.mark.parametrize(
    "select, extend, ignore, expected",
    [
        (None, (), (), {"CL101", "CL102", "CL201"}),
        (["CL1"], (), (), {"CL101", "CL102"}),
        (["CL"], (), (), {"CL101", "CL102", "CL201", "CL301"}),
        (["CL"], (), ["CL1"], {"CL201", "CL301"}),
        (["CL"], (), ["CL1", ], {"CL201", "CL301"}),
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
    assert enabled_codes(REGISTRY, select=select, extend_select=extend, ignore=ignore) == expected
