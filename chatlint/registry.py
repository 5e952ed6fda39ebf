"""The set of installed rules, loaded once from the ``chatlint.rules`` entry points."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from typing import Dict, Iterable, Iterator, Mapping, Optional, Tuple, Type

from chatlint.errors import PluginError
from chatlint.rule import CODE_PATTERN, NAME_PATTERN, Rule

ENTRY_POINT_GROUP = "chatlint.rules"


@dataclass(frozen=True)
class Registry:
    """Every known rule by code, in code order. Built once, then only read."""

    rules: Mapping[str, Type[Rule]]

    @classmethod
    def from_rules(cls, rules: Iterable[Type[Rule]], origin: str = "") -> Registry:
        by_code: Dict[str, Type[Rule]] = {}
        names: Dict[str, str] = {}
        for rule in rules:
            _validate(rule, origin)
            if rule.code in by_code:
                raise PluginError(f"two rules claim the code {rule.code}", origin or None)
            if rule.name in names:
                raise PluginError(
                    f"rules {names[rule.name]} and {rule.code} share the name {rule.name!r}",
                    origin or None,
                )
            by_code[rule.code] = rule
            names[rule.name] = rule.code
        return cls(dict(sorted(by_code.items())))

    @classmethod
    def installed(cls) -> Registry:
        """The rules of every installed package, chatlint's own included."""
        return _installed_registry()

    def __iter__(self) -> Iterator[Type[Rule]]:
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)

    def extended(self, rules: Iterable[Type[Rule]], origin: str = "") -> Registry:
        """This registry with more rules (a team's declarative rules)."""
        rules = tuple(rules)
        if not rules:
            return self
        return Registry.from_rules([*self.rules.values(), *rules], origin)

    def get(self, code_or_name: str) -> Optional[Type[Rule]]:
        rule = self.rules.get(code_or_name.upper())
        if rule is not None:
            return rule
        return next((rule for rule in self if rule.name == code_or_name.lower()), None)

    @property
    def codes(self) -> Tuple[str, ...]:
        return tuple(self.rules)


# Loading entry points scans every installed distribution: do it once per process.
@functools.lru_cache(maxsize=None)
def _installed_registry() -> Registry:
    rules = []
    for entry_point in _entry_points():
        rule = _load(entry_point)
        if rule.code != entry_point.name:
            raise PluginError(
                f"entry point {entry_point.name!r} loads rule {rule.code}; "
                "the entry-point name must be the rule's code",
                f"plugin {entry_point.value}",
            )
        rules.append(rule)
    return Registry.from_rules(rules)


def _entry_points():
    from importlib.metadata import entry_points

    if sys.version_info >= (3, 10):
        found = entry_points(group=ENTRY_POINT_GROUP)
    else:  # pragma: no cover - Python 3.9 returns a dict of groups
        found = entry_points().get(ENTRY_POINT_GROUP, ())
    # The same distribution can be seen twice (an editable install beside a build).
    unique = {(entry_point.name, entry_point.value): entry_point for entry_point in found}
    return sorted(unique.values(), key=lambda entry_point: entry_point.name)


def _load(entry_point) -> Type[Rule]:
    where = f"plugin {entry_point.name} = {entry_point.value}"
    try:
        loaded = entry_point.load()
    except Exception as error:  # a broken plugin must not take the run down with a traceback
        raise PluginError(f"failed to load: {type(error).__name__}: {error}", where) from error
    if not (isinstance(loaded, type) and issubclass(loaded, Rule)):
        raise PluginError("does not name a subclass of chatlint.rule.Rule", where)
    return loaded


def _validate(rule: Type[Rule], origin: str) -> None:
    where = origin or f"rule {rule.__module__}.{rule.__qualname__}"
    for attribute in ("code", "name", "summary"):
        if not isinstance(getattr(rule, attribute, None), str):
            raise PluginError(f"rule has no {attribute}", where)
    if not CODE_PATTERN.fullmatch(rule.code):
        raise PluginError(f"rule code {rule.code!r} is not letters then digits (like CL101)", where)
    if not NAME_PATTERN.fullmatch(rule.name):
        raise PluginError(f"rule name {rule.name!r} is not kebab-case", where)
