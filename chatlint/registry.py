"""The set of installed rules, loaded once from the ``chatlint.rules`` entry points."""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from dataclasses import dataclass
from typing import (
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
    Type,
)

from chatlint import checkout, rule_index
from chatlint.errors import PluginError
from chatlint.rule import CODE_PATTERN, NAME_PATTERN, Rule
from chatlint.rule_index import Heading

ENTRY_POINT_GROUP = "chatlint.rules"


class RuleTable(Mapping[str, Type[Rule]]):
    """Rules by code, in code order. A rule known from the index (see
    :mod:`chatlint.rule_index`) is imported the first time it is asked for; until then
    only its :class:`Heading` is known, which is all that choosing the rules of a run
    needs. Asking whether a code is there imports nothing."""

    __slots__ = ("_loaded", "_waiting", "_codes")

    def __init__(
        self,
        loaded: Mapping[str, Type[Rule]],
        waiting: Optional[Mapping[str, Tuple["EntryPoint", Heading]]] = None,
    ) -> None:
        self._loaded: Dict[str, Type[Rule]] = dict(loaded)
        self._waiting: Dict[str, Tuple[EntryPoint, Heading]] = dict(waiting or {})
        self._codes = tuple(sorted({*self._loaded, *self._waiting}))

    def __getitem__(self, code: str) -> Type[Rule]:
        rule = self._loaded.get(code)
        if rule is None:
            entry_point, heading = self._waiting[code]
            rule = self._loaded[code] = _load_indexed(entry_point, heading)
        return rule

    def __contains__(self, code: object) -> bool:
        return code in self._loaded or code in self._waiting

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return f"RuleTable({list(self._codes)!r})"

    def heading(self, code: str) -> Heading:
        rule = self._loaded.get(code)
        return Heading.of(rule) if rule is not None else self._waiting[code][1]

    def merged(self, other: RuleTable) -> RuleTable:
        """This table and ``other``; on a code in both, ``other``'s rule."""
        loaded = {code: rule for code, rule in self._loaded.items() if code not in other}
        waiting = {code: entry for code, entry in self._waiting.items() if code not in other}
        return RuleTable({**loaded, **other._loaded}, {**waiting, **other._waiting})


@dataclass(frozen=True)
class Registry:
    """Every known rule by code, in code order. Built once, then only read.

    Iterating it (or reading ``rules``' values) imports every rule; :meth:`headings`
    and membership tests import none.
    """

    rules: Mapping[str, Type[Rule]]

    def __post_init__(self) -> None:
        if not isinstance(self.rules, RuleTable):
            object.__setattr__(self, "rules", RuleTable(self.rules))

    @classmethod
    def from_rules(cls, rules: Iterable[Type[Rule]], origin: str = "") -> Registry:
        return cls(RuleTable(_checked((), rules, origin)))

    @classmethod
    def installed(cls) -> Registry:
        """The rules of every installed package, chatlint's own included."""
        return _installed_registry()

    @classmethod
    def merged(cls, registries: Iterable[Registry]) -> Registry:
        """The rules of all ``registries``; on a code in several, the last one's rule."""
        table = RuleTable({})
        for registry in registries:
            table = table.merged(registry.table)
        return cls(table)

    @property
    def table(self) -> RuleTable:
        assert isinstance(self.rules, RuleTable)  # made so by __post_init__
        return self.rules

    def __iter__(self) -> Iterator[Type[Rule]]:
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)

    def headings(self) -> Iterator[Heading]:
        """What choosing rules needs of each rule, in code order, importing none."""
        table = self.table
        return (table.heading(code) for code in table)

    def extended(self, rules: Iterable[Type[Rule]], origin: str = "") -> Registry:
        """This registry with more rules (a team's declarative rules)."""
        rules = tuple(rules)
        if not rules:
            return self
        added = _checked(tuple(self.headings()), rules, origin)
        return Registry(self.table.merged(RuleTable(added)))

    def get(self, code_or_name: str) -> Optional[Type[Rule]]:
        rule = self.rules.get(code_or_name.upper())
        if rule is not None:
            return rule
        name = code_or_name.lower()
        return next(
            (self.rules[heading.code] for heading in self.headings() if heading.name == name),
            None,
        )

    @property
    def codes(self) -> Tuple[str, ...]:
        return tuple(self.rules)


def _checked(
    known: Sequence[Heading], rules: Iterable[Type[Rule]], origin: str
) -> Dict[str, Type[Rule]]:
    """``rules`` by code, each checked, none claiming a code or name of another or of
    the rules ``known``."""
    rules = tuple(rules)
    for rule in rules:
        _validate(rule, origin)
    codes: Set[str] = set()
    names: Dict[str, str] = {}  # name -> code
    for heading in (*known, *map(Heading.of, rules)):
        if heading.code in codes:
            raise PluginError(f"two rules claim the code {heading.code}", origin or None)
        if heading.name in names:
            raise PluginError(
                f"rules {names[heading.name]} and {heading.code} share the name {heading.name!r}",
                origin or None,
            )
        codes.add(heading.code)
        names[heading.name] = heading.code
    return {rule.code: rule for rule in rules}


# Loading entry points scans every installed distribution: do it once per process.
@functools.lru_cache(maxsize=None)
def _installed_registry() -> Registry:
    """Every entry point's rule: from the index where it is up to date (imported when
    first used), else imported now, and the index brought up to date."""
    checkout.make_packages_importable()
    points = _entry_points()
    index = rule_index.read()
    loaded: List[Type[Rule]] = []
    waiting: List[Tuple[EntryPoint, Heading]] = []
    fresh: Dict[rule_index.PointKey, rule_index.Indexed] = {}
    packages: Dict[str, Optional[str]] = {}
    for entry_point in points:
        top = entry_point.module.partition(".")[0]
        if top not in packages:
            packages[top] = rule_index.package_of(top)
        package = packages[top]
        key = (entry_point.name, entry_point.value, package or "")
        indexed = index.get(key)
        if indexed is not None and indexed.heading.code == entry_point.name:
            waiting.append((entry_point, indexed.heading))
            fresh[key] = indexed
            continue
        rule = _load(entry_point)
        _check_code(rule, entry_point)
        loaded.append(rule)
        made = rule_index.indexed(rule, also=[entry_point.module])
        if made is not None and package is not None:
            fresh[key] = made
    table = RuleTable(
        _checked([heading for _, heading in waiting], loaded, ""),
        {heading.code: (entry_point, heading) for entry_point, heading in waiting},
    )
    if loaded:
        rule_index.write(fresh)
    return Registry(table)


def _check_code(rule: Type[Rule], entry_point: EntryPoint) -> None:
    if rule.code != entry_point.name:
        raise PluginError(
            f"entry point {entry_point.name!r} loads rule {rule.code}; "
            "the entry-point name must be the rule's code",
            f"plugin {entry_point.value}",
        )


def _load_indexed(entry_point: EntryPoint, heading: Heading) -> Type[Rule]:
    """The rule of an entry point known from the index, imported now."""
    rule = _load(entry_point)
    _check_code(rule, entry_point)
    _validate(rule, "")
    if Heading.of(rule) != heading:
        # Its files were unchanged, so its class reads these attributes from elsewhere:
        # this run chose rules by the index's; the next builds the index again.
        rule_index.forget()
    return rule


@dataclass(frozen=True)
class EntryPoint:
    """One ``chatlint.rules`` entry point: ``CODE = module:Class``."""

    name: str
    value: str

    @property
    def key(self) -> Tuple[str, str]:
        return (self.name, self.value)

    @property
    def module(self) -> str:
        return self.value.partition(":")[0].strip()

    def load(self) -> object:
        attributes = self.value.partition(":")[2]
        loaded: object = importlib.import_module(self.module)
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
