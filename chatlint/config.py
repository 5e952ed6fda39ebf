"""Config files: finding the nearest one, reading it, and strictly decoding it into
:class:`~chatlint.settings.Settings`."""

from __future__ import annotations

import dataclasses
import os
import typing
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple, Type

from chatlint.errors import ConfigError, did_you_mean
from chatlint.message import KINDS
from chatlint.registry import Registry
from chatlint.rule import Rule, option_key
from chatlint.settings import Settings
from chatlint.toml_files import parse, toml_parser
from chatlint.violation import Severity

#: Configuration files, in the order they are looked for in each directory.
CONFIG_FILENAMES = (".chatlint.toml", "chatlint.toml", "pyproject.toml")


def find_config(start: Path) -> Optional[Path]:
    """The nearest config file in ``start`` or a directory above it, up to the root of
    the repository ``start`` is in: a config further up belongs to something else (an
    ``exclude = ["*"]`` in a home folder must not silence a repository's gate)."""
    directory = start.resolve()
    while True:
        try:
            names = set(os.listdir(directory))
        except OSError:  # not a directory, or one chatlint may not read
            names = set()
        found = config_in(directory, names)
        if found is not None or ".git" in names or directory.parent == directory:
            return found
        directory = directory.parent


def config_in(directory: Path, names: "typing.AbstractSet[str]") -> Optional[Path]:
    """The config file among ``names``, the entries of ``directory``, if one is: the
    first of :data:`CONFIG_FILENAMES` there, a ``pyproject.toml`` only with a
    ``[tool.chatlint]`` table."""
    for name in CONFIG_FILENAMES:
        if name in names:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    # Cheap pre-check so an unrelated pyproject is not parsed on every run.
    return "tool.chatlint" in text and "chatlint" in _read_toml(pyproject).get("tool", {})


def _read_toml(path: Path) -> Dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return parse(handle)
    except OSError as error:
        raise ConfigError(f"cannot read: {error.strerror or error}", str(path)) from error
    except toml_parser().TOMLDecodeError as error:
        raise ConfigError(f"invalid TOML: {error}", str(path)) from error
    except UnicodeDecodeError as error:
        raise ConfigError("invalid TOML: not UTF-8 text", str(path)) from error


def load_settings(
    registry: Registry, config: Optional[Path] = None, cwd: Optional[Path] = None
) -> Settings:
    """Settings from ``config`` when given, else from the nearest config file."""
    cwd = Path(cwd or os.getcwd())
    if config is None:
        config = find_config(cwd)
        if config is None:
            return Settings(root=cwd)
    elif not config.is_file():
        raise ConfigError("config file not found", str(config))
    document = _read_toml(config)
    if config.name == "pyproject.toml":
        table = document.get("tool", {}).get("chatlint", {})
        prefix = "tool.chatlint."
    else:
        table = document
        prefix = ""
    return decode_settings(
        table, registry, root=config.resolve().parent, source=config, prefix=prefix
    )


_LIST_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "exclude",
    "extend-exclude",
    "include",
    "extend-include",
    "roles",
    "message-keys",
    "extend-message-keys",
)


def decode_settings(
    table: Mapping[str, Any],
    registry: Registry,
    *,
    root: Path,
    source: Optional[Path] = None,
    prefix: str = "",
) -> Settings:
    """Decode a config table, rejecting unknown keys and wrong types.

    ``registry`` holds the installed rules; the table's own ``extend-rules`` are added
    to it to check the keys that name rules. Globs and selectors are checked when the
    settings are worked out into a run (:mod:`chatlint.run_config`).
    """
    where = str(source) if source else "config"
    values: Dict[str, Any] = {}
    if not isinstance(table, Mapping):
        raise ConfigError(f"'{prefix.rstrip('.') or 'chatlint'}' must be a table", where)
    if "extend-rules" in table:
        from chatlint.declarative import (
            load_rule_files,
            with_declared,
        )  # only for teams that declare rules

        # Declared rules first: the keys below may name them.
        specs = load_rule_files(
            _string_list(table["extend-rules"], where, prefix + "extend-rules"), root, where
        )
        for spec in specs:
            if spec.code in registry.rules:
                raise ConfigError(
                    f"rule code {spec.code} is already taken by an installed rule", spec.source
                )
        registry = with_declared(registry, specs, where)
        values["declared_rules"] = specs
    for key, value in table.items():
        if key == "extend-rules":
            continue
        if key == "severity":
            values["severities"] = _severities(value, registry, where, prefix + key)
        elif key == "fail-on":
            values["fail_on"] = _severity(value, where, prefix + key)
        elif key in ("preview", "respect-gitignore"):
            if not isinstance(value, bool):
                raise ConfigError(f"'{prefix}{key}' must be true or false", where)
            values[key.replace("-", "_")] = value
        elif key in _LIST_KEYS:
            values[key.replace("-", "_")] = _string_list(value, where, prefix + key)
        elif key == "per-file-ignores":
            values["per_file_ignores"] = _per_file_ignores(value, where, prefix + key)
        elif key == "kinds":
            values["kinds"] = _kinds(value, where, prefix + key)
        elif key == "rules":
            values["rule_options"] = _rule_options(value, registry, where, prefix + key)
        elif key == "baseline":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"'{prefix}{key}' must be a file name", where)
            values["baseline"] = root / value
        else:
            hint = did_you_mean(key, KNOWN_KEYS)
            raise ConfigError(f"unknown key '{prefix}{key}'{hint}", where)
    return Settings(root=root, source=source, **values)


#: Every key a config file may have, for suggesting the one a typo meant.
KNOWN_KEYS = (
    *_LIST_KEYS,
    "baseline",
    "extend-rules",
    "fail-on",
    "kinds",
    "per-file-ignores",
    "preview",
    "respect-gitignore",
    "rules",
    "severity",
)


def _string_list(value: Any, where: str, key: str) -> Tuple[str, ...]:
    if isinstance(value, str):
        raise ConfigError(f"'{key}' must be a list of strings, like [\"{value}\"]", where)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"'{key}' must be a list of strings", where)
    return tuple(value)


def _per_file_ignores(value: Any, where: str, key: str) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"'{key}' must be a table of glob = [codes]", where)
    return tuple(
        (glob, _string_list(codes, where, f'{key}."{glob}"')) for glob, codes in value.items()
    )


def _severity(value: Any, where: str, key: str) -> Severity:
    if not isinstance(value, str) or value.upper() not in Severity.__members__:
        raise ConfigError(f'\'{key}\' must be "error", "warning" or "info"', where)
    return Severity[value.upper()]


def _severities(value: Any, registry: Registry, where: str, key: str) -> Dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError(
            f'\'{key}\' must be a table of rule = "error" | "warning" | "info"', where
        )
    decoded = {}
    for rule_key, level in value.items():
        rule = registry.get(rule_key)
        if rule is None:
            raise ConfigError(
                f"'{key}.{rule_key}' names no known rule{_rule_hint(rule_key, registry)}", where
            )
        decoded[rule.code] = _severity(level, where, f"{key}.{rule_key}")
    return decoded


def _kinds(value: Any, where: str, key: str) -> Tuple[Tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"'{key}' must be a table of glob = kind", where)
    for glob, kind in value.items():
        if kind not in KINDS:
            raise ConfigError(
                f"'{key}.\"{glob}\"' must be one of {', '.join(KINDS)}, not {kind!r}", where
            )
    return tuple(value.items())


def _rule_options(value: Any, registry: Registry, where: str, key: str) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"'{key}' must be a table of rule tables", where)
    decoded: Dict[str, Any] = {}
    for rule_key, options in value.items():
        rule = registry.get(rule_key)
        if rule is None:
            raise ConfigError(
                f"'{key}.{rule_key}' names no known rule{_rule_hint(rule_key, registry)}", where
            )
        if rule.code in decoded:
            raise ConfigError(f"'{key}.{rule_key}': {rule.code} is configured twice", where)
        decoded[rule.code] = decode_options(rule, options, where, f"{key}.{rule_key}")
    return decoded


def _rule_hint(name: str, registry: Registry) -> str:
    rules = tuple(registry.headings())
    return did_you_mean(name, [rule.code for rule in rules] + [rule.name for rule in rules])


def decode_options(rule: Type[Rule], table: Any, where: str, key: str) -> Any:
    """Build ``rule.Options`` from a TOML table, checking every key and type."""
    if not isinstance(table, dict):
        raise ConfigError(f"'{key}' must be a table of options", where)
    hints = typing.get_type_hints(rule.Options)
    fields = {option_key(option.name): option for option in dataclasses.fields(rule.Options)}
    values = {}
    for name, value in table.items():
        option = fields.get(name)
        if option is None:
            known = ", ".join(sorted(fields)) or "none"
            hint = did_you_mean(name, fields)
            raise ConfigError(f"unknown option '{key}.{name}'{hint} (options: {known})", where)
        values[option.name] = _decode_value(value, hints[option.name], where, f"{key}.{name}")
        # A rule declares the least value that makes sense (a limit of no words, or of
        # fewer than none, would flag every message): ``field(metadata={"min": 1})``.
        least = option.metadata.get("min")
        if least is not None and values[option.name] < least:
            raise ConfigError(f"'{key}.{name}' must be at least {least}, not {value}", where)
    try:
        return rule.Options(**values)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"'{key}': {error}", where) from error


def _decode_value(value: Any, hint: Any, where: str, key: str) -> Any:
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"'{key}' must be true or false", where)
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"'{key}' must be a whole number", where)
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"'{key}' must be a number", where)
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"'{key}' must be a string", where)
        return value
    if origin is tuple and arguments[-1:] == (Ellipsis,):
        item_hint = arguments[0]
        if typing.get_origin(item_hint) is tuple:
            # A table of text -> text, kept as ordered pairs so options stay hashable.
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                raise ConfigError(f'\'{key}\' must be a table of "text" = "text"', where)
            return tuple(value.items())
        if not isinstance(value, list):
            raise ConfigError(f"'{key}' must be a list", where)
        return tuple(_decode_value(item, item_hint, where, key) for item in value)
    raise ConfigError(f"'{key}' has a type chatlint cannot read ({hint})", where)  # plugin bug
