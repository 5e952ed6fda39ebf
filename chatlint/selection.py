"""Which rules run: ``select``/``ignore`` by code prefix or name, longest match wins.

The two functions here are the only places that decide it: :func:`check_selectors`
rejects a selector that names no rule, and :func:`active_codes` works out the codes
that run on a file.
"""

from __future__ import annotations

from typing import FrozenSet, Iterable, Optional, Sequence, Tuple

from chatlint.errors import ConfigError, did_you_mean
from chatlint.registry import Registry
from chatlint.rule_index import Heading
from chatlint.settings import Overrides, Settings


def _specificity(selector: str, rule: Heading) -> int:
    """How closely ``selector`` names ``rule``: the prefix length, or -1 for no match."""
    if selector.lower() == rule.name:
        return len(rule.code)
    selector = selector.upper()
    return len(selector) if rule.code.startswith(selector) else -1


def _names_exactly(selector: str, rule: Heading) -> bool:
    return selector.upper() == rule.code or selector.lower() == rule.name


def check_selectors(
    registry: Registry, settings: Settings, overrides: Optional[Overrides] = None
) -> None:
    """Reject a selector that names no known rule: it is almost always a typo.

    Every list of selectors of the settings and of the overrides is checked, each
    error naming where the selector was written (the config file and key, or the
    command-line option).
    """
    groups: Iterable[Tuple[str, str, Sequence[str]]] = (
        (settings.where, "select", settings.select or ()),
        (settings.where, "extend-select", settings.extend_select),
        (settings.where, "ignore", settings.ignore),
        *(
            (settings.where, f'per-file-ignores."{glob}"', codes)
            for glob, codes in settings.per_file_ignores
        ),
    )
    if overrides is not None:
        groups = (
            *groups,
            (overrides.where, "--select", overrides.select or ()),
            (overrides.where, "--extend-select", overrides.extend_select),
            (overrides.where, "--ignore", overrides.ignore),
        )
    rules = tuple(registry.headings())
    for where, key, selectors in groups:
        for selector in selectors:
            if not selector or all(_specificity(selector, rule) < 0 for rule in rules):
                hint = did_you_mean(
                    selector, [rule.code for rule in rules] + [rule.name for rule in rules]
                )
                raise ConfigError(
                    f"'{key}' has '{selector}', which matches no known rule{hint}", where
                )


def active_codes(
    registry: Registry,
    *,
    select: Optional[Sequence[str]],
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    preview: bool = False,
    file_ignores: Sequence[str] = (),
) -> FrozenSet[str]:
    """The codes that run.

    For each rule the most specific matching selector decides; on a tie ``ignore``
    wins. With no ``select``, the rules that are on by default are selected at the
    lowest specificity, so any ``ignore`` entry beats it. Outside preview mode a
    preview rule runs only when a selector names it exactly (its code or its name):
    a prefix such as ``CL5`` selects the stable rules under it. ``file_ignores`` (the
    ``per-file-ignores`` that match a file) take out every rule they match, however
    specifically it was selected.
    """
    chosen = set()
    for rule in registry.headings():
        selectors = (*(select or ()), *extend_select)
        if rule.preview and not preview:
            selectors = tuple(s for s in selectors if _names_exactly(s, rule))
        selected = max((_specificity(s, rule) for s in selectors), default=-1)
        if select is None and (rule.on_by_default or (preview and rule.default_enabled)):
            selected = max(selected, 0)
        ignored = max((_specificity(s, rule) for s in ignore), default=-1)
        if (
            selected >= 0
            and selected > ignored
            and all(_specificity(s, rule) < 0 for s in file_ignores)
        ):
            chosen.add(rule.code)
    return frozenset(chosen)
