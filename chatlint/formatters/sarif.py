"""``--output-format sarif``: SARIF 2.1.0, for code-scanning dashboards."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, Dict, List, Sequence

from chatlint import __version__
from chatlint.formatters import located
from chatlint.position import Placer
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.violation import Finding, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _region(index: Placer, start: int, end: int) -> Dict[str, int]:
    line, column = index.location(start)
    end_line, end_column = index.location(end)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _uri(path: str) -> str:
    return PurePath(path).as_posix()


def _rule(code: str, registry: Registry) -> Dict[str, Any]:
    rule = registry.rules.get(code)
    if rule is None:
        return {"id": code}
    doc = rule.documentation()
    help_text = "\n\n".join(body for _, body in doc.sections)
    markdown = "\n\n".join(f"## {title}\n\n{body}" for title, body in doc.sections)
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": doc.section("What it does") or rule.summary},
        "help": {"text": help_text or rule.summary, "markdown": markdown or rule.summary},
        "defaultConfiguration": {"level": _LEVEL[rule.severity], "enabled": rule.on_by_default()},
        "properties": {"fixable": rule.can_fix()},
    }


def _result(finding: Finding, index: Placer, rule_index: int) -> Dict[str, Any]:
    message = finding.message + (f" ({finding.suggestion})" if finding.suggestion else "")
    result: Dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path)},
                    "region": _region(index, finding.span.start, finding.span.end),
                }
            }
        ],
    }
    if finding.context:
        result["properties"] = {"context": finding.context}
    if finding.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": finding.fix.title},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(finding.path)},
                        "replacements": [
                            {
                                "deletedRegion": _region(index, edit.span.start, edit.span.end),
                                "insertedContent": {"text": edit.replacement},
                            }
                            for edit in finding.fix.edits
                        ],
                    }
                ],
            }
        ]
    return result


def render(results: Sequence[FileResult], registry: Registry) -> str:
    items = list(located(results))
    codes = sorted({finding.code for finding, _ in items})
    rule_index = {code: position for position, code in enumerate(codes)}
    sarif_results: List[Dict[str, Any]] = [
        _result(finding, index, rule_index[finding.code]) for finding, index in items
    ]
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "chatlint",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/chatlint/",
                        "rules": [_rule(code, registry) for code in codes],
                    }
                },
                # chatlint counts columns in code points, not SARIF's default UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_statistics(results: Sequence[FileResult], registry: Registry) -> str:
    return render(results, registry)
