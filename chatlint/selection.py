"""Which rules run: ``select``/``ignore`` by code prefix or name, longest match wins."""

from __future__ import annotations

from typing import FrozenSet, Iterable, Optional, Sequence, Type

from chatlint.errors import ConfigError
from chatlint.registry import Registry
from chatlint.rule import Rule


def _specificity(selector: str, rule: Type[Rule]) -> int:
    """How closely ``selector`` names ``rule``: the prefix length, or -1 for no match."""
    if selector.lower() == rule.name:
        return len(rule.code)
    selector = selector.upper()
    return len(selector) if rule.code.startswith(selector) else -1


def check_selectors(registry: Registry, selectors: Iterable[str], where: str, key: str) -> None:
    """Reject a selector that names no installed rule: it is almost always a typo."""
    for selector in selectors:
        if not selector or all(_specificity(selector, rule) < 0 for rule in registry):
            raise ConfigError(f"'{key}' has '{selector}', which matches no known rule", where)


def _names_exactly(selector: str, rule: Type[Rule]) -> bool:
    return selector.upper() == rule.code or selector.lower() == rule.name


def enabled_codes(
    registry: Registry,
    *,
    select: Optional[Sequence[str]],
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    preview: bool = False,
) -> FrozenSet[str]:
    """The codes that run.

    For each rule the most specific matching selector decides; on a tie ``ignore``
    wins. With no ``select``, the rules that are on by default are selected at the
    lowest specificity, so any ``ignore`` entry beats it. Outside preview mode a
    preview rule runs only when a selector names it exactly (its code or its name):
    a prefix such as ``CL5`` selects the stable rules under it.
    """
    chosen = set()
    for rule in registry:
        selectors = (*(select or ()), *extend_select)
        if rule.preview and not preview:
            selectors = tuple(s for s in selectors if _names_exactly(s, rule))
        selected = max((_specificity(s, rule) for s in selectors), default=-1)
        if select is None and rule.default_enabled and (preview or not rule.preview):
            selected = max(selected, 0)
        ignored = max((_specificity(s, rule) for s in ignore), default=-1)
        if selected >= 0 and selected > ignored:
            chosen.add(rule.code)
    return frozenset(chosen)


def without(codes: FrozenSet[str], registry: Registry, ignore: Sequence[str]) -> FrozenSet[str]:
    """``codes`` less every rule that an ``ignore`` selector matches."""
    return frozenset(
        code for code in codes if all(_specificity(s, registry.rules[code]) < 0 for s in ignore)
    )
