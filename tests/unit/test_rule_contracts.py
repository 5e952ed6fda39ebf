"""Every rule keeps the contract: metadata, documentation, examples, fixtures, phrase data."""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_fixtures import FIXTURES, load_cases

from chatlint.linter import Linter
from chatlint.message import Message
from chatlint.phrases import covered_by, normalize
from chatlint.registry import Registry
from chatlint.rule import CODE_PATTERN, NAME_PATTERN
from chatlint.run_config import RunConfig
from chatlint.settings import Settings
from chatlint.toml_files import data_beside

REGISTRY = Registry.installed()
BUILT_IN = [rule for rule in REGISTRY if rule.__module__.startswith("chatlint_rules.")]
ALL_CASES = [
    case
    for rule in BUILT_IN
    if (FIXTURES / f"{rule.code}.txt").exists()
    for case in load_cases(rule.code)
]


def _violations(rule_class, text, kind="chat"):
    linter = Linter(RunConfig(Settings(root=Path.cwd(), select=(rule_class.code,)), REGISTRY))
    return [
        v
        for v in linter.check_message(Message(text, kind=kind), linter.rules_for(None))
        if v.code == rule_class.code
    ]


@pytest.mark.parametrize("rule", BUILT_IN, ids=lambda rule: rule.code)
def test_metadata(rule):
    assert CODE_PATTERN.fullmatch(rule.code) and rule.code.startswith("CL")
    assert NAME_PATTERN.fullmatch(rule.name)
    assert rule.summary and not rule.summary.endswith(".")


ENGINE_AND_BUILT_IN = [
    rule for rule in REGISTRY if rule.__module__.startswith(("chatlint.", "chatlint_rules."))
]


@pytest.mark.parametrize("rule", ENGINE_AND_BUILT_IN, ids=lambda rule: rule.code)
def test_documentation_has_every_section(rule):
    doc = rule.documentation()
    assert doc.missing == []
    assert "Use instead:" in doc.section("Example")
    assert bool(doc.section("Fix safety")) == rule.can_fix()


@pytest.mark.parametrize("rule", BUILT_IN, ids=lambda rule: rule.code)
def test_documentation_and_data_are_written(rule):
    """scripts/new_rule.py leaves lines for a person to write; none may ship."""
    doc = rule.documentation()
    assert "TODO(new_rule)" not in "\n".join(body for _, body in doc.sections)
    data = getattr(rule, "data", {}) or {}
    assert "TODO(new_rule)" not in str(data.get("suggestion", ""))


@pytest.mark.parametrize("rule", BUILT_IN, ids=lambda rule: rule.code)
def test_documented_example_triggers_and_use_instead_does_not(rule):
    bad, good = rule.documentation().examples()
    assert bad and good
    assert _violations(rule, bad), f"{rule.code}'s own example is not flagged"
    assert _violations(rule, good) == [], f"{rule.code}'s 'Use instead' is flagged"


@pytest.mark.parametrize("rule", BUILT_IN, ids=lambda rule: rule.code)
def test_every_rule_has_fixtures(rule):
    cases = load_cases(rule.code)
    assert sum(case.flagged for case in cases) >= 10, "at least 10 flagged examples"
    assert sum(not case.flagged for case in cases) >= 10, "at least 10 clean examples"


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: case.id)
def test_fixture_case(case):
    rule = REGISTRY.rules[case.code]
    found = _violations(rule, case.text, case.kind)
    matched = tuple(case.text[v.span.start : v.span.end] for v in found)
    if not case.flagged:
        assert found == [], f"unexpected {matched}"
    elif case.expected is not None:
        assert matched == case.expected
    else:
        assert found, "expected a finding"


@pytest.mark.parametrize("rule", BUILT_IN, ids=lambda rule: rule.code)
def test_declared_fixability_matches_behaviour(rule):
    fixes = [
        v.fix
        for case in load_cases(rule.code)
        if case.flagged
        for v in _violations(rule, case.text, case.kind)
        if v.fix
    ]
    if rule.can_fix():
        assert fixes, f"{rule.code} declares a fix but none of its fixtures gets one"
    else:
        assert fixes == []


def _phrase_lists():
    import chatlint_rules

    for toml in sorted(Path(chatlint_rules.__file__).parent.glob("*.toml")):
        data = data_beside(str(toml))
        exempt = set(data.get("exempt-from-shadow-check", ()))
        for key, value in data.items():
            if (
                key != "exempt-from-shadow-check"
                and isinstance(value, list)
                and all(isinstance(item, str) for item in value)
            ):
                yield pytest.param(key in exempt, value, id=f"{toml.name}:{key}")


@pytest.mark.parametrize("exempt, phrases", list(_phrase_lists()))
def test_phrase_list_sorted_unique_and_not_shadowed(exempt, phrases):
    normalized = [normalize(phrase) for phrase in phrases]
    assert normalized == [phrase for phrase in phrases], (
        "write phrases in lower case with single spaces"
    )
    assert normalized == sorted(normalized), "keep the list in alphabetical order"
    assert len(set(normalized)) == len(normalized), "no duplicates"
    if not exempt:
        # A list searched for in text gains nothing from an entry that another entry
        # already matches; lists compared whole (slots, last words) declare themselves.
        shadowed = {phrase: covered_by(phrase, phrases) for phrase in phrases}
        assert {phrase: by for phrase, by in shadowed.items() if by} == {}


@pytest.mark.parametrize("rule", BUILT_IN, ids=lambda rule: rule.code)
def test_stable_rules_were_measured_precise_enough(rule):
    """A rule on by default must have been judged right often enough on text it was not
    tuned on (rules/measurements.toml, written by scripts/evaluate.py): at least 0.85
    wherever its sample is big enough to say so (20 findings)."""
    from chatlint.docs import measurement

    measured = measurement(rule)
    if rule.preview or not measured or measured["judged"] < 20:
        return
    assert abs(measured["right"] / measured["judged"] - measured["precision"]) < 0.005
    if rule.code in NAMED_RULES_BELOW_THE_BAR:
        # The rules chatlint is named for stay on even below the bar; the README says
        # so under "What is still short", with the figure this file records.
        readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
        short = readme[readme.index("What is still short") :]
        assert rule.code in short[: short.index("### ")]
        return
    assert measured["precision"] >= 0.85, (
        f"{rule.code} measured {measured['precision']} on {measured['judged']} findings"
    )


#: Rules chatlint is named for whose latest measurement is below 0.85: they stay on by
#: the product's design, and the README lists them as short of the bar. None now: CL101
#: (hedging), listed until round 45 (18 of 26), measured 28 of 32 in rounds 49-51 after its
#: everyday opinions and guesses moved to CL103.
NAMED_RULES_BELOW_THE_BAR: frozenset = frozenset()
