"""The set of installed rules, loaded once from the ``chatlint.rules`` entry points."""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Type

from chatlint import checkout
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
    checkout.make_packages_importable()
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


@dataclass(frozen=True)
class EntryPoint:
    """One ``chatlint.rules`` entry point: ``CODE = module:Class``."""

    name: str
    value: str

    @property
    def key(self) -> Tuple[str, str]:
        return (self.name, self.value)

    def load(self) -> object:
        module_name, _, attributes = self.value.partition(":")
        loaded: object = importlib.import_module(module_name.strip())
        for attribute in attributes.split("[")[0].strip().split(".") if attributes.strip() else ():
            loaded = getattr(loaded, attribute)
        return loaded


def _entry_points() -> List[EntryPoint]:
    """The entry points of the group in every distribution on ``sys.path``, in code order.

    Read straight from each distribution's ``entry_points.txt``: importing
    ``importlib.metadata`` alone costs a fifth of a one-file run. As there, the first
    distribution of a name on the path wins. A path entry that is a zip archive is left
    to ``importlib.metadata``, which can look inside it. Run from a checkout, chatlint's
    own entry points come from its ``pyproject.toml`` (see :mod:`chatlint.checkout`).
    """
    in_checkout = checkout.project() is not None
    own = (
        [EntryPoint(name, value) for name, value in checkout.entry_points(ENTRY_POINT_GROUP)]
        if in_checkout
        else []
    )
    if any(os.path.isfile(entry) for entry in sys.path if entry):
        return _merged(
            own, _entry_points_from_metadata(skip=checkout.PROJECT if in_checkout else None)
        )
    seen = {checkout.PROJECT} if in_checkout else set()
    found: Dict[Tuple[str, str], EntryPoint] = {point.key: point for point in own}
    for directory in sys.path:
        try:
            names = sorted(os.listdir(directory or "."))
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            distribution = _PROJECT_SEPARATORS.sub(
                "-", name.rsplit(".", 1)[0].split("-")[0]
            ).lower()
            if distribution in seen:
                continue
            seen.add(distribution)
            try:
                with open(
                    os.path.join(directory or ".", name, "entry_points.txt"), encoding="utf-8"
                ) as handle:
                    text = handle.read()
            except OSError:
                continue
            for point in _group_entries(text, ENTRY_POINT_GROUP):
                found.setdefault(point.key, point)
    return sorted(found.values(), key=lambda point: point.name)


def _merged(first: List[EntryPoint], second: List[EntryPoint]) -> List[EntryPoint]:
    unique = {point.key: point for point in (*second, *first)}
    return sorted(unique.values(), key=lambda point: point.name)


_PROJECT_SEPARATORS = re.compile(r"[-_.]+")


def _group_entries(text: str, group: str) -> Iterator[EntryPoint]:
    """``name = value`` lines of one ``[group]`` section of an entry_points.txt."""
    inside = False
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            inside = line[1:-1].strip() == group
        elif inside and "=" in line:
            name, _, value = line.partition("=")
            yield EntryPoint(name.strip(), value.strip())


def _entry_points_from_metadata(skip: Optional[str] = None) -> List[EntryPoint]:
    from importlib.metadata import entry_points

    if sys.version_info >= (3, 10):
        found = entry_points(group=ENTRY_POINT_GROUP)
    else:  # pragma: no cover - Python 3.9 returns a dict of groups
        found = entry_points().get(ENTRY_POINT_GROUP, ())
    unique = {
        (point.name, point.value): EntryPoint(point.name, point.value)
        for point in found
        if skip is None or _distribution_name(point) != skip
    }
    return sorted(unique.values(), key=lambda point: point.name)


def _distribution_name(point: Any) -> str:
    """The normalized name of the distribution an ``importlib.metadata`` entry point
    comes from ("" when it does not say)."""
    name = getattr(getattr(point, "dist", None), "name", "") or ""
    return _PROJECT_SEPARATORS.sub("-", name).lower()


def _load(entry_point: EntryPoint) -> Type[Rule]:
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
