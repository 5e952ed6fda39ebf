"""What a run does with one file, and which files it lints, as plain text a QA lead can
read: ``chatlint check --show-settings FILE`` and ``--show-files``."""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Iterable, List

from chatlint.rule import option_key
from chatlint.run_config import RunConfig
from chatlint.sources import PLAIN_TEXT, Format, format_for


def describe(config: RunConfig, path: str, forced: "Format | None" = None) -> str:
    """The settings ``path`` is linted with, and where they come from."""
    settings = config.settings
    file_format = forced or format_for(path) or PLAIN_TEXT
    file_config = config.for_file(path, file_format)
    registry = config.registry
    source = settings.source
    lines = [
        f"Settings for {path}",
        f"  config file:       {_shown(source) if source else 'none (built-in defaults)'}",
        f"  project root:      {_shown(config.root)}",
        f"  read as:           {file_format.name}, kind {file_config.read_options.kind}",
        "  rules that run:",
        *(
            f"    {code} {registry.rules[code].name} "
            f"({settings.severities.get(code, registry.rules[code].severity).label})"
            for code in sorted(file_config.codes)
        ),
        f"  fails the run at:  {settings.fail_on.label} and above",
        f"  preview rules:     {'on' if settings.preview else 'off (selected ones only)'}",
        f"  exclude:           {_listed(settings.exclude + settings.extend_exclude)}",
        "  include:           "
        + _listed(settings.include + settings.extend_include, "every file of a known type"),
        f"  respect .gitignore: {'yes' if settings.respect_gitignore else 'no'}",
        f"  baseline:          {_shown(settings.baseline) if settings.baseline else 'none'}",
    ]
    if file_format.name in ("yaml", "json"):
        options = file_config.read_options
        lines.append(f"  message keys:      {_listed(options.message_keys)}")
    if file_format.line_records:
        lines.append(f"  roles:             {_listed(file_config.read_options.roles)}")
    for spec in settings.declared_rules:
        lines.append(f"  team rule {spec.code} from {_shown(spec.source)}")
    for code, options in sorted(settings.rule_options.items()):
        if code not in file_config.codes:
            continue
        for field in dataclasses.fields(options):
            value = getattr(options, field.name)
            if value != field.default and value != _factory_default(field):
                lines.append(
                    f"  rules.{registry.rules[code].name}.{option_key(field.name)} = "
                    + _toml(value)
                )
    return "\n".join(lines) + "\n"


def file_list(displays: Iterable[str]) -> str:
    """One file a run would lint per line."""
    shown: List[str] = list(displays)
    return "".join(display + "\n" for display in shown)


def _toml(value: object) -> str:
    """An option's value as it would be written in the config file."""
    if isinstance(value, (tuple, list)):
        if value and all(isinstance(item, tuple) and len(item) == 2 for item in value):
            pairs = ", ".join(f"{_toml(key)} = {_toml(item)}" for key, item in value)
            return "{ " + pairs + " }"
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _factory_default(field: "dataclasses.Field[object]") -> object:
    factory = field.default_factory
    return factory() if factory is not dataclasses.MISSING else dataclasses.MISSING


def _listed(items: Iterable[str], empty: str = "none") -> str:
    items = list(items)
    return ", ".join(items) if items else empty


def _shown(path: "os.PathLike[str] | str") -> str:
    """A path relative to the working directory when it is below it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith(os.pardir) else relative
