"""Rule documentation, rendered from rule modules for ``chatlint rule`` and the README."""

from __future__ import annotations

import os
import sys
from typing import Any, Dict, List, Mapping, Optional, Type

from chatlint.registry import Registry
from chatlint.rule import Rule, option_documentation

#: A rule package may ship this file beside its modules: each rule's measured precision,
#: by code (``[CL101] precision = 0.95``, ``judged``, ``sample``, ``date``).
MEASUREMENTS_FILE = "measurements.toml"


def measurement(rule: Type[Rule]) -> Optional[Mapping[str, Any]]:
    """How precise ``rule`` was measured to be, from its package's measurements file."""
    package = sys.modules.get(rule.__module__.rpartition(".")[0])
    where = getattr(package, "__file__", None)
    if not where:
        return None
    path = os.path.join(os.path.dirname(where), MEASUREMENTS_FILE)
    if not os.path.exists(path):
        return None
    from chatlint.toml_files import rule_data

    return rule_data(path).get(rule.code)


def default_text(rule: Type[Rule]) -> str:
    """ "on", "off", or "preview" (off unless preview mode or selected by code)."""
    if rule.preview:
        return "preview"
    return "on" if rule.on_by_default() else "off"


def precision_text(rule: Type[Rule]) -> str:
    measured = measurement(rule)
    if not measured:
        return "-"
    return f"{measured['precision']:.2f} ({measured['right']}/{measured['judged']})"


def rule_to_dict(rule: Type[Rule]) -> Dict[str, Any]:
    doc = rule.documentation()
    bad, good = doc.examples()
    return {
        "code": rule.code,
        "name": rule.name,
        "summary": rule.summary,
        "default_enabled": rule.on_by_default(),
        "status": rule.status(),
        "measurement": dict(measurement(rule) or {}) or None,
        "severity": rule.severity.label,
        "fixable": rule.can_fix(),
        "fix_title": rule.fix_title,
        "fix_safety": rule.fix_safety if rule.can_fix() else None,
        "sections": {title: body for title, body in doc.sections},
        "example": bad,
        "use_instead": good,
        "options": [
            {"key": key, "description": description, "default": _jsonable(default)}
            for key, (description, default) in option_documentation(rule).items()
        ],
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        if value and all(isinstance(item, tuple) and len(item) == 2 for item in value):
            return dict(value)
        return list(value)
    return value


def rule_to_text(rule: Type[Rule]) -> str:
    doc = rule.documentation()
    lines: List[str] = [f"{rule.code} {rule.name}", "", rule.summary, ""]
    lines.append(
        f"Status: {rule.status()}. Default: {default_text(rule)}. Severity: {rule.severity.label}. "
        f"Fix: {f'{rule.fix_title} ({rule.fix_safety})' if rule.can_fix() else 'none'}."
    )
    if rule.preview:
        lines.append(
            "Preview rules run with --preview (or preview = true), or when selected by "
            f"code: --extend-select {rule.code}."
        )
    measured = measurement(rule)
    if measured:
        lines.append(
            f"Measured precision: {measured['precision']:.2f} ({measured['right']} of "
            f"{measured['judged']} findings "
            f"judged right; {measured['sample']}; {measured['date']})."
        )
    for title, body in doc.sections:
        lines += ["", f"## {title}", "", body]
    options = option_documentation(rule)
    if options:
        lines += ["", "## Options", ""]
        lines.append(
            f"Set in config under [rules.{rule.name}] (in pyproject.toml: "
            f"[tool.chatlint.rules.{rule.name}])."
        )
        for key, (description, default) in options.items():
            lines.append(f"- {key} (default: {_toml(default)}): {description}")
    return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    value = _jsonable(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        if len(value) > 4:
            return "[" + ", ".join(_toml(item) for item in value[:4]) + ", ...]"
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(f'"{k}" = {_toml(v)}' for k, v in list(value.items())[:3])
            + (", ... }" if len(value) > 3 else " }")
        )
    return str(value)


def rules_table_text(registry: Registry) -> str:
    rows = [("CODE", "NAME", "DEFAULT", "PRECISION", "FIX", "SUMMARY")]
    for rule in registry:
        rows.append(
            (
                rule.code,
                rule.name,
                default_text(rule),
                precision_text(rule),
                rule.fix_safety if rule.can_fix() else "-",
                rule.summary,
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:5], widths)) + "  " + row[5] + "\n"
        for row in rows
    )


def rules_table_markdown(registry: Registry) -> str:
    """The README's rule table, generated so it cannot drift from the code."""
    lines = [
        "| Code | Name | What it flags | Default | Precision | Fix |",
        "|---|---|---|---|---|---|",
    ]
    for rule in registry:
        lines.append(
            f"| {rule.code} | `{rule.name}` | {rule.summary} | "
            f"{default_text(rule)} | {precision_text(rule)} | "
            f"{rule.fix_safety if rule.can_fix() else '-'} |"
        )
    return "\n".join(lines) + "\n"
