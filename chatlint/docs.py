"""Rule documentation, rendered from rule modules for ``chatlint rule`` and the README."""

from __future__ import annotations

from typing import Any, Dict, List, Type

from chatlint.registry import Registry
from chatlint.rule import Rule, option_documentation


def rule_to_dict(rule: Type[Rule]) -> Dict[str, Any]:
    doc = rule.documentation()
    bad, good = doc.examples()
    return {
        "code": rule.code,
        "name": rule.name,
        "summary": rule.summary,
        "default_enabled": rule.default_enabled,
        "severity": rule.severity.label,
        "fixable": rule.can_fix(),
        "fix_title": rule.fix_title,
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
        f"Default: {'on' if rule.default_enabled else 'off'}. Severity: {rule.severity.label}. "
        f"Fix: {rule.fix_title if rule.can_fix() else 'none'}."
    )
    for title, body in doc.sections:
        lines += ["", f"## {title}", "", body]
    options = option_documentation(rule)
    if options:
        lines += ["", "## Options", ""]
        lines.append(f"Set in config under [rules.{rule.name}] (in pyproject.toml: [tool.chatlint.rules.{rule.name}]).")
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
        return "{ " + ", ".join(f'"{k}" = {_toml(v)}' for k, v in list(value.items())[:3]) + (", ... }" if len(value) > 3 else " }")
    return str(value)


def rules_table_text(registry: Registry) -> str:
    rows = [("CODE", "NAME", "DEFAULT", "FIX", "SUMMARY")]
    for rule in registry:
        rows.append(
            (
                rule.code,
                rule.name,
                "on" if rule.default_enabled else "off",
                "yes" if rule.can_fix() else "-",
                rule.summary,
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths)) + "  " + row[4] + "\n"
        for row in rows
    )


def rules_table_markdown(registry: Registry) -> str:
    """The README's rule table, generated so it cannot drift from the code."""
    lines = ["| Code | Name | What it flags | Default | Fix |", "|---|---|---|---|---|"]
    for rule in registry:
        lines.append(
            f"| {rule.code} | `{rule.name}` | {rule.summary} | "
            f"{'on' if rule.default_enabled else 'off'} | {'yes' if rule.can_fix() else '-'} |"
        )
    return "\n".join(lines) + "\n"
